import { MAX_JSON_DEPTH } from './limits.js';

/** Keys that name an object's prototype machinery; class-transformer skips them silently, so they are refused outright. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * What is wrong with a parsed JSON value before any DTO sees it: nesting deeper than
 * MAX_JSON_DEPTH (class-transformer recurses once per level and overflows the stack on
 * thousands), strings that are not valid Unicode (a lone surrogate, which MySQL would
 * store as something else than was sent) or hold a NUL, and prototype keys. Stops at the
 * first few problems; the walk never descends past the depth limit.
 */
export function jsonShapeProblems(value: unknown, root = 'body', within = ''): string[] {
  const problems: string[] = [];
  // Fields are named as validation names them ("tab.orders[0].id"); the root only by itself.
  const visit = (node: unknown, path: string, depth: number): void => {
    if (problems.length >= 10) return;
    if (typeof node === 'string') {
      const problem = stringProblem(node);
      if (problem) problems.push(`${path || root}: ${problem}`);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    if (depth >= MAX_JSON_DEPTH) {
      problems.push(`${path || root}: nests deeper than ${MAX_JSON_DEPTH} levels`);
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, `${path || root}[${i}]`, depth + 1));
      return;
    }
    for (const key of Object.keys(node)) {
      const at = path ? `${path}.${key}` : key;
      const keyProblem = FORBIDDEN_KEYS.has(key) ? 'is not an allowed field' : stringProblem(key);
      if (keyProblem) problems.push(`${at}: ${keyProblem === 'is not an allowed field' ? keyProblem : `its name ${keyProblem}`}`);
      else visit((node as Record<string, unknown>)[key], at, depth + 1);
    }
  };
  visit(value, within, 0);
  return problems;
}

function stringProblem(text: string): string | null {
  if (!text.isWellFormed()) return 'is not valid Unicode (it holds a lone surrogate)';
  if (text.includes('\u0000')) return 'must not contain a NUL character';
  return null;
}
