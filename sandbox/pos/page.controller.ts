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

/** The waiter page, served the same on Express and Fastify (no static-files package needed). */
@ApiExcludeController()
@Controller()
export class PageController {
  private readonly page = waiterPage();

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  index(): string {
    return this.page;
  }
}
