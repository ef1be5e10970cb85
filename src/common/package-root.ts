import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The plugin's package folder: the nearest one up from `from` with our package.json,
 * whether the code runs from the sources, from `dist` or from a host's node_modules.
 */
export function packageRoot(from: string): string | null {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === '@regulars/plugin') return dir;
  }
  return null;
}
