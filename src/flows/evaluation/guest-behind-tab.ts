import { Injectable } from '@nestjs/common';
import type { TabSnapshotDto } from '../../contract/tab-snapshot.dto.js';
import type { Customer } from '../../modules/customers/entities/customer.entity.js';
import { CustomersService } from '../../modules/customers/customers.service.js';
import { IdentifiersService } from '../../modules/identification/identifiers.service.js';

/**
 * The guest behind a tab, decided once per event or till call and by one rule: the customer
 * the tab names, or the one holding the card presented, while their membership is active.
 * A terminated or erased guest's tab runs as a tab without a guest: no prices of theirs, no
 * accrual, no visit; attach refuses them (identify's 423) before it gets here.
 */
@Injectable()
export class GuestBehindTab {
  constructor(
    private readonly customers: CustomersService,
    private readonly identifiers: IdentifiersService,
  ) {}

  async of(tenantId: string, tab: Pick<TabSnapshotDto, 'customer'>): Promise<Customer | null> {
    const guest = tab.customer;
    if (!guest) return null;
    const customer = guest.customerId
      ? await this.customers.peek(tenantId, guest.customerId)
      : await this.identifiers.holder(tenantId, guest.identifier!.type, guest.identifier!.value);
    return customer?.status === 'active' ? customer : null;
  }
}
