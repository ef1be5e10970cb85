import { api } from '../../api.js';
import { formatAmount, formatNumber } from '../../format.js';
import { useLoad } from '../../hooks.js';
import { locale } from '../../i18n/index.js';
import { useCan } from '../../session.js';
import type { AccountType } from './types.js';

/**
 * The tenant's account types, for naming the account a rule feeds or limits and for
 * reading its amounts in the right unit. Reading them needs accounts.read; without it
 * the pages show the codes and plain numbers.
 */
export function useAccountTypes(): AccountType[] {
  const can = useCan();
  const readable = can('accounts.read');
  const types = useLoad(() => (readable ? api<AccountType[]>('GET', 'account-types') : Promise.resolve([])), [readable]);
  return types.data ?? [];
}

export function accountName(types: AccountType[], code: string): string {
  return types.find((type) => type.code === code)?.name ?? code;
}

/** An amount of an account type in its unit: points as a number, money in its currency. */
export function accountAmount(types: AccountType[], code: string, amount: number): string {
  const unit = types.find((type) => type.code === code)?.unit;
  return unit ? formatAmount(amount, unit, locale()) : formatNumber(amount, locale());
}
