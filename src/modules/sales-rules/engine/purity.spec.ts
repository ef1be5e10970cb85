import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ENGINE_DIR = fileURLToPath(new URL('.', import.meta.url));
const sources = readdirSync(ENGINE_DIR)
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
  .map((file) => ({ file, text: readFileSync(`${ENGINE_DIR}/${file}`, 'utf8') }));

describe('the sales-rules engine stays pure', () => {
  it('imports nothing but its own files: no Nest, no TypeORM, no I/O', () => {
    const imports = sources.flatMap(({ file, text }) =>
      [...text.matchAll(/from '([^']+)'/g)].map((match) => match[1]).filter((path) => !path.startsWith('./')).map((path) => `${file} → ${path}`),
    );
    expect(imports).toEqual([]);
  });

  it('never reads the clock: time is an input', () => {
    const clockReads = sources.filter(({ text }) => /Date\.now\(|new Date\(\)|performance\.now\(/.test(text)).map(({ file }) => file);
    expect(clockReads).toEqual([]);
  });
});
