import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

/**
 * The page lives beside the sources: sandbox/public from sandbox/pos; from a build
 * (dist/sandbox, or a benchmark's own build folder) the nearest sandbox/public up the tree.
 */
function waiterPage(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    for (const candidate of [join(dir, 'public', 'index.html'), join(dir, 'sandbox', 'public', 'index.html')]) {
      if (existsSync(candidate)) return readFileSync(candidate, 'utf8');
    }
  }
  throw new Error('the sandbox page (sandbox/public/index.html) was not found');
}

/** A plate with a fork and knife: the café's icon in the browser's tab. */
const ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="15" fill="#2563eb"/><circle cx="16" cy="16" r="9" fill="none" stroke="#fff" stroke-width="2"/><path d="M6 7v7M8 7v18M10 7v7M24 7c-3 2-3 8 0 9v9" stroke="#fff" stroke-width="1.6" fill="none" stroke-linecap="round"/></svg>`;

/** The waiter page and its icon, served the same on Express and Fastify (no static-files package needed). */
@ApiExcludeController()
@Controller()
export class PageController {
  private readonly page = waiterPage();

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  index(): string {
    return this.page;
  }

  /** Browsers ask for /favicon.ico whatever the page links; both names answer the same icon. */
  @Get(['favicon.ico', 'favicon.svg'])
  @Header('content-type', 'image/svg+xml')
  @Header('cache-control', 'public, max-age=86400')
  icon(): string {
    return ICON;
  }
}
