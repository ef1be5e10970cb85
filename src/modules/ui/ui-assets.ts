import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { packageRoot } from '../../common/package-root.js';
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
};

/**
 * `npm run build` writes the pages to `ui/` beside the compiled `src/` (`dist/ui`). From
 * the sources (tests) that is the package's own `dist/ui`: the nearest folder up with our
 * package.json.
 */
export function builtPagesDir(from = dirname(fileURLToPath(import.meta.url))): string | null {
  const beside = join(from, '..', '..', '..', 'ui');
  if (existsSync(join(beside, 'app.js'))) return beside;
  const root = packageRoot(from);
  const pages = root && join(root, 'dist', 'ui');
  return pages && existsSync(join(pages, 'app.js')) ? pages : null;
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
