import fc from 'fast-check';

/** An OpenAPI schema object, as @nestjs/swagger writes them. */
export interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  oneOf?: Schema[];
  allOf?: Schema[];
  nullable?: boolean;
  example?: unknown;
  minimum?: number;
  maximum?: number;
  format?: string;
}

export type Draw = fc.GeneratorValue;

/** Ids the seeded restaurant really has, by kind, so generated requests reach real rows too. */
export type Pools = Record<string, string[]>;

/** Strings a body field named so is likely to hold: a real id of that kind. */
const POOL_OF_FIELD: Record<string, string> = {
  customerId: 'customers',
  ownerCustomerId: 'customers',
  organisationId: 'customers',
  accountId: 'accounts',
  toAccountId: 'accounts',
  tabId: 'tabs',
  holdId: 'holds',
  rewardId: 'rewards',
  categoryCode: 'categoryCodes',
  accountTypeCode: 'accountTypeCodes',
  tierCode: 'tierCodes',
  value: 'cards',
};

/** Numbers at and past every edge the plugin documents, and the ones that broke it once. */
const EDGE_NUMBERS = [0, -1, 1, 0.5, 2.5e-3, 999, 10_000, 2_147_483_647, 1e12, 1e12 + 1, 1e15, 1e15 + 1, 2 ** 53 - 1, 2 ** 53, 9007199254741, 1e21, 1e300, -1e300];

/** Strings that once broke something: invalid Unicode, NUL, control characters, SQL and HTML, huge ones. */
const EDGE_STRINGS = ['', ' ', '\ud800', 'x\udfffy', 'tab\u0000id', '\u0007\u001b[31m', "' OR 1=1 --", '%_\\', '<script>alert(1)</script>', 'ü漢字🙂', '../../etc/passwd', '__proto__', 'constructor'];

export function resolve(doc: { components?: { schemas?: Record<string, Schema> } }, schema: Schema): Schema {
  let current = schema;
  while (current.$ref) current = doc.components!.schemas![current.$ref.split('/').pop()!];
  return current;
}

/**
 * A value of the schema's shape, mostly well-formed: examples, enum members, real ids for
 * fields that name one, numbers within or at the edge of their bounds.
 */
export function valueFor(g: Draw, doc: object, schema: Schema, pools: Pools, field = '', depth = 0): unknown {
  const s = resolve(doc as never, schema);
  if (s.nullable && g(fc.integer, { min: 0, max: 9 }) === 0) return null;
  if (s.oneOf && s.oneOf.length > 0) return valueFor(g, doc, s.oneOf[g(fc.nat, s.oneOf.length - 1)], pools, field, depth);
  if (s.allOf && !s.properties && !s.type) return valueFor(g, doc, s.allOf[0], pools, field, depth);
  if (s.allOf && s.type === 'object' && !s.properties) return valueFor(g, doc, s.allOf[0], pools, field, depth);
  if (s.enum && s.enum.length > 0) return s.enum[g(fc.nat, s.enum.length - 1)];
  if (s.example !== undefined && g(fc.boolean)) return s.example;
  switch (s.type) {
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(s.properties ?? {})) {
        if ((s.required ?? []).includes(name) || (depth < 4 && g(fc.boolean))) value[name] = valueFor(g, doc, property, pools, name, depth + 1);
      }
      return value;
    }
    case 'array': {
      const length = depth > 3 ? 0 : g(fc.integer, { min: 0, max: 3 });
      return Array.from({ length }, () => valueFor(g, doc, s.items ?? {}, pools, field, depth + 1));
    }
    case 'integer':
    case 'number':
      return g(() => fc.oneof(fc.integer({ min: s.minimum ?? 0, max: Math.min(s.maximum ?? 100_000, 1e9) }), fc.constantFrom(...EDGE_NUMBERS)));
    case 'boolean':
      return g(fc.boolean);
    case 'string': {
      const pool = pools[POOL_OF_FIELD[field] ?? ''];
      if (pool?.length && g(fc.integer, { min: 0, max: 3 }) > 0) return pool[g(fc.nat, pool.length - 1)];
      if (s.format === 'date-time' || /At$|From$|To$/.test(field)) return g(fc.constantFrom, '2026-11-22T18:00:00Z', '2026-12-01', 'yesterday', '2026-02-30T25:61:00Z');
      return g(() => fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...EDGE_STRINGS)));
    }
    default:
      return g(fc.constantFrom, 'x', 1, true, null, {}, []);
  }
}

/** Everything a careless or hostile client can do to a well-formed value, at one place in it. */
export function mutate(g: Draw, value: unknown): unknown {
  const copy = structuredClone(value);
  const spots = placesIn(copy);
  const [holder, key] = spots[g(fc.nat, spots.length - 1)];
  const hostile = g(fc.constantFrom, ...HOSTILE);
  if (holder === null) return hostile(g, copy);
  if (hostile === remove) {
    if (Array.isArray(holder)) holder.splice(Number(key), 1);
    else delete holder[key];
  } else {
    (holder as Record<string, unknown>)[key] = hostile(g, (holder as Record<string, unknown>)[key]);
  }
  return copy;
}

type Hostile = (g: Draw, current: unknown) => unknown;

const remove: Hostile = () => undefined;

/** What replaces a value: a wrong type, an edge number, a bad string, depth, size, a prototype key. */
const HOSTILE: Hostile[] = [
  remove,
  (g) => g(fc.constantFrom, null, true, 'a string', [], {}, [[]], 42),
  (g) => g(fc.constantFrom, ...EDGE_NUMBERS),
  (g) => g(fc.constantFrom, ...EDGE_STRINGS),
  (g) => 'x'.repeat(g(fc.constantFrom, 256, 5000, 200_000)),
  (g) => {
    const depth = g(fc.constantFrom, 33, 40, 3000);
    return JSON.parse('['.repeat(depth) + ']'.repeat(depth));
  },
  (_, current) => ({ ...(isObject(current) ? current : {}), unexpectedField: 1 }),
  (_, current) => JSON.parse(`{"__proto__": {"admin": true}, "constructor": {"prototype": 1}, "x": ${JSON.stringify(current ?? null)}}`),
  (g, current) => (Array.isArray(current) ? Array.from({ length: g(fc.constantFrom, 501, 1001) }, () => current[0] ?? 1) : [current]),
];

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Every place a value sits (its holder and key), the root included (holder null). */
function placesIn(root: unknown): [Record<string, unknown> | unknown[] | null, string][] {
  const places: [Record<string, unknown> | unknown[] | null, string][] = [[null, '']];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach((item, i) => (places.push([node, String(i)]), walk(item)));
    else if (isObject(node)) for (const [key, item] of Object.entries(node)) places.push([node, key]), walk(item);
  };
  walk(root);
  return places;
}
