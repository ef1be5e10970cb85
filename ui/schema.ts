import type { components } from './api-types.js';

/** A shape the API answers or takes, by its name in the OpenAPI document (`CustomerDto`). */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

/**
 * The values of one of the API's vocabularies, in the order a page offers them. Listed as
 * keys, so a value the API adds or drops fails to compile here instead of missing from a form.
 */
export const valuesOf = <V extends string>(values: Record<V, true>) => Object.keys(values) as V[];
