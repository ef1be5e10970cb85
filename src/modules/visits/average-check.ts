import { mulDivHalfUp } from '../sales-rules/engine/amounts.js';

/** spent / visits rounded half up, in integer arithmetic; 0 before any visit. */
export function averageCheck(spent: number, visits: number): number {
  return visits === 0 ? 0 : mulDivHalfUp(spent, 1, visits);
}
