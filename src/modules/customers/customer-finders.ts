import { Injectable } from '@nestjs/common';

/** Finds customer ids for a search text in data another module owns (identifier values). */
export type CustomerFinder = (tenantId: string, text: string) => Promise<string[]>;

/**
 * Search reaches into other modules' data without the customers module depending on
 * them: a module that can recognise customers by something registers a finder here.
 */
@Injectable()
export class CustomerFinders {
  private readonly finders: CustomerFinder[] = [];

  register(finder: CustomerFinder): void {
    this.finders.push(finder);
  }

  async find(tenantId: string, text: string): Promise<string[]> {
    const found = await Promise.all(this.finders.map((finder) => finder(tenantId, text)));
    return [...new Set(found.flat())];
  }
}
