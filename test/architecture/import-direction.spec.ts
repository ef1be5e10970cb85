import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Every import points down: contract and common (configuration included) at the bottom; the domain modules,
 * which import each other only one way; the flows, which cross modules; the transports
 * (HTTP routes that cross modules, the event-emitter bridge); the plugin's assembly (the
 * root module, the public API, the database wiring); the command line on top. README
 * "Architecture" says the same for people.
 */

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

const LAYERS = ['bottom', 'modules', 'flows', 'transports', 'assembly', 'cli'] as const;

/** The folder an import belongs to (a node of the graph) and its layer. */
function placeOf(file: string): { node: string; layer: number } {
  const [top, second] = relative(SRC, file).split('/');
  if (top === 'common' || top === 'contract') return { node: top, layer: 0 };
  if (top === 'modules') return { node: `modules/${second}`, layer: 1 };
  if (top === 'flows') return { node: `flows/${second}`, layer: 2 };
  if (top === 'transports') return { node: 'transports', layer: 3 };
  if (top === 'cli') return { node: 'cli', layer: 5 };
  if (!second) return { node: 'assembly', layer: 4 };
  throw new Error(`src/${top}: a folder no layer names; add it to test/architecture/import-direction.spec.ts and README "Architecture"`);
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

interface Arrow {
  from: string;
  to: string;
  file: string;
  target: string;
}

function arrows(): Arrow[] {
  return sources(SRC).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].flatMap(([, specifier]) => {
      const target = normalize(join(dirname(file), specifier));
      if (!target.startsWith(SRC)) return [];
      const from = placeOf(file).node;
      const to = placeOf(target).node;
      return from === to ? [] : [{ from, to, file: relative(SRC, file), target: relative(SRC, target) }];
    }),
  );
}

/** The folders in a cycle, if the graph has one. */
function cycleIn(edges: Arrow[]): string[] | null {
  const next = new Map<string, Set<string>>();
  for (const { from, to } of edges) next.set(from, (next.get(from) ?? new Set()).add(to));
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === 'done') return null;
    if (state.get(node) === 'open') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'open');
    path.push(node);
    for (const to of next.get(node) ?? []) {
      const cycle = visit(to);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of next.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

describe('the import graph of src/', () => {
  const graph = arrows();

  it('sees the layers it checks', () => {
    const nodes = new Set(graph.flatMap(({ from, to }) => [from, to]));
    for (const node of ['contract', 'common', 'modules/accounts', 'flows/guest-tab', 'flows/evaluation', 'transports', 'assembly', 'cli']) expect(nodes.has(node)).toBe(true);
    expect(graph.length).toBeGreaterThan(300);
  });

  it('has no import pointing up a layer', () => {
    const upward = graph
      .filter(({ file, target }) => placeOf(join(SRC, target)).layer > placeOf(join(SRC, file)).layer)
      .map(({ file, target }) => `${file} (${LAYERS[placeOf(join(SRC, file)).layer]}) imports ${target} (${LAYERS[placeOf(join(SRC, target)).layer]})`);
    expect(upward).toEqual([]);
  });

  it('has modules importing each other one way only, and flows too', () => {
    expect(cycleIn(graph.filter(({ from, to }) => from.startsWith('modules/') && to.startsWith('modules/')))).toBeNull();
    expect(cycleIn(graph.filter(({ from, to }) => from.startsWith('flows/') && to.startsWith('flows/')))).toBeNull();
    expect(cycleIn(graph.filter(({ from, to }) => placeOf(join(SRC, from)).layer === 0 && placeOf(join(SRC, to)).layer === 0))).toBeNull();
  });

  it('registers no domain step at start-up: flows call their steps by name', () => {
    // Scheduled jobs are the one registry: each is an entry point the scheduler and `regulars job <name>` start by name.
    // (class-validator's registerDecorator makes a validation decorator; it registers no step.)
    const registering = sources(SRC).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/(\w+)\.register\w*\(|\bregister[A-Z]\w*\(/g)]
        .filter(([call, receiver]) => receiver !== 'jobs' && call !== 'registerDecorator(')
        .map(([call]) => `${relative(SRC, file)}: ${call}`),
    );
    expect(registering).toEqual([]);
  });

  it('finds a cycle and an upward import when there is one', () => {
    expect(cycleIn([{ from: 'modules/a', to: 'modules/b', file: '', target: '' }, { from: 'modules/b', to: 'modules/a', file: '', target: '' }])).toEqual(['modules/a', 'modules/b', 'modules/a']);
    expect(placeOf(join(SRC, 'modules/accounts/x.ts')).layer).toBeLessThan(placeOf(join(SRC, 'flows/guest-tab/x.ts')).layer);
  });
});
