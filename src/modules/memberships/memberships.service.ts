import { Inject, Injectable } from '@nestjs/common';
import { In, Not, type FindOptionsWhere } from 'typeorm';
import { isUniqueViolation } from '../../common/database/database-errors.js';
import { selectRows } from '../../common/database/bulk-writes.js';
import { ReadScope } from '../../common/database/read-scope.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { newId } from '../../common/ids.js';
import type { PersonalDataHolder } from '../../common/personal-data/personal-data-holder.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import type { RequestActor } from '../../common/security/request-actor.js';
import { AuditTrail } from '../audit/audit-trail.service.js';
import { CustomersService } from '../customers/customers.service.js';
import { Membership, MembershipMember } from './membership.entity.js';

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
    erase: (tenantId, customerId) => this.blankNames({ tenantId, ownerCustomerId: customerId }),
    purge: (tenantId) => this.blankNames({ tenantId }),
  };

  constructor(
    private readonly uow: UnitOfWork,
    private readonly customers: CustomersService,
    private readonly audit: AuditTrail,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  /** Whose accounts a customer's activity goes to: their membership's, or their own. */
  async holderOf(tenantId: string, customerId: string): Promise<Holder> {
    const read = () => this.uow.read(async (manager) => (await selectRows(manager, MembershipMember, 'tenant_id = ? AND customer_id = ?', [tenantId, customerId]))[0] ?? null);
    const member = await (this.uow.inTransaction ? read() : ReadScope.once(`member:${tenantId}:${customerId}`, read));
    return member ? { type: 'membership', id: member.membershipId } : { type: 'customer', id: customerId };
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
    await this.uow.manager.insert(Membership, membership);
    return membership;
  }

  /**
   * Adds a customer; answers false when they are a member already. A customer of another
   * membership, or a membership that has ended, is refused with 409.
   */
  async addMember(actor: RequestActor, membershipId: string, customerId: string): Promise<boolean> {
    const manager = this.uow.manager;
    const membership = await this.require(actor.tenantId, membershipId);
    if (membership.endedAt) throw new RegularsError('membership_ended', `membership ${membershipId} has ended`, { membership: membershipId });
    await this.customers.findServable(actor.tenantId, customerId);
    try {
      await manager.insert(MembershipMember, { tenantId: actor.tenantId, customerId, membershipId, joinedAt: this.config.clock.now() });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const current = await manager.findOneByOrFail(MembershipMember, { tenantId: actor.tenantId, customerId });
      if (current.membershipId === membershipId) return false;
      throw new RegularsError('already_member', `customer ${customerId} belongs to membership ${current.membershipId}`, {
        membership: current.membershipId,
      });
    }
    await this.audit.record(actor, { subjectType: 'membership', subjectId: membershipId, customerId, action: 'member_joined' });
    return true;
  }

  async leave(actor: RequestActor, membershipId: string, customerId: string): Promise<void> {
    await this.uow.transaction(async (manager) => {
      const membership = await this.require(actor.tenantId, membershipId);
      if (membership.ownerCustomerId === customerId) {
        throw new RegularsError('owner_cannot_leave', 'the owner answers for the membership and cannot leave it');
      }
      const removed = await manager.delete(MembershipMember, { tenantId: actor.tenantId, customerId, membershipId });
      if (!removed.affected) throw RegularsError.notFound('member', customerId);
      await this.audit.record(actor, { subjectType: 'membership', subjectId: membershipId, customerId, action: 'member_left' });
    });
  }

  /** The membership the customer belongs to, or null. */
  async membershipOf(tenantId: string, customerId: string): Promise<Membership | null> {
    const member = await this.uow.manager.findOneBy(MembershipMember, { tenantId, customerId });
    return member ? this.require(tenantId, member.membershipId) : null;
  }

  /** A terminated customer leaves their membership (an owner's termination ends it instead: see end()). */
  async removeMember(tenantId: string, customerId: string): Promise<void> {
    await this.uow.manager.delete(MembershipMember, { tenantId, customerId });
  }

  /**
   * The membership ends: no member's card feeds it any more, and it takes no one. Its
   * accounts are the caller's to zero first (the membership flow does).
   */
  async end(actor: RequestActor, membership: Membership, reason: string): Promise<void> {
    const manager = this.uow.manager;
    const endedAt = this.config.clock.now();
    await manager.delete(MembershipMember, { tenantId: actor.tenantId, membershipId: membership.id });
    await manager.update(Membership, { tenantId: actor.tenantId, id: membership.id }, { endedAt, endReason: reason });
    await this.audit.record(actor, { subjectType: 'membership', subjectId: membership.id, customerId: membership.ownerCustomerId, action: 'membership_ended' });
  }

  async view(tenantId: string, id: string): Promise<MembershipView> {
    const membership = await this.require(tenantId, id);
    const members = await this.uow.read((manager) => manager.find(MembershipMember, { where: { tenantId, membershipId: id }, order: { joinedAt: 'ASC' } }));
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
    const ids = await this.uow.read(async (manager) => [
      ...(await manager.findBy(MembershipMember, { tenantId, customerId })).map((member) => member.membershipId),
      ...(await manager.findBy(Membership, { tenantId, ownerCustomerId: customerId })).map((membership) => membership.id),
    ]);
    const memberships = ids.length ? await this.uow.read((manager) => manager.find(Membership, { where: { tenantId, id: In(ids) }, order: { id: 'ASC' } })) : [];
    return Promise.all(memberships.map((membership) => this.view(tenantId, membership.id)));
  }

  private async blankNames(where: FindOptionsWhere<Membership>): Promise<number> {
    return (await this.uow.manager.update(Membership, { ...where, name: Not('') }, { name: '' })).affected ?? 0;
  }

  async require(tenantId: string, id: string): Promise<Membership> {
    const membership = await this.uow.read((manager) => manager.findOneBy(Membership, { tenantId, id }));
    if (!membership) throw RegularsError.notFound('membership', id);
    return membership;
  }
}
