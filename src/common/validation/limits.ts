/**
 * The documented maxima of every number the plugin takes (CONTRACT.md, "Maxima"). They sit
 * well inside exact integers (2^53 ≈ 9.007 × 10^15), so no sum, product or balance the
 * plugin computes from accepted input can lose a unit: an amount is at most 10^12 and so
 * is a whole tab; the engine accrues at most 1,000 points per unit (MAX_ACCRUAL_FACTOR in
 * its amounts.ts), so a tab earns at most 10^15; a balance or running total never passes 10^15.
 */

/** Any one amount in minor units (a line, a payment, a credit, a hold, a price, a limit), and a tab's whole total. */
export const MAX_AMOUNT = 1_000_000_000_000;

/** An account's total or held balance, either way, and a customer's running totals. */
export const MAX_BALANCE = 1_000_000_000_000_000;

/** A line's quantity (1,000,000 units, or kilograms to the gram). */
export const MAX_QUANTITY = 1_000_000;

/** How deep a JSON body may nest: a tab is four levels, a sales rule five. */
export const MAX_JSON_DEPTH = 32;
