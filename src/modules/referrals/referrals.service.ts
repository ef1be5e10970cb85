import { Inject, Injectable } from '@nestjs/common';
import { isUniqueViolation } from '../../common/database/database-errors.js';
import { RetryableConflict } from '../../common/database/retryable-conflict.js';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import type { PersonalDataHolder } from '../../common/personal-data/personal-data-holder.js';
import type { RequestActor } from '../../common/security/request-actor.js';
import { RevisionCache, TenantRevisions } from '../../common/revisions/tenant-revisions.service.js';
import type { EventEffect } from '../../contract/event-effect.js';
import { AccountsService } from '../accounts/accounts.service.js';
import type { LedgerContext } from '../accounts/ledger.service.js';
import { isPhoneType } from '../customers/contact-normaliser.js';
import { ContactsService } from '../customers/contacts.service.js';
import { CustomersService } from '../customers/customers.service.js';
import { Outbox } from '../outbox/outbox.service.js';
import { generateCode, normalizeCode } from '../promo-codes/code-text.js';
import { VisitsService } from '../visits/visits.service.js';
import type { CustomerReferralsDto, EnrolReferralDto, ReferralDto, ReferralProgramDto } from './dto/referral.dto.js';
import type { Referral, ReferralProgram } from './referral.entity.js';
import { ReferralsRepository } from './referrals.repository.js';

/** A programme nobody set up: off, and giving nothing. */
const NO_PROGRAM: ReferralProgramDto = { enabled: false, minimumNet: 0, referrerAccountTypeCode: 'points', referrerAmount: 1, refereeAccountTypeCode: 'points', refereeAmount: 1 };

const present = (referral: Referral): ReferralDto => ({
  refereeId: referral.refereeId,
  referrerId: referral.referrerId,
  status: referral.status,
  visitId: referral.visitId,
  createdAt: referral.createdAt.toISOString(),
  rewardedAt: referral.rewardedAt?.toISOString() ?? null,
});

/**
 * Referrals: every guest has a code to give friends; a new guest registering with it is
 * tied to the guest who brought them, and both earn the programme's credit once, after the
 * new guest's first closed visit that comes to the minimum. Every call runs inside the
 * caller's unit of work.
 */
@Injectable()
export class ReferralsService {
  /** Who brought the guest and whom they brought, by id only: nothing personal to erase, all of it to export. */
  readonly personalData: PersonalDataHolder = {
    name: 'referrals',
    export: async (tenantId, customerId) => {
      const [code, referral, brought] = await Promise.all([this.repository.codeOfCustomer(tenantId, customerId), this.repository.referralOf(tenantId, customerId), this.repository.referredBy(tenantId, customerId)]);
      return { code: code?.code ?? null, referredBy: referral ? present(referral) : null, brought: brought.map(present) };
    },
    erase: async () => 0,
    purge: async () => 0,
  };

  /** Read at every close, set once in a while. */
  private readonly programs: RevisionCache<ReferralProgram | null>;

  constructor(
    private readonly repository: ReferralsRepository,
    private readonly customers: CustomersService,
    private readonly contacts: ContactsService,
    private readonly visits: VisitsService,
    private readonly accounts: AccountsService,
    private readonly outbox: Outbox,
    private readonly revisions: TenantRevisions,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {
    this.programs = new RevisionCache(revisions, (tenantId) => this.repository.programOf(tenantId));
  }

  async program(tenantId: string): Promise<ReferralProgramDto> {
    const own = await this.programs.get(tenantId);
    if (!own) return NO_PROGRAM;
    const { enabled, minimumNet, referrerAccountTypeCode, referrerAmount, refereeAccountTypeCode, refereeAmount } = own;
    return { enabled, minimumNet, referrerAccountTypeCode, referrerAmount, refereeAccountTypeCode, refereeAmount };
  }

  /** Sets the programme; 422 `unknown_account_type` for a type the tenant has not got. */
  async setProgram(actor: RequestActor, input: ReferralProgramDto): Promise<ReferralProgramDto> {
    await this.accounts.typeByCode(actor.tenantId, input.referrerAccountTypeCode);
    await this.accounts.typeByCode(actor.tenantId, input.refereeAccountTypeCode);
    const program: ReferralProgram = { tenantId: actor.tenantId, ...input, updatedAt: this.config.clock.now(), updatedBy: actor.id };
    await this.repository.saveProgram(program);
    await this.revisions.bump(actor.tenantId);
    return this.program(actor.tenantId);
  }

  /** The guest's own code (made the first time it is asked for), who brought them, and how many they brought. */
  async ofCustomer(tenantId: string, customerId: string): Promise<CustomerReferralsDto> {
    await this.customers.find(tenantId, customerId);
    const [code, referral, referred] = await Promise.all([this.codeOf(tenantId, customerId), this.repository.referralOf(tenantId, customerId), this.repository.countReferredBy(tenantId, customerId)]);
    return { code, referredBy: referral ? present(referral) : null, referred };
  }

  /**
   * Ties a new guest to the regular whose code they bring. Refused: 404 for an unknown code;
   * 422 `referral_refused` for a guest's own code, for a guest sharing a phone with the
   * referrer (the same household signing itself up), and for a guest who has visited
   * already; 409 `already_referred` for a guest someone brought already.
   */
  async enrol(actor: RequestActor, input: EnrolReferralDto): Promise<ReferralDto> {
    const referee = await this.customers.findServable(actor.tenantId, input.customerId);
    const code = await this.repository.codeByText(actor.tenantId, normalizeCode(input.code));
    if (!code) throw RegularsError.notFound('referral_code', input.code);
    const earlier = await this.repository.referralOf(actor.tenantId, referee.id);
    if (earlier) {
      if (earlier.referrerId === code.customerId) return present(earlier);
      throw new RegularsError('already_referred', `customerId: guest ${referee.id} was brought by another guest already`);
    }
    if (code.customerId === referee.id) throw refused('self_referral', 'code: a guest cannot bring themselves');
    const phones = async (customerId: string) => (await this.contacts.list(actor.tenantId, customerId)).filter((contact) => isPhoneType(contact.type)).map((contact) => contact.value);
    const [theirs, referrers] = await Promise.all([phones(referee.id), phones(code.customerId)]);
    if (theirs.some((phone) => referrers.includes(phone))) throw refused('shared_phone', 'customerId: the new guest has the phone of the guest whose code it is');
    if ((await this.visits.totals(actor.tenantId, referee.id)).visits > 0) throw refused('not_new', 'customerId: the guest has visited already; only a new guest can be brought');
    const referral: Referral = {
      tenantId: actor.tenantId,
      refereeId: referee.id,
      referrerId: code.customerId,
      status: 'pending',
      visitId: null,
      createdAt: this.config.clock.now(),
      createdBy: actor.id,
      rewardedAt: null,
    };
    try {
      await this.repository.insertReferral(referral);
    } catch (error) {
      if (isUniqueViolation(error)) throw new RetryableConflict(`referral of ${referee.id} made concurrently`);
      throw error;
    }
    return present(referral);
  }

  /**
   * A closed visit of a guest someone brought: when the programme is on, the referral still
   * pending and the visit's net at the minimum, both guests are credited, once (the
   * referral's row lock and the entries' keys see to it), and subscribers are told.
   */
  async rewardAfterVisit(context: LedgerContext, visit: { id: string; customerId: string; net: number }): Promise<EventEffect[]> {
    const program = await this.programs.get(context.tenantId);
    if (!program?.enabled || visit.net < program.minimumNet) return [];
    const referral = await this.repository.lockReferralOf(context.tenantId, visit.customerId);
    if (!referral || referral.status !== 'pending') return [];
    const credit = async (customerId: string, role: 'referrer' | 'referee', accountTypeCode: string, amount: number) => {
      const entry = await this.accounts.accrue(
        { ...context, customerId, visitId: visit.id, reason: role === 'referrer' ? 'brought a new guest' : 'welcome, brought by a friend', idempotencyKey: `referral:${referral.refereeId}:${role}` },
        accountTypeCode,
        amount,
      );
      return entry ? { customerId, accountId: entry.accountId, accountTypeCode, amount: entry.amount, entryId: entry.id } : null;
    };
    const credits = [
      await credit(referral.referrerId, 'referrer', program.referrerAccountTypeCode, program.referrerAmount),
      await credit(referral.refereeId, 'referee', program.refereeAccountTypeCode, program.refereeAmount),
    ].flatMap((given) => (given ? [given] : []));
    const at = this.config.clock.now();
    await this.repository.markRewarded(context.tenantId, referral.refereeId, visit.id, at);
    this.outbox.record(
      context.tenantId,
      'referral.rewarded',
      { referrerId: referral.referrerId, refereeId: referral.refereeId, visitId: visit.id, credits: credits.map(({ customerId, accountId, accountTypeCode, amount }) => ({ customerId, accountId, accountTypeCode, amount })) },
      referral.refereeId,
    );
    return credits.map((given) => ({ kind: 'ledger_entry', id: given.entryId, entryKind: 'accrual', accountId: given.accountId, amount: given.amount }));
  }

  /** The guest's code, made on first use; two first uses at once make one. */
  private async codeOf(tenantId: string, customerId: string): Promise<string> {
    const own = await this.repository.codeOfCustomer(tenantId, customerId);
    if (own) return own.code;
    const code = { tenantId, customerId, code: generateCode('R'), createdAt: this.config.clock.now() };
    try {
      await this.repository.insertCode(code);
    } catch (error) {
      if (isUniqueViolation(error)) throw new RetryableConflict(`referral code of ${customerId} made concurrently`);
      throw error;
    }
    return code.code;
  }
}

const refused = (reason: 'self_referral' | 'shared_phone' | 'not_new', message: string) => new RegularsError('referral_refused', message, { reason });
