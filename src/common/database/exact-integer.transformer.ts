import type { ValueTransformer } from 'typeorm';
import { toExactIntegerOrNull } from '../money.js';

/**
 * mysql2 answers BIGINT as a string (or as a number rounded past 2^53, depending on
 * driver flags); every BIGINT column of the plugin reads back through this transformer
 * so money and counters are exact integers on both engines.
 */
export const exactInteger: ValueTransformer = {
  to: (value: unknown) => value,
  from: (value: unknown) => toExactIntegerOrNull(value, 'BIGINT column'),
};
