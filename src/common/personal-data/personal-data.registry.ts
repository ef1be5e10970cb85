import { Injectable } from '@nestjs/common';

/**
 * A module that keeps personal values about customers. Erasure, export and the tenant
 * purge ask every holder, so a module added later cannot be forgotten by them: it
 * registers here when it starts.
 */
export interface PersonalDataHolder {
  /** The section name in a customer's export. */
  readonly name: string;
  /** Everything the module stores about the customer, for the export document. */
  export(tenantId: string, customerId: string): Promise<unknown>;
  /**
   * Values other records may name the customer by (a card's id and number), asked before
   * erasure so that copies of them elsewhere (stored idempotent answers) are found too.
   */
  traces?(tenantId: string, customerId: string): Promise<string[]>;
  /** Removes the customer's personal values, keeping what must stay (money, visits) by id only. */
  erase(tenantId: string, customerId: string): Promise<number>;
  /** The same for every customer of the tenant; answers how many rows it changed. */
  purge(tenantId: string): Promise<number>;
}

@Injectable()
export class PersonalDataRegistry {
  private readonly holders: PersonalDataHolder[] = [];

  register(holder: PersonalDataHolder): void {
    if (!this.holders.some((known) => known.name === holder.name)) this.holders.push(holder);
  }

  all(): readonly PersonalDataHolder[] {
    return this.holders;
  }
}
