import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { localDate } from '../../common/calendar.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import { decodeCursor, pageOf } from '../../common/pagination.js';
import type { RequestActor } from '../../common/security/request-actor.js';
import { validateInput, validationFailed } from '../../common/validation/validation.js';
import { AccountsService } from '../../modules/accounts/accounts.service.js';
import type { AccountDto } from '../../modules/accounts/dto/account.dto.js';
import { PHONE_CONTACT_TYPES } from '../../modules/customers/contact-normaliser.js';
import { ContactsService } from '../../modules/customers/contacts.service.js';
import { displayName } from '../../modules/customers/customer-presenter.js';
import { CustomersService } from '../../modules/customers/customers.service.js';
import type { Customer } from '../../modules/customers/entities/customer.entity.js';
import { IdentifiersService } from '../../modules/identification/identifiers.service.js';
import { MembershipsService } from '../../modules/memberships/memberships.service.js';
import { OfflinePackKeys, type PackSigner } from '../../modules/offline/offline-pack-keys.service.js';
import { PromotionCategoriesService } from '../../modules/promotion-categories/promotion-categories.service.js';
import { RewardsService } from '../../modules/rewards/rewards.service.js';
import { RuleBooks } from '../../modules/sales-rules/rule-books.service.js';
import { SettingsService } from '../../modules/settings/settings.service.js';
import { TiersService } from '../../modules/tiers/tiers.service.js';
import { OfflinePackQueryDto, type OfflineAccountDto, type OfflineGuestDto, type OfflinePackDto, type SignedOfflinePack } from './offline-pack.dto.js';

const GUESTS_PER_PAGE = 1_000;

/**
 * What a till needs to serve regulars while it cannot reach the plugin, one page of guests
 * at a time: the rule book and settings to price tabs with the published engine, the tiers
 * and rewards, and per active guest their identifiers as salted hashes (never a card
 * number or a phone), their personal categories in effect today, their tier and, per
 * account, what they may spend offline. Signed with the tenant's Ed25519 key over the
 * exact bytes sent, so a till trusts the allowances it reads.
 */
@Injectable()
export class OfflinePacks {
  constructor(
    private readonly customers: CustomersService,
    private readonly contacts: ContactsService,
    private readonly identifiers: IdentifiersService,
    private readonly categories: PromotionCategoriesService,
    private readonly memberships: MembershipsService,
    private readonly accounts: AccountsService,
    private readonly tiers: TiersService,
    private readonly rewards: RewardsService,
    private readonly ruleBooks: RuleBooks,
    private readonly settings: SettingsService,
    private readonly keys: OfflinePackKeys,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  /** The query as the pack reads it, or its refusal: checked before the tenant's key is made on first use, so a refused call writes nothing. */
  checked(actor: RequestActor, input: OfflinePackQueryDto): { query: OfflinePackQueryDto; locationId: string; after: ReturnType<typeof decodeCursor> } {
    const query = validateInput(OfflinePackQueryDto, input, 'query');
    const locationId = query.locationId ?? actor.locationId;
    if (!locationId) throw validationFailed(['locationId: name the location the till serves (or sign the actor with one)']);
    return { query, locationId, after: decodeCursor(query.cursor) };
  }

  async pack(actor: RequestActor, input: OfflinePackQueryDto, signer: PackSigner): Promise<SignedOfflinePack> {
    const { query, locationId, after } = this.checked(actor, input);
    const tenantId = actor.tenantId;
    const limit = query.limit ?? GUESTS_PER_PAGE;
    const rows = await this.customers.activePage(tenantId, after, limit + 1);
    const { items: customers, nextCursor } = pageOf(rows, limit, (customer) => customer);
    const now = this.config.clock.now();
    const [settings, { book }, tiers, rewards] = await Promise.all([
      this.settings.get(tenantId),
      this.ruleBooks.pricedBook(tenantId),
      this.tiers.rules(tenantId),
      this.rewards.list(tenantId),
    ]);
    const content: Omit<OfflinePackDto, 'generatedAt'> = {
      format: 1,
      keyId: signer.keyId,
      tenantId,
      locationId,
      currency: this.config.defaultCurrency,
      timeZone: this.config.timeZone,
      identifierHashing: { algorithm: 'hmac-sha256', salt: signer.salt, message: '<type>:<value>' },
      settings: {
        discountBase: settings.discountBase,
        accrualBase: settings.accrualBase,
        accrueOnBonusPayments: settings.accrueOnBonusPayments,
        accrueOnGiftCardPayments: settings.accrueOnGiftCardPayments,
        giftCardSalesLikeAnyLine: settings.giftCardSalesLikeAnyLine,
      },
      ruleBook: book,
      tiers: tiers.map((tier) => ({ code: tier.code, name: tier.name, categories: tier.categories })),
      rewards: rewards.filter((reward) => reward.active),
      guests: await this.guests(tenantId, customers, signer, settings.offlineAllowance ?? 0, localDate(now, this.config.timeZone), new Map(tiers.map((tier) => [tier.id, tier.code]))),
      nextCursor,
    };
    // The ETag leaves the moment out, so a till asking again with nothing changed gets a 304.
    const etag = `"${createHash('sha256').update(JSON.stringify(content)).digest('base64url')}"`;
    const pack: OfflinePackDto = { ...content, generatedAt: now.toISOString() };
    const body = JSON.stringify(pack);
    return { pack, body, etag, signature: `ed25519=${signer.sign(body)}` };
  }

  /** The tenant's signer; in a unit of work, as the first one makes the tenant's key. */
  signer(tenantId: string): Promise<PackSigner> {
    return this.keys.signerFor(tenantId);
  }

  private async guests(tenantId: string, customers: Customer[], signer: PackSigner, cap: number, day: string, tierCodes: Map<string, string>): Promise<OfflineGuestDto[]> {
    const ids = customers.map((customer) => customer.id);
    const [identifiers, contacts, personal, holders] = await Promise.all([
      this.identifiers.activeOfCustomers(tenantId, ids),
      this.contacts.forCustomers(tenantId, ids),
      this.categories.personalCodesOfMany(tenantId, ids, day),
      this.memberships.holdersOf(tenantId, ids),
    ]);
    const accounts = await this.accounts.ofHolders(tenantId, [...holders.values()]);
    return customers.map((customer) => {
      const holder = holders.get(customer.id)!;
      const hashes = new Map<string, { type: string; hash: string }>();
      const add = (type: string, value: string) => hashes.set(`${type}:${value}`, { type, hash: signer.hashIdentifier(type, value) });
      for (const identifier of identifiers) if (identifier.customerId === customer.id) add(identifier.type, identifier.value);
      for (const contact of contacts.get(customer.id) ?? []) if (PHONE_CONTACT_TYPES.includes(contact.type)) add('phone', contact.value);
      return {
        customerId: customer.id,
        displayName: displayName(customer),
        tierCode: customer.tierId ? (tierCodes.get(customer.tierId) ?? null) : null,
        categories: personal.get(customer.id) ?? [],
        identifiers: [...hashes.values()],
        accounts: accounts.filter((account) => account.holder.type === holder.type && account.holder.id === holder.id).map((account) => this.allowanceOf(account, cap)),
      };
    });
  }

  /**
   * What a till may let the guest spend from an account offline: money in the tenant's
   * currency on an open account, up to what is available and the tenant's cap. Points pay
   * for rewards, which a till does not give offline.
   */
  private allowanceOf(account: AccountDto, cap: number): OfflineAccountDto {
    const { code, unit, kind } = account.accountType;
    const spendable = account.status === 'open' && unit === this.config.defaultCurrency && kind !== 'gift_card';
    return { accountId: account.id, accountTypeCode: code, unit, allowance: spendable ? Math.max(0, Math.min(account.available, cap)) : 0 };
  }
}
