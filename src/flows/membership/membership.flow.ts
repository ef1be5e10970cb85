import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import type { RequestActor } from '../../common/security/request-actor.js';
import { AccountsService } from '../../modules/accounts/accounts.service.js';
import type { CustomerDto } from '../../modules/customers/dto/customer.dto.js';
import { CustomersService } from '../../modules/customers/customers.service.js';
import type { Membership } from '../../modules/memberships/membership.entity.js';
import { MembershipsService, type MembershipView } from '../../modules/memberships/memberships.service.js';
import { TiersService } from '../../modules/tiers/tiers.service.js';

/**
 * Memberships and the end of a guest's programme, across customers, memberships, accounts
 * and tiers: each a unit of work whose steps read in the order the restaurant would tell them.
 */
@Injectable()
export class MembershipFlow {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly customers: CustomersService,
    private readonly memberships: MembershipsService,
    private readonly accounts: AccountsService,
    private readonly tiers: TiersService,
  ) {}

  /** A family's or team's membership: made, then its owner joins first, bringing their balances. */
  async create(actor: RequestActor, input: { name: string; ownerCustomerId: string }): Promise<MembershipView> {
    const membership = await this.uow.transaction(async () => {
      const made = await this.memberships.create(actor, input);
      await this.enter(actor, made, input.ownerCustomerId);
      return made;
    });
    return this.memberships.view(actor.tenantId, membership.id);
  }

  /** A guest joins: from now on their accruals and spending go to the membership's accounts, and what they had goes there too. */
  async join(actor: RequestActor, membershipId: string, customerId: string): Promise<MembershipView> {
    await this.uow.transaction(async () => this.enter(actor, await this.memberships.require(actor.tenantId, membershipId), customerId));
    return this.memberships.view(actor.tenantId, membershipId);
  }

  /** The membership ends: its accounts zeroed (holds released, a reset entry saying why), then no card feeds it any more. */
  async terminate(actor: RequestActor, membershipId: string, reason: string): Promise<MembershipView> {
    await this.uow.transaction(async () => {
      const membership = await this.memberships.require(actor.tenantId, membershipId);
      if (!membership.endedAt) await this.end(actor, membership, reason);
    });
    return this.memberships.view(actor.tenantId, membershipId);
  }

  /**
   * A guest's programme ends: they are marked terminated (their cards answer 423), their
   * own accounts are reset, the membership they answer for ends with its pooled accounts
   * (or they leave the one they belong to), and they leave their tier — in this order.
   */
  async terminateCustomer(actor: RequestActor, customerId: string, reason: string): Promise<CustomerDto> {
    await this.uow.transaction(async () => {
      const customer = await this.customers.markTerminated(actor, customerId, reason);
      if (!customer) return;
      await this.accounts.resetHolder(actor, { type: 'customer', id: customer.id }, 'membership terminated', customer.id);
      const membership = await this.memberships.membershipOf(actor.tenantId, customer.id);
      if (membership?.ownerCustomerId === customer.id) await this.end(actor, membership, `its owner's membership was terminated: ${reason}`);
      else if (membership) await this.memberships.removeMember(membership, customer.id);
      await this.tiers.exitOnTermination(actor, customer);
    });
    return this.customers.get(actor.tenantId, customerId);
  }

  private async enter(actor: RequestActor, membership: Membership, customerId: string): Promise<void> {
    if (await this.memberships.addMember(actor, membership.id, customerId)) await this.accounts.poolInto(actor, customerId, membership.id, membership.name);
  }

  private async end(actor: RequestActor, membership: Membership, reason: string): Promise<void> {
    await this.accounts.resetHolder(actor, { type: 'membership', id: membership.id }, `membership ended: ${reason}`, membership.ownerCustomerId);
    await this.memberships.end(actor, membership, reason);
  }
}
