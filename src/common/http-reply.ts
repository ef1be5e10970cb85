/**
 * Answers on Express's response or Fastify's reply alike, so the plugin's routes work
 * unchanged on either adapter (and its error filter without dependency injection).
 */

interface ExpressResponse {
  status(code: number): ExpressResponse;
  setHeader(name: string, value: string | string[]): unknown;
  getHeader(name: string): unknown;
  send(body: unknown): unknown;
  json(body: unknown): unknown;
  end(): unknown;
}

interface FastifyReply {
  raw: object;
  code(code: number): FastifyReply;
  header(name: string, value: string | string[]): FastifyReply;
  getHeader(name: string): unknown;
  send(body?: unknown): unknown;
}

export type AnyResponse = ExpressResponse | FastifyReply;

function isFastify(response: AnyResponse): response is FastifyReply {
  return typeof (response as FastifyReply).code === 'function' && typeof (response as FastifyReply).raw === 'object';
}

export function setHeader(response: AnyResponse, name: string, value: string): void {
  if (isFastify(response)) response.header(name, value);
  else response.setHeader(name, value);
}

/** Adds a Set-Cookie line beside any already set. */
export function addCookie(response: AnyResponse, cookie: string): void {
  const earlier = response.getHeader('set-cookie');
  const all = [...(earlier === undefined ? [] : [earlier].flat().map(String)), cookie];
  if (isFastify(response)) response.header('set-cookie', all);
  else response.setHeader('set-cookie', all);
}

/** A JSON body, a text body with its content type, or none. */
export function reply(response: AnyResponse, status: number, body?: unknown, contentType?: string): void {
  if (contentType) setHeader(response, 'content-type', contentType);
  if (isFastify(response)) {
    response.code(status).send(body);
    return;
  }
  const answer = response.status(status);
  if (body === undefined) answer.end();
  else if (contentType) answer.send(body);
  else answer.json(body);
}

export function redirect(response: AnyResponse, status: number, location: string): void {
  setHeader(response, 'location', location);
  reply(response, status);
}
