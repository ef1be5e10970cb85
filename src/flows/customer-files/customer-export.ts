import { Inject, Injectable } from '@nestjs/common';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import { minorDigits } from '../../common/money.js';
import { AccountsService } from '../../modules/accounts/accounts.service.js';
import { ContactsService } from '../../modules/customers/contacts.service.js';
import { CustomersService } from '../../modules/customers/customers.service.js';
import { IdentifiersService } from '../../modules/identification/identifiers.service.js';
import { MAPPING_PRESETS } from '../../modules/imports/customer-rows.js';
import { PromotionCategoriesService } from '../../modules/promotion-categories/promotion-categories.service.js';
import { TiersService } from '../../modules/tiers/tiers.service.js';
import { DailyUsage } from '../../modules/usage/daily-usage.service.js';

/** How many customers are read at once: a page of keyset reads, whatever the tenant's size. */
const PAGE = 500;

/** An amount in minor units as the file writes it: `12.50`, `250`. */
export function decimalOf(amount: number, digits: number): string {
  if (digits === 0) return String(amount);
  const sign = amount < 0 ? '-' : '';
  const text = String(Math.abs(amount)).padStart(digits + 1, '0');
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/**
 * A restaurant that leaves takes its regulars with it: every active customer, one row each,
 * in the layout `import` reads (the `regulars` preset, a column per account type), so the
 * file goes into another plugin — or back into this one, changing nothing.
 */
@Injectable()
export class CustomerExport {
  constructor(
    private readonly customers: CustomersService,
    private readonly contacts: ContactsService,
    private readonly identifiers: IdentifiersService,
    private readonly categories: PromotionCategoriesService,
    private readonly tiers: TiersService,
    private readonly accounts: AccountsService,
    private readonly usage: DailyUsage,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  /** The header, then one row per customer, a page of reads at a time. */
  async *rows(tenantId: string, accountTypes: string[]): AsyncIterable<string[]> {
    const columns = MAPPING_PRESETS.regulars;
    yield [columns.externalId!, columns.firstName!, columns.lastName!, columns.organisationName!, columns.phone!, columns.email!, columns.birthDate!, columns.marketingConsent!, columns.cardType!, columns.cardNumber!, columns.cardStatus!, columns.tier!, columns.categories!, ...accountTypes];
    const tierCodes = new Map((await this.tiers.list(tenantId)).map((tier) => [tier.id, tier.code]));
    const digits = new Map<string, number>();
    for (const code of accountTypes) {
      const type = await this.accounts.typeByCode(tenantId, code);
      digits.set(code, type.unit === 'points' ? 0 : minorDigits(type.unit));
    }
    const day = this.usage.dayOf(this.config.clock.now());
    for (let after: string | undefined; ; ) {
      const page = await this.customers.activePage(tenantId, after, PAGE);
      if (page.length === 0) return;
      const ids = page.map((customer) => customer.id);
      const [contacts, cards, categories, accounts] = await Promise.all([
        this.contacts.forCustomers(tenantId, ids),
        this.identifiers.activeOfCustomers(tenantId, ids),
        this.categories.personalCodesOfMany(tenantId, ids, day),
        this.accounts.ofHolders(tenantId, ids.map((id) => ({ type: 'customer' as const, id }))),
      ]);
      for (const customer of page) {
        const own = contacts.get(customer.id) ?? [];
        const phone = own.find((contact) => contact.type !== 'email' && contact.type !== 'messenger' && contact.type !== 'social');
        const email = own.find((contact) => contact.type === 'email');
        const card = cards.find((identifier) => identifier.customerId === customer.id && identifier.type !== 'phone');
        const balances = accountTypes.map((code) => {
          const account = accounts.find((candidate) => candidate.holder.id === customer.id && candidate.accountType.code === code);
          return account ? decimalOf(account.total, digits.get(code)!) : '';
        });
        yield [
          customer.externalId ?? customer.id,
          customer.firstName ?? '',
          customer.lastName ?? '',
          customer.organisationName ?? '',
          phone?.value ?? '',
          email?.value ?? '',
          customer.birthDate ?? '',
          customer.marketingConsent ? 'yes' : 'no',
          card?.type ?? '',
          card?.value ?? '',
          card ? 'active' : '',
          customer.tierId ? (tierCodes.get(customer.tierId) ?? '') : '',
          (categories.get(customer.id) ?? []).join(';'),
          ...balances,
        ];
      }
      after = page[page.length - 1].id;
    }
  }
}
