/**
 * What a module keeps about customers, as erasure, export and the tenant purge ask it
 * (flows/privacy lists every module that holds one, by name).
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
