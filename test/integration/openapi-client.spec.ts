import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { regularsOpenApiDocument } from '../../src/index.js';
import { REFUSAL_SCHEMA } from '../../src/openapi.js';
import { startPlugin, type TestPlugin } from '../support/plugin.js';

/**
 * Vendors generate their clients from the OpenAPI document. This generates one as they do
 * (openapi-typescript) and type-checks a host's calls of every route against it
 * (openapi-client/host-calls.ts): a request field the document does not name, an answer
 * field it leaves out, a refusal without its body, all fail to compile.
 */
const HOST_CALLS = fileURLToPath(new URL('./openapi-client/host-calls.ts', import.meta.url));
const SRC = fileURLToPath(new URL('../../src', import.meta.url));
const REFUSAL_REF = `#/components/schemas/${REFUSAL_SCHEMA}`;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface Schema {
  $ref?: string;
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
}

interface Response {
  content?: Record<string, { schema?: Schema }>;
}

interface Operation {
  parameters?: { in: string; name: string; required?: boolean }[];
  requestBody?: object;
  responses: Record<string, Response>;
}

interface Document {
  paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
  components: { schemas: Record<string, Schema> };
}

const operationsOf = (document: Document) =>
  Object.entries(document.paths).flatMap(([path, item]) => METHODS.flatMap((method) => (item[method] ? [{ key: `${method.toUpperCase()} ${path}`, operation: item[method]! }] : [])));

/** What a schema points at, through `$ref` and the single-member `allOf` Nest writes for a nullable reference. */
function resolved(document: Document, schema: Schema): Schema {
  if (schema.$ref) return resolved(document, document.components.schemas[schema.$ref.split('/').pop()!]);
  if (schema.allOf?.length === 1) return resolved(document, schema.allOf[0]);
  return schema;
}

/** Every class declared under a directory, by name, with the files declaring it. */
function classesUnder(directory: string, found = new Map<string, string[]>()): Map<string, string[]> {
  for (const name of readdirSync(directory)) {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) classesUnder(path, found);
    else if (path.endsWith('.ts')) {
      for (const [, className] of readFileSync(path, 'utf8').matchAll(/^(?:export )?(?:abstract )?class (\w+)/gm)) found.set(className, [...(found.get(className) ?? []), path]);
    }
  }
  return found;
}

describe('the OpenAPI document, as a vendor generates a client from it', () => {
  let plugin: TestPlugin;
  let document: Document;
  let workspace: string;

  beforeAll(async () => {
    plugin = await startPlugin('sqlite');
    document = regularsOpenApiDocument(plugin.app) as unknown as Document;
    workspace = mkdtempSync(join(tmpdir(), 'regulars-client-'));
  });
  afterAll(async () => {
    rmSync(workspace, { recursive: true, force: true });
    await plugin.close();
  });

  it('types a host’s calls of every terminal, hook and management route, without one error', async () => {
    // openapi-typescript's defaults, as a vendor would run it.
    const types = astToString(await openapiTS(document as never));
    writeFileSync(join(workspace, 'regulars-api.ts'), types);
    writeFileSync(join(workspace, 'package.json'), '{ "type": "module" }');
    copyFileSync(HOST_CALLS, join(workspace, 'host-calls.ts'));
    const program = ts.createProgram([join(workspace, 'host-calls.ts')], {
      strict: true,
      noEmit: true,
      noUnusedLocals: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: [],
    });
    const diagnostics = ts.getPreEmitDiagnostics(program);
    const host = { getCanonicalFileName: (name: string) => name, getCurrentDirectory: () => workspace, getNewLine: () => '\n' };
    expect(ts.formatDiagnostics(diagnostics, host)).toBe('');
  }, 120_000);

  it('leaves a field the plugin fills in optional for a generated client: its fallback in words, not as a default', () => {
    const schemas = Object.entries(document.components.schemas as Record<string, { properties?: Record<string, { default?: unknown; description?: string }> }>);
    const withDefault = schemas.flatMap(([name, schema]) => Object.entries(schema.properties ?? {}).filter(([, property]) => 'default' in property).map(([field]) => `${name}.${field}`));
    expect(withDefault).toEqual([]);
    expect(schemas.some(([, schema]) => Object.values(schema.properties ?? {}).some((property) => property.description?.includes('Left out: ')))).toBe(true);
  });

  it('has the host call every operation of the document', () => {
    const calls = [...readFileSync(HOST_CALLS, 'utf8').matchAll(/\.call\(\s*'(get|put|post|delete|patch)',\s*'([^']+)'/g)].map(([, method, path]) => `${method.toUpperCase()} ${path}`);
    const operations = operationsOf(document).map(({ key }) => key);
    expect(operations.length).toBeGreaterThan(50);
    expect(operations.filter((key) => !calls.includes(key))).toEqual([]);
    expect([...new Set(calls)].filter((key) => !operations.includes(key))).toEqual([]);
  });

  it('documents the body of every success, and none for a 204', () => {
    const missing = operationsOf(document).flatMap(({ key, operation }) => {
      const successes = Object.keys(operation.responses).filter((status) => status.startsWith('2'));
      if (successes.length !== 1) return [`${key}: successes ${successes.join(', ') || 'none'}`];
      const [status] = successes;
      const content = operation.responses[status].content;
      const schema = content?.['application/json']?.schema ?? content?.['text/csv']?.schema;
      if (status === '204') return schema ? [`${key}: a 204 with a body`] : [];
      return schema ? [] : [`${key}: ${status} without a body schema`];
    });
    expect(missing).toEqual([]);
  });

  it('documents every refusal a route can answer, each with the error schema', () => {
    const refusal = document.components.schemas[REFUSAL_SCHEMA];
    expect(refusal.required).toEqual(expect.arrayContaining(['statusCode', 'error', 'code', 'message']));
    const problems = operationsOf(document).flatMap(({ key, operation }) => {
      const statuses = Object.keys(operation.responses);
      const parameter = (place: string, name?: string) => (operation.parameters ?? []).find((candidate) => candidate.in === place && (name === undefined || candidate.name === name));
      const expected = [
        '401',
        '503',
        ...(parameter('header', 'X-Regulars-Signature') ? ['400'] : []),
        ...(parameter('header', 'X-Regulars-Actor') ? ['403'] : []),
        ...(parameter('path') ? ['404'] : []),
        ...(parameter('header', 'Idempotency-Key') ? ['410', '422'] : []),
        ...(parameter('header', 'Idempotency-Key')?.required ? ['428'] : []),
        ...(operation.requestBody ? ['413'] : []),
      ];
      const undocumented = expected.filter((status) => !statuses.includes(status)).map((status) => `${key}: no ${status}`);
      const bodiless = statuses
        .filter((status) => Number(status) >= 300 && operation.responses[status].content?.['application/json']?.schema?.$ref !== REFUSAL_REF)
        .map((status) => `${key}: ${status} without ${REFUSAL_SCHEMA}`);
      return [...undocumented, ...bodiless];
    });
    expect(problems).toEqual([]);
  });

  it('presents the guest’s identifier as the till reads it, not as the back office stores it', () => {
    for (const holder of ['TabCustomerDto', 'IdentifyDto']) {
      const presented = resolved(document, document.components.schemas[holder].properties!.identifier);
      expect({ holder, properties: Object.keys(presented.properties ?? {}).sort(), required: [...(presented.required ?? [])].sort() }).toEqual({
        holder,
        properties: ['entryMethod', 'type', 'value'],
        required: ['entryMethod', 'type', 'value'],
      });
    }
    expect(Object.keys(resolved(document, document.components.schemas.IdentifierDto).properties ?? {})).toEqual(expect.arrayContaining(['id', 'status', 'createdAt']));
  });

  it('names each schema after one class only, since a second class of the same name would replace the first', () => {
    const classes = classesUnder(SRC);
    const shared = Object.keys(document.components.schemas).filter((name) => (classes.get(name)?.length ?? 0) > 1);
    expect(shared.map((name) => `${name}: ${classes.get(name)!.join(', ')}`)).toEqual([]);
  });
});
