export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** One thing an event changed: a ledger entry, a visit, a tier move, the tab record. */
export interface EventEffect {
  kind: string;
  id: string;
  [detail: string]: JsonValue;
}
