import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { ERROR_CODES } from '../../src/common/errors/error-codes.js';

/**
 * Hosts branch on a refusal's `code`, so each one must be answered with the one status the
 * catalogue gives it, be documented in CONTRACT.md, and be findable by searching the
 * sources for it: a code put together at run time (`identifier_${status}`) is neither.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SRC = join(ROOT, 'src');
const CATALOGUE = join(SRC, 'common/errors/error-codes.ts');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') && path !== CATALOGUE ? [path] : [];
  });
}

/** CONTRACT.md's "Refusal codes" table: each code with its status as written. */
function contractTable(): Map<string, string> {
  const contract = readFileSync(join(ROOT, 'CONTRACT.md'), 'utf8');
  const [, section = ''] = contract.split(/^## Refusal codes$/m);
  const [table] = section.split(/^## /m);
  return new Map([...table.matchAll(/^\| `([a-z_]+)` \| ([^|]+?) \|/gm)].map(([, code, status]) => [code, status]));
}

interface Construction {
  where: string;
  code: ts.Expression;
  args: number;
}

/** Every `new RegularsError(…)` of the sources, and every code written out in full as one. */
function scan(): { constructions: Construction[]; written: Set<string> } {
  const constructions: Construction[] = [];
  const written = new Set<string>();
  const literalsIn = (node: ts.Node): void => {
    if (ts.isStringLiteral(node)) written.add(node.text);
    ts.forEachChild(node, literalsIn);
  };
  for (const file of sources(SRC)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isNewExpression(node) && node.expression.getText(source) === 'RegularsError' && node.arguments?.length) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
        constructions.push({ where: `${relative(ROOT, file)}:${line + 1}`, code: node.arguments[0], args: node.arguments.length });
        literalsIn(node.arguments[0]);
      }
      // A code chosen from a map (a hold's status, a framework's status) is written out in it, checked to be an ErrorCode.
      if (ts.isSatisfiesExpression(node) && /\bErrorCode\b/.test(node.type.getText(source))) literalsIn(node.expression);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { constructions, written };
}

describe('error codes', () => {
  const { constructions, written } = scan();

  it('finds the constructions it checks', () => {
    expect(constructions.length).toBeGreaterThan(50);
  });

  it('lists every code of the catalogue in CONTRACT.md with its status, and no other', () => {
    const expected = new Map(Object.entries(ERROR_CODES).map(([code, { status }]) => [code, status === null ? 'as thrown' : String(status)]));
    expect(Object.fromEntries(contractTable())).toEqual(Object.fromEntries(expected));
  });

  it('throws codes written out whole, never put together at run time', () => {
    const assembled = constructions.filter(({ code }) => ts.isTemplateExpression(code) || ts.isBinaryExpression(code));
    expect(assembled.map(({ where, code }) => `${where}: ${code.getText()}`)).toEqual([]);
  });

  it('throws only codes of the catalogue', () => {
    const unknown = constructions.filter(({ code }) => ts.isStringLiteral(code) && !(code.text in ERROR_CODES));
    expect(unknown.map(({ where, code }) => `${where}: ${code.getText()}`)).toEqual([]);
  });

  it('answers every code of the catalogue somewhere', () => {
    expect(Object.keys(ERROR_CODES).filter((code) => !written.has(code))).toEqual([]);
  });

  it('lets only the framework’s refusals keep a status of their own', () => {
    const withStatus = constructions.filter(({ args }) => args > 3).map(({ where }) => where.replace(/:\d+$/, ''));
    expect(withStatus).toEqual(['src/common/errors/refusals.ts']);
  });
});
