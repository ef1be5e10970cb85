/** A package the host installs only for an option that needs it: a broker's client, nodemailer, ioredis. */
export async function optionalPackage<T>(name: string, option: string): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch {
    throw new Error(`the option ${option} needs the ${name} package in the host: npm install ${name}`);
  }
}
