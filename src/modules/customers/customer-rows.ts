import type { UnitOfWork } from '../../common/database/unit-of-work.js';
import { selectRows } from '../../common/database/bulk-writes.js';
import { ReadScope } from '../../common/database/read-scope.js';
import { Customer } from './entities/customer.entity.js';

/**
 * A customer's row, read once per till call however many modules ask for it (the card,
 * the categories, the tier); inside a transaction, the transaction's own read.
 */
export function customerRow(uow: UnitOfWork, tenantId: string, id: string): Promise<Customer | null> {
  const read = () => uow.read(async (manager) => (await selectRows(manager, Customer, 'tenant_id = ? AND id = ?', [tenantId, id]))[0] ?? null);
  return uow.inTransaction ? read() : ReadScope.once(`customer:${tenantId}:${id}`, read);
}
