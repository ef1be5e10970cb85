import { Inject, Injectable } from '@nestjs/common';
import { isUniqueViolation } from '../../common/database/database-errors.js';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { newId } from '../../common/ids.js';
import type { PersonalDataHolder } from '../../common/personal-data/personal-data-holder.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import type { RequestActor } from '../../common/security/request-actor.js';
import type { OutgoingEventData } from '../../contract/events-out.js';
import { AuditTrail } from '../audit/audit-trail.service.js';
import { CustomersService } from '../customers/customers.service.js';
import { Outbox } from '../outbox/outbox.service.js';
import type { Membership } from './membership.entity.js';
import { MembershipsRepository } from './memberships.repository.js';

export interface Holder {
  type: 'customer' | 'membership';
  id: string;
}

export interface MembershipView {
  id: string;
  name: string;
  ownerCustomerId: string;
  members: { customerId: string; joinedAt: string }[];
  endedAt: string | null;
  endReason: string | null;
}

/** Memberships pool customers: every member's accruals and spending go to the membership's accounts. */
@Injectable()
export class MembershipsService {
  /** What this module keeps about a guest: their export, their erasure and the tenant's purge ask it (PrivacyFlow). */
  readonly personalData: PersonalDataHolder = {
    name: 'memberships',
    export: (tenantId, customerId) => this.exportFor(tenantId, customerId),
    // A membership is often named after its owner's family; members stay, by id only.
    erase: (tenantId, customerId) => this.repository.blankNames(tenantId, customerId),
    purge: (tenantId) => this.repository.blankNames(tenantId),
  };

  constructor(
    private readonly repository: MembershipsRepository,
    private readonly customers: CustomersService,
    private readonly audit: AuditTrail,
    private readonly outbox: Outbox,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  /** Whose accounts a customer's activity goes to: their membership's, or their own. */
  async holderOf(tenantId: string, customerId: string): Promise<Holder> {
    const member = await this.repository.memberOf(tenantId, customerId);
    return member ? { type: 'membership', id: member.membershipId } : { type: 'customer', id: customerId };
  }

  /** The same for many customers at once. */
  async holdersOf(tenantId: string, customerIds: string[]): Promise<Map<string, Holder>> {
    const members = new Map((await this.repository.membersAmong(tenantId, customerIds)).map((member) => [member.customerId, member.membershipId]));
    return new Map(customerIds.map((id): [string, Holder] => [id, members.has(id) ? { type: 'membership', id: members.get(id)! } : { type: 'customer', id }]));
  }

  /** A new membership, without members yet (the membership flow joins its owner first). */
  async create(actor: RequestActor, input: { name: string; ownerCustomerId: string }): Promise<Membership> {
    await this.customers.findServable(actor.tenantId, input.ownerCustomerId);
    const now = this.config.clock.now();
    const membership: Membership = {
      tenantId: actor.tenantId,
      id: newId('m', now),
      name: input.name,
      ownerCustomerId: input.ownerCustomerId,
      createdAt: now,
      createdBy: actor.id,
      endedAt: null,
      endReason: null,
    };
    await this.repository.insertMembership(membership);
    await this.recordChange(membership, 'created', membership.ownerCustomerId);
    return membership;
  }

  /**
   * Adds a customer; answers false when they are a member already. A customer of another
   * membership, or a membership that has ended, is refused with 409.
   */
  async addMember(actor: RequestActor, membershipId: string, customerId: string): Promise<boolean> {
    const membership = await this.require(actor.tenantId, membershipId);
    if (membership.endedAt) throw new RegularsError('membership_ended', `membership ${membershipId} has ended`, { membership: membershipId });
    await this.customers.findServable(actor.tenantId, customerId);
    try {
      await this.repository.insertMember({ tenantId: actor.tenantId, customerId, membershipId, joinedAt: this.config.clock.now() });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const current = await this.repository.memberOf(actor.tenantId, customerId);
      if (!current) throw error;
      if (current.membershipId === membershipId) return false;
      throw new RegularsError('already_member', `customer ${customerId} belongs to membership ${current.membershipId}`, {
        membership: current.membershipId,
      });
    }
    await this.audit.record(actor, { subjectType: 'membership', subjectId: membershipId, customerId, action: 'member_joined' });
    await this.recordChange(membership, 'joined', customerId);
    return true;
  }

  async leave(actor: RequestActor, membershipId: string, customerId: string): Promise<void> {
    const membership = await this.require(actor.tenantId, membershipId);
    if (membership.ownerCustomerId === customerId) {
      throw new RegularsError('owner_cannot_leave', 'the owner answers for the membership and cannot leave it');
    }
    if (!(await this.repository.deleteMember(actor.tenantId, customerId, membershipId))) throw RegularsError.notFound('member', customerId);
    await this.audit.record(actor, { subjectType: 'membership', subjectId: membershipId, customerId, action: 'member_left' });
    await this.recordChange(membership, 'left', customerId);
  }

  /** The membership the customer belongs to, or null. */
  async membershipOf(tenantId: string, customerId: string): Promise<Membership | null> {
    const member = await this.repository.memberOf(tenantId, customerId);
    return member ? this.require(tenantId, member.membershipId) : null;
  }

  /** A terminated customer leaves their membership (an owner's termination ends it instead: see end()). */
  async removeMember(membership: Membership, customerId: string): Promise<void> {
    if (await this.repository.deleteMember(membership.tenantId, customerId, membership.id)) await this.recordChange(membership, 'left', customerId);
  }

  /**
   * The membership ends: no member's card feeds it any more, and it takes no one. Its
   * accounts are the caller's to zero first (the membership flow does).
   */
  async end(actor: RequestActor, membership: Membership, reason: string): Promise<void> {
    const endedAt = this.config.clock.now();
    await this.repository.deleteMembersOf(actor.tenantId, membership.id);
    await this.repository.markEnded(actor.tenantId, membership.id, endedAt, reason);
    await this.audit.record(actor, { subjectType: 'membership', subjectId: membership.id, customerId: membership.ownerCustomerId, action: 'membership_ended' });
    await this.recordChange(membership, 'terminated', membership.ownerCustomerId, reason);
  }

  /** `customerId` is the guest who joined or left, the owner for created and terminated: the event's ordering key too. */
  private async recordChange(membership: Membership, change: OutgoingEventData<'membership.changed'>['change'], customerId: string, reason: string | null = null): Promise<void> {
    this.outbox.record(
      membership.tenantId,
      'membership.changed',
      // Erasure leaves the name empty (the column holds no null); the event says null, as for any erased value.
      { membershipId: membership.id, change, customerId, ownerCustomerId: membership.ownerCustomerId, name: membership.name || null, reason },
      customerId,
    );
  }

  async view(tenantId: string, id: string): Promise<MembershipView> {
    const membership = await this.require(tenantId, id);
    const members = await this.repository.members(tenantId, id);
    return {
      id: membership.id,
      name: membership.name,
      ownerCustomerId: membership.ownerCustomerId,
      members: members.map((member) => ({ customerId: member.customerId, joinedAt: member.joinedAt.toISOString() })),
      endedAt: membership.endedAt?.toISOString() ?? null,
      endReason: membership.endReason,
    };
  }

  /** The memberships the customer belongs to or answers for, with their members. */
  private async exportFor(tenantId: string, customerId: string): Promise<MembershipView[]> {
    const ids = await this.repository.membershipIdsOfCustomer(tenantId, customerId);
    const memberships = ids.length ? await this.repository.membershipsWithIds(tenantId, ids) : [];
    return Promise.all(memberships.map((membership) => this.view(tenantId, membership.id)));
  }

  async require(tenantId: string, id: string): Promise<Membership> {
    const membership = await this.repository.membership(tenantId, id);
    if (!membership) throw RegularsError.notFound('membership', id);
    return membership;
  }
}
