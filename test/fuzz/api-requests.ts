import fc from 'fast-check';
import { mutate, resolve, valueFor, type Pools, type Schema } from './schema-values.js';

interface Parameter {
  in: string;
  name: string;
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  body: Schema | null;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
  components?: { schemas?: Record<string, Schema> };
}

/** One generated request: everything needed to send it again, printed when it fails. */
export interface FuzzRequest {
  method: string;
  /** The operation, as the OpenAPI document names it. */
  route: string;
  path: string;
  query: Record<string, string>;
  /** The X-Regulars-Actor header as JSON (signed with the body); null for a host event, which carries its tenant in the body. */
  actor: unknown;
  idempotencyKey: string | null;
  /** The body as sent: JSON text, or undefined for none. */
  body: string | undefined;
}

/** Which kind of id a path parameter takes, from the segment before it. */
const POOL_OF_SEGMENT: Record<string, string> = {
  customers: 'customers',
  members: 'customers',
  accounts: 'accounts',
  identifiers: 'identifiers',
  'sales-rules': 'rules',
  'promotion-categories': 'categories',
  memberships: 'memberships',
  'account-types': 'accountTypes',
  rewards: 'rewards',
  tiers: 'tiers',
  'card-batches': 'batches',
  jobs: 'jobs',
  'guest-tabs': 'tabs',
  'bonus-holds': 'holds',
  'gift-cards': 'giftCards',
  locations: 'locations',
  contacts: 'contacts',
  categories: 'assignments',
  webhooks: 'webhooks',
  deliveries: 'deliveries',
  reports: 'reports',
};

export function operationsOf(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      parameters: operation.parameters ?? [],
      body: operation.requestBody?.content?.['application/json']?.schema ?? null,
    })),
  );
}

/**
 * Requests for every operation of the document: real ids or odd strings in the path, query
 * parameters of their types or not, a body of the operation's schema mutated at one place
 * (or left well-formed, or none at all), under a fully permitted actor, a narrower one,
 * another tenant's, or one whose header is itself hostile. Every one is signed correctly.
 */
export function requestsFor(doc: OpenApiDocument, pools: Pools, tenants: { own: string; other: string }): fc.Arbitrary<FuzzRequest> {
  const operations = operationsOf(doc);
  return fc.gen().map((g) => {
    const operation = operations[g(fc.nat, operations.length - 1)];
    const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const segment = operation.path.split('/').at(operation.path.split('/').indexOf(`{${name}}`) - 1) ?? '';
      const pool = pools[POOL_OF_SEGMENT[segment] ?? ''] ?? [];
      const value = pool.length > 0 && g(fc.integer, { min: 0, max: 4 }) > 0 ? pool[g(fc.nat, pool.length - 1)] : g(fc.constantFrom, 'nope', 'c_0', '..', ' ', 'x'.repeat(300), '%', '1e309', '__proto__');
      return encodeURIComponent(value);
    });
    const query: Record<string, string> = {};
    for (const parameter of operation.parameters.filter((p) => p.in === 'query')) {
      if (!g(fc.boolean)) continue;
      const value = g(fc.boolean) ? valueFor(g, doc, parameter.schema ?? {}, pools, parameter.name) : g(fc.constantFrom, '-1', '1e400', 'abc', '', '99999999999', '%ZZ', 'true');
      query[parameter.name] = typeof value === 'string' ? value : JSON.stringify(value);
    }
    let body: string | undefined;
    if (operation.body) {
      const wellFormed = valueFor(g, doc, resolve(doc, operation.body), pools);
      const shape = g(fc.integer, { min: 0, max: 9 });
      const value = shape < 3 ? wellFormed : shape < 9 ? mutate(g, wellFormed) : undefined;
      body = value === undefined ? undefined : JSON.stringify(value);
    } else if (operation.method !== 'GET' && g(fc.integer, { min: 0, max: 5 }) === 0) {
      body = JSON.stringify(g(fc.constantFrom, { unexpected: true }, [], 'text', 12));
    }
    const isEvent = operation.path === '/hooks/guest-tab';
    return {
      method: operation.method,
      route: `${operation.method} ${operation.path}`,
      path,
      query,
      actor: isEvent ? null : actorFor(g, pools, tenants),
      idempotencyKey: g(fc.constantFrom, null, null, `fuzz-${g(fc.nat)}`, 'x'.repeat(201), 'cl\u00e9', ''),
      body,
    };
  });
}

function actorFor(g: fc.GeneratorValue, pools: Pools, tenants: { own: string; other: string }): unknown {
  const everything = pools.permissions;
  const actor: Record<string, unknown> = {
    tenantId: g(fc.integer, { min: 0, max: 9 }) === 0 ? tenants.other : tenants.own,
    id: g(fc.constantFrom, 'fuzz-manager', 'fuzz-waiter'),
    name: 'Fuzz',
    permissions: g(fc.integer, { min: 0, max: 5 }) === 0 ? g(fc.subarray, everything) : everything,
    terminalId: `pos-fuzz-${g(fc.nat, 400)}`,
    requestId: `fuzz-${g(fc.nat)}`,
  };
  return g(fc.integer, { min: 0, max: 14 }) === 0 ? mutate(g, actor) : actor;
}
