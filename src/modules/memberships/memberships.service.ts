import { HttpStatus, Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { In, Not, type FindOptionsWhere } from 'typeorm';
import { isUniqueViolation } from '../../common/database/database-errors.js';
import { selectRows } from '../../common/database/bulk-writes.js';
import { ReadScope } from '../../common/database/read-scope.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { newId } from '../../common/ids.js';
import { PersonalDataRegistry } from '../../common/personal-data/personal-data.registry.js';
import { REGULARS_CONFIG } from '../../config/regulars.constants.js';
import type { RegularsConfig } from '../../config/regulars-options.js';
import type { RequestActor } from '../../host/security/request-actor.js';
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
}

/** Memberships pool customers: every member's accruals and spending go to the membership's accounts. */
@Injectable()
export class MembershipsService implements OnModuleInit {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly customers: CustomersService,
    private readonly audit: AuditTrail,
    private readonly personalData: PersonalDataRegistry,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  onModuleInit(): void {
    this.personalData.register({
      name: 'memberships',
      export: (tenantId, customerId) => this.exportFor(tenantId, customerId),
      // A membership is often named after its owner's family; members stay, by id only.
      erase: (tenantId, customerId) => this.blankNames({ tenantId, ownerCustomerId: customerId }),
      purge: (tenantId) => this.blankNames({ tenantId }),
    });
  }

  /** Whose accounts a customer's activity goes to: their membership's, or their own. */
  async holderOf(tenantId: string, customerId: string): Promise<Holder> {
    const read = () => this.uow.read(async (manager) => (await selectRows(manager, MembershipMember, 'tenant_id = ? AND customer_id = ?', [tenantId, customerId]))[0] ?? null);
    const member = await (this.uow.inTransaction ? read() : ReadScope.once(`member:${tenantId}:${customerId}`, read));
    return member ? { type: 'membership', id: member.membershipId } : { type: 'customer', id: customerId };
  }

  async create(actor: RequestActor, input: { name: string; ownerCustomerId: string }): Promise<MembershipView> {
    return this.uow.transaction(async (manager) => {
      await this.customers.findServable(actor.tenantId, input.ownerCustomerId);
      const now = this.config.clock.now();
      const membership: Membership = { tenantId: actor.tenantId, id: newId('m', now), name: input.name, ownerCustomerId: input.ownerCustomerId, createdAt: now, createdBy: actor.id };
      await manager.insert(Membership, membership);
      await this.join(actor, membership.id, input.ownerCustomerId);
      return this.view(actor.tenantId, membership.id);
    });
  }

  /** Adds a customer; one who already belongs to a membership is refused with 409. */
  async join(actor: RequestActor, membershipId: string, customerId: string): Promise<MembershipView> {
    return this.uow.transaction(async (manager) => {
      await this.require(actor.tenantId, membershipId);
      await this.customers.findServable(actor.tenantId, customerId);
      try {
        await manager.insert(MembershipMember, { tenantId: actor.tenantId, customerId, membershipId, joinedAt: this.config.clock.now() });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        const current = await manager.findOneByOrFail(MembershipMember, { tenantId: actor.tenantId, customerId });
        if (current.membershipId === membershipId) return this.view(actor.tenantId, membershipId);
        throw new RegularsError('already_member', `customer ${customerId} belongs to membership ${current.membershipId}`, HttpStatus.CONFLICT, {
          membership: current.membershipId,
        });
      }
      await this.audit.record(actor, { subjectType: 'membership', subjectId: membershipId, customerId, action: 'member_joined' });
      return this.view(actor.tenantId, membershipId);
    });
  }

  async leave(actor: RequestActor, membershipId: string, customerId: string): Promise<void> {
    await this.uow.transaction(async (manager) => {
      const membership = await this.require(actor.tenantId, membershipId);
      if (membership.ownerCustomerId === customerId) {
        throw new RegularsError('owner_cannot_leave', 'the owner answers for the membership and cannot leave it', HttpStatus.CONFLICT);
      }
      const removed = await manager.delete(MembershipMember, { tenantId: actor.tenantId, customerId, membershipId });
      if (!removed.affected) throw RegularsError.notFound('member', customerId);
      await this.audit.record(actor, { subjectType: 'membership', subjectId: membershipId, customerId, action: 'member_left' });
    });
  }

  /** A terminated customer leaves their membership, unless they answer for it. */
  async leaveOnTermination(tenantId: string, customerId: string): Promise<void> {
    const member = await this.uow.manager.findOneBy(MembershipMember, { tenantId, customerId });
    if (!member) return;
    const membership = await this.require(tenantId, member.membershipId);
    if (membership.ownerCustomerId !== customerId) await this.uow.manager.delete(MembershipMember, { tenantId, customerId });
  }

  async view(tenantId: string, id: string): Promise<MembershipView> {
    const membership = await this.require(tenantId, id);
    const members = await this.uow.read((manager) => manager.find(MembershipMember, { where: { tenantId, membershipId: id }, order: { joinedAt: 'ASC' } }));
    return {
      id: membership.id,
      name: membership.name,
      ownerCustomerId: membership.ownerCustomerId,
      members: members.map((member) => ({ customerId: member.customerId, joinedAt: member.joinedAt.toISOString() })),
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

  private async require(tenantId: string, id: string): Promise<Membership> {
    const membership = await this.uow.read((manager) => manager.findOneBy(Membership, { tenantId, id }));
    if (!membership) throw RegularsError.notFound('membership', id);
    return membership;
  }
}
