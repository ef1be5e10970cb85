import { Injectable } from '@nestjs/common';
import { In, Not } from 'typeorm';
import { selectRows } from '../../common/database/bulk-writes.js';
import { ReadScope } from '../../common/database/read-scope.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { GuestCards } from '../guest-cards/guest-cards.service.js';
import { Membership, MembershipMember } from './membership.entity.js';

/** The memberships module's tables: memberships and their members. */
@Injectable()
export class MembershipsRepository {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly guestCards: GuestCards,
  ) {}

  /**
   * The customer's place in a membership, if they have one: read once per till call
   * however many accounts ask whose they are; inside a transaction, the transaction's own read.
   */
  memberOf(tenantId: string, customerId: string): Promise<MembershipMember | null> {
    const read = () => this.uow.read(async (manager) => (await selectRows(manager, MembershipMember, 'tenant_id = ? AND customer_id = ?', [tenantId, customerId]))[0] ?? null);
    return this.uow.inTransaction ? read() : ReadScope.once(`member:${tenantId}:${customerId}`, read);
  }

  membersAmong(tenantId: string, customerIds: string[]): Promise<MembershipMember[]> {
    if (customerIds.length === 0) return Promise.resolve([]);
    return this.uow.read((manager) => manager.findBy(MembershipMember, { tenantId, customerId: In(customerIds) }));
  }

  membership(tenantId: string, id: string): Promise<Membership | null> {
    return this.uow.read((manager) => manager.findOneBy(Membership, { tenantId, id }));
  }

  membershipsWithIds(tenantId: string, ids: string[]): Promise<Membership[]> {
    return this.uow.read((manager) => manager.find(Membership, { where: { tenantId, id: In(ids) }, order: { id: 'ASC' } }));
  }

  /** The memberships the customer belongs to, then those they answer for (one may be both). */
  membershipIdsOfCustomer(tenantId: string, customerId: string): Promise<string[]> {
    return this.uow.read(async (manager) => [
      ...(await manager.findBy(MembershipMember, { tenantId, customerId })).map((member) => member.membershipId),
      ...(await manager.findBy(Membership, { tenantId, ownerCustomerId: customerId })).map((membership) => membership.id),
    ]);
  }

  /** The members in the order they joined. */
  members(tenantId: string, membershipId: string): Promise<MembershipMember[]> {
    return this.uow.read((manager) => manager.find(MembershipMember, { where: { tenantId, membershipId }, order: { joinedAt: 'ASC' } }));
  }

  async insertMembership(membership: Membership): Promise<void> {
    await this.uow.manager.insert(Membership, membership);
  }

  async insertMember(member: MembershipMember): Promise<void> {
    await this.uow.manager.insert(MembershipMember, member);
    this.guestCards.changed(member.tenantId, [member.customerId]);
  }

  /** Removes the customer from their membership (from this one only, when it is named); answers whether they were in it. */
  async deleteMember(tenantId: string, customerId: string, membershipId?: string): Promise<boolean> {
    const removed = await this.uow.manager.delete(MembershipMember, membershipId === undefined ? { tenantId, customerId } : { tenantId, customerId, membershipId });
    if (removed.affected) this.guestCards.changed(tenantId, [customerId]);
    return Boolean(removed.affected);
  }

  async deleteMembersOf(tenantId: string, membershipId: string): Promise<void> {
    const members = await this.uow.manager.findBy(MembershipMember, { tenantId, membershipId });
    this.guestCards.changed(tenantId, members.map((member) => member.customerId));
    await this.uow.manager.delete(MembershipMember, { tenantId, membershipId });
  }

  async markEnded(tenantId: string, id: string, endedAt: Date, endReason: string): Promise<void> {
    await this.uow.manager.update(Membership, { tenantId, id }, { endedAt, endReason });
  }

  /** Empties the names of the memberships the customer answers for, or of all the tenant's; answers how many changed. */
  async blankNames(tenantId: string, ownerCustomerId?: string): Promise<number> {
    const where = ownerCustomerId === undefined ? { tenantId } : { tenantId, ownerCustomerId };
    return (await this.uow.manager.update(Membership, { ...where, name: Not('') }, { name: '' })).affected ?? 0;
  }
}
