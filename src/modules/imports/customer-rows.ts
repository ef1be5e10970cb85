import { IDENTIFIER_TYPES, type IdentifierType } from '../../contract/contract-values.js';
import { MAX_AMOUNT } from '../../common/validation/limits.js';

/**
 * A restaurant's existing regulars, one row per customer, as another system exports them:
 * which column holds what (a mapping), and each row read into what the plugin keeps, or
 * refused with its line and why. Pure, so every rule of a row reads in one place.
 */

/** The customer's fields a column may hold. */
export const CUSTOMER_COLUMNS = ['externalId', 'firstName', 'lastName', 'organisationName', 'phone', 'email', 'birthDate', 'marketingConsent', 'cardType', 'cardNumber', 'cardStatus', 'tier', 'categories'] as const;
export type CustomerColumn = (typeof CUSTOMER_COLUMNS)[number];

/** The statuses a card may come with: active, or one a till refuses. */
export const IMPORTED_CARD_STATUSES = ['active', 'blocked', 'lost'] as const;
export type ImportedCardStatus = (typeof IMPORTED_CARD_STATUSES)[number];

/**
 * Which column of the file holds each field, and each account type's balance (and its
 * expiry): a column per account type, or (`balanceRows`) a row per balance naming its type.
 */
export interface ColumnMapping {
  columns: Partial<Record<CustomerColumn, string>>;
  balances: { accountType: string; column: string; expiresColumn?: string }[];
  balanceRows?: { typeColumn: string; amountColumn: string; expiresColumn?: string };
}

/**
 * What a file holds: customers one per row, or, in files of their own, customers' cards or
 * balances (one per row, naming the customer by their external id: they are imported first).
 */
export const IMPORT_KINDS = ['customers', 'cards', 'balances'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** Each kind's layout as the plugin names its columns. */
export const KIND_PRESETS: Record<Exclude<ImportKind, 'customers'>, ColumnMapping> = {
  cards: { columns: { externalId: 'external_id', cardType: 'card_type', cardNumber: 'card_number', cardStatus: 'card_status' }, balances: [] },
  balances: { columns: { externalId: 'external_id' }, balances: [], balanceRows: { typeColumn: 'account_type', amountColumn: 'balance', expiresColumn: 'expires' } },
};

/**
 * The layouts a restaurant brings most: the plugin's own export (what `export` writes, so a
 * file round-trips), and a plain spreadsheet a manager keeps by hand. Balances are mapped per
 * tenant, as account types are the tenant's.
 */
export const MAPPING_PRESETS: Record<string, ColumnMapping['columns']> = {
  regulars: {
    externalId: 'external_id',
    firstName: 'first_name',
    lastName: 'last_name',
    organisationName: 'organisation_name',
    phone: 'phone',
    email: 'email',
    birthDate: 'birth_date',
    marketingConsent: 'marketing_consent',
    cardType: 'card_type',
    cardNumber: 'card_number',
    cardStatus: 'card_status',
    tier: 'tier',
    categories: 'categories',
  },
  spreadsheet: {
    externalId: 'ID',
    firstName: 'First name',
    lastName: 'Last name',
    organisationName: 'Company',
    phone: 'Phone',
    email: 'E-mail',
    birthDate: 'Birthday',
    marketingConsent: 'Newsletter',
    cardNumber: 'Card',
    tier: 'Level',
    categories: 'Groups',
  },
};

/** The mapping of a kind of file: a cards or balances file's own, or a preset's columns with the balances given. */
export function mappingFor(kind: ImportKind, preset: string, balances: ColumnMapping['balances']): ColumnMapping | null {
  if (kind !== 'customers') return KIND_PRESETS[kind];
  const columns = MAPPING_PRESETS[preset];
  return columns ? { columns, balances } : null;
}

/** A row as the plugin keeps it; amounts in the account type's minor units. */
export interface ImportedCustomer {
  line: number;
  externalId: string;
  firstName: string | null;
  lastName: string | null;
  organisationName: string | null;
  phone: string | null;
  email: string | null;
  birthDate: string | null;
  marketingConsent: boolean | null;
  card: { type: IdentifierType; value: string; status: ImportedCardStatus } | null;
  tier: string | null;
  categories: string[];
  balances: { accountType: string; amount: number; expiresAt: Date | null }[];
}

export type RowReading = { row: ImportedCustomer } | { line: number; problems: string[] };

const YES = new Set(['1', 'yes', 'y', 'true', 'ja', 'да', 'có', 'x']);
const NO = new Set(['0', 'no', 'n', 'false', 'nej', 'нет', 'không', '']);

/**
 * A balance as people write it — `125.50`, `125,50`, `1 250` — in minor units of `digits`
 * fraction digits, exactly (no float ever holds it); null when it is not one.
 */
export function minorUnits(text: string, digits: number): number | null {
  const clean = text.replace(/[\s\u00a0']/g, '');
  const match = /^(-?)(\d+)(?:[.,](\d+))?$/.exec(clean);
  if (!match) return null;
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > digits) return null;
  const value = Number(whole + fraction.padEnd(digits, '0'));
  if (!Number.isSafeInteger(value) || value > MAX_AMOUNT) return null;
  return sign ? -value : value;
}

/**
 * Reads one row; `digitsOf` says how many fraction digits each account type's amounts have
 * (undefined: no such type). A row of a cards or balances file needs no name.
 */
export function readCustomerRow(record: Record<string, string | undefined>, line: number, mapping: ColumnMapping, digitsOf: (accountType: string) => number | undefined, kind: ImportKind = 'customers'): RowReading {
  const problems: string[] = [];
  const cell = (column: CustomerColumn): string | null => {
    const header = mapping.columns[column];
    const value = header === undefined ? undefined : record[header]?.trim();
    return value ? value : null;
  };
  const bounded = (column: CustomerColumn, max: number): string | null => {
    const value = cell(column);
    if (value !== null && value.length > max) problems.push(`${mapping.columns[column]}: at most ${max} characters`);
    return value;
  };
  const externalId = bounded('externalId', 128);
  if (!externalId) problems.push(`${mapping.columns.externalId ?? 'externalId'}: every row needs the customer's id in the system it comes from`);
  const firstName = bounded('firstName', 100);
  const lastName = bounded('lastName', 100);
  const organisationName = bounded('organisationName', 200);
  if (kind === 'customers' && !firstName && !lastName && !organisationName) problems.push(`${mapping.columns.firstName ?? 'firstName'}: a customer needs a name, or a company's`);
  const phone = bounded('phone', 32);
  const email = bounded('email', 254);
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) problems.push(`${mapping.columns.email}: ${email} is not an e-mail address`);
  const birthDate = cell('birthDate');
  if (birthDate && (!/^\d{4}-\d{2}-\d{2}$/.test(birthDate) || Number.isNaN(Date.parse(`${birthDate}T00:00:00Z`)))) problems.push(`${mapping.columns.birthDate}: ${birthDate} is not a date (YYYY-MM-DD)`);
  const consent = cell('marketingConsent');
  const marketingConsent = consent === null ? null : YES.has(consent.toLowerCase()) ? true : NO.has(consent.toLowerCase()) ? false : undefined;
  if (marketingConsent === undefined) problems.push(`${mapping.columns.marketingConsent}: ${consent} is neither yes nor no`);

  let card: ImportedCustomer['card'] = null;
  const cardNumber = bounded('cardNumber', 128);
  if (cardNumber) {
    const type = (cell('cardType') ?? 'barcode_card') as IdentifierType;
    const status = (cell('cardStatus')?.toLowerCase() ?? 'active') as ImportedCardStatus;
    if (!(IDENTIFIER_TYPES as readonly string[]).includes(type) || type === 'phone') problems.push(`${mapping.columns.cardType}: ${type} is not a card type (${IDENTIFIER_TYPES.filter((t) => t !== 'phone').join(', ')})`);
    if (!(IMPORTED_CARD_STATUSES as readonly string[]).includes(status)) problems.push(`${mapping.columns.cardStatus}: ${status} is not ${IMPORTED_CARD_STATUSES.join(', ')}`);
    card = { type, value: cardNumber, status };
  }
  const categories = (cell('categories') ?? '')
    .split(/[;,|]/)
    .map((code) => code.trim())
    .filter(Boolean);

  const balances: ImportedCustomer['balances'] = [];
  const given = mapping.balanceRows
    ? [{ accountType: record[mapping.balanceRows.typeColumn]?.trim() ?? '', column: mapping.balanceRows.amountColumn, expiresColumn: mapping.balanceRows.expiresColumn }]
    : mapping.balances;
  for (const { accountType, column, expiresColumn } of given) {
    const text = record[column]?.trim();
    if (!text) continue;
    const digits = digitsOf(accountType);
    if (digits === undefined) {
      problems.push(`${mapping.balanceRows?.typeColumn ?? column}: there is no account type ${accountType}`);
      continue;
    }
    const amount = minorUnits(text, digits);
    if (amount === null || amount < 0) {
      problems.push(`${column}: ${text} is not a balance of ${accountType} (a number ≥ 0 with at most ${digits} decimals, up to ${MAX_AMOUNT})`);
      continue;
    }
    const expires = expiresColumn ? record[expiresColumn]?.trim() : undefined;
    const expiresAt = expires ? new Date(/^\d{4}-\d{2}-\d{2}$/.test(expires) ? `${expires}T23:59:59Z` : expires) : null;
    if (expiresAt && Number.isNaN(expiresAt.getTime())) problems.push(`${expiresColumn}: ${expires} is not a date`);
    balances.push({ accountType, amount, expiresAt });
  }
  if (problems.length > 0) return { line, problems };
  return {
    row: { line, externalId: externalId!, firstName, lastName, organisationName, phone, email, birthDate, marketingConsent: marketingConsent ?? null, card, tier: cell('tier'), categories, balances },
  };
}
