import fc from 'fast-check';
import request from 'supertest';
import type { TestPlugin } from '../support/plugin.js';
import { shortened, type FuzzFigures } from './fuzz-harness.js';

/**
 * The operations routes (/health/live, /health/ready, /metrics) are outside the OpenAPI
 * document — an orchestrator and a scraper call them, not a host — so the document-driven
 * requests never reach them. These are drawn for them alone: any method, their path bent
 * (trailing parts, dot segments, escapes, a very long one), odd query strings and headers,
 * a body where none belongs. Unsigned, as a probe is.
 */
export interface OperationsRequest {
  method: 'get' | 'head' | 'post' | 'put' | 'patch' | 'delete' | 'options';
  route: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: string | undefined;
}

export const OPERATIONS_ROUTES = ['/health/live', '/health/ready', '/metrics'];

const SUFFIXES = ['', '', '', '/', '/..', '/../metrics', '%00', '%2e%2e', '/x', '//', '.json', ';a=b', `/${'x'.repeat(4000)}`, 'x'.repeat(8000)];
const QUERIES = ['', '', 'verbose=true', 'format=json', 'a=%ZZ', 'a[b][c]=1', '__proto__[x]=1', `q=${'y'.repeat(6000)}`, '&&&=', 'name[]=1&name[]=2'];
const HEADER_SETS: Record<string, string>[] = [
  {},
  { accept: 'application/json' },
  { accept: 'application/openmetrics-text; version=1.0.0' },
  { accept: '*/*;q=abc' },
  { 'content-type': 'application/json' },
  { 'content-type': 'text/plain; charset=nope' },
  { 'x-forwarded-for': '1.1.1.1, ' + '2.2.2.2, '.repeat(200) },
  { 'x-regulars-actor': '{"tenantId":"brand-1"' },
  { 'accept-encoding': 'gzip, br, zstd, unknown' },
  { 'if-none-match': '*', range: 'bytes=0-1' },
  { 'x-long': 'z'.repeat(20_000) },
];

export function operationsRequests(): fc.Arbitrary<OperationsRequest> {
  return fc.gen().map((g) => {
    const route = g(fc.constantFrom, ...OPERATIONS_ROUTES);
    const method = g(fc.constantFrom, 'get', 'get', 'get', 'head', 'post', 'put', 'patch', 'delete', 'options') as OperationsRequest['method'];
    const headers = g(fc.constantFrom, ...HEADER_SETS);
    const body = method === 'get' || method === 'head' || !g(fc.boolean) ? undefined : g(fc.constantFrom, '{}', '{"status":"down"', 'x'.repeat(50_000), '[]');
    return { method, route, path: route + g(fc.constantFrom, ...SUFFIXES), query: g(fc.constantFrom, ...QUERIES), headers, body };
  });
}

/**
 * No 5xx; a GET of a route's own path (whatever the query and headers) answers it as usual:
 * live 200, ready 200 or 503 in terminus' body, metrics in Prometheus text.
 */
export async function checkOperationsRequest(plugin: TestPlugin, fuzz: OperationsRequest, figures: FuzzFigures): Promise<void> {
  let call = request(plugin.app.getHttpServer())[fuzz.method](fuzz.query ? `${fuzz.path}?${fuzz.query}` : fuzz.path).set(fuzz.headers);
  if (fuzz.body !== undefined) call = call.send(fuzz.body);
  const response = await call;
  figures.requests += 1;
  const statusClass = `${String(response.status)[0]}xx`;
  figures.byStatus[statusClass] = (figures.byStatus[statusClass] ?? 0) + 1;
  if (response.status >= 500) {
    throw new Error(`answered ${response.status}: ${JSON.stringify(response.body).slice(0, 2000)}`);
  }
  if (fuzz.method !== 'get' || fuzz.path !== fuzz.route || response.status === 431) return;
  // A conditional GET of the same body: Express answers it from the ETag, as it would any route.
  if (response.status === 304 && 'if-none-match' in fuzz.headers) return;
  if (fuzz.route === '/metrics') {
    if (response.status !== 200 || !response.text.includes('# TYPE regulars_')) throw new Error(`metrics answered ${response.status} without the plugin's metrics`);
  } else if (response.status !== 200 || response.body?.status !== 'ok') {
    throw new Error(`${fuzz.route} answered ${response.status}: ${JSON.stringify(response.body).slice(0, 500)}`);
  }
}

export async function fuzzOperations(plugin: TestPlugin, run: { runs: number; seed: number }): Promise<FuzzFigures> {
  const figures: FuzzFigures = { requests: 0, byStatus: {} };
  const requests = operationsRequests().map((fuzzRequest) => Object.assign(fuzzRequest, { [fc.toStringMethod]: () => `\n${JSON.stringify(fuzzRequest, shortened, 2)}` }));
  await fc.assert(
    fc.asyncProperty(requests, (fuzzRequest) => checkOperationsRequest(plugin, fuzzRequest, figures)),
    { numRuns: run.runs, seed: run.seed, endOnFailure: true },
  );
  return figures;
}
