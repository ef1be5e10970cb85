import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One built file of the pages, kept in memory: the bundle is small and served often. */
export interface UiAsset {
  body: Buffer;
  contentType: string;
  /** A short hash of the content, for cache-busting URLs and ETags. */
  version: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/**
 * `npm run build` writes the pages to `ui/` beside the compiled `src/` (`dist/ui`). From
 * the sources (tests) that is the package's own `dist/ui`: the nearest folder up with our
 * package.json.
 */
export function builtPagesDir(from = dirname(fileURLToPath(import.meta.url))): string | null {
  const beside = join(from, '..', '..', '..', 'ui');
  if (existsSync(join(beside, 'app.js'))) return beside;
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === '@regulars/plugin') {
      const pages = join(dir, 'dist', 'ui');
      return existsSync(join(pages, 'app.js')) ? pages : null;
    }
  }
  return null;
}

/** Every built file by name, or null when the pages were not built. */
export function loadUiAssets(dir = builtPagesDir()): Map<string, UiAsset> | null {
  if (!dir) return null;
  const assets = new Map<string, UiAsset>();
  for (const name of readdirSync(dir)) {
    const contentType = CONTENT_TYPES[extname(name)];
    if (!contentType) continue;
    const body = readFileSync(join(dir, name));
    assets.set(name, { body, contentType, version: createHash('sha256').update(body).digest('hex').slice(0, 12) });
  }
  return assets;
}
