import { api } from '../../api';
import { formatAmount, formatNumber } from '../../format';
import { useLoad } from '../../hooks';
import { locale } from '../../i18n';
import { useCan } from '../../session';
import type { AccountType } from './types';

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
