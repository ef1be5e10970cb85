import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { lockRows, selectRows, insertRows } from '../../common/database/bulk-writes.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { GuestCards } from '../guest-cards/guest-cards.service.js';
import { CustomerCategory } from './entities/customer-category.entity.js';
import { PromotionCategory } from './entities/promotion-category.entity.js';

/** The promotion categories and the personal categories customers carry, as stored. */
@Injectable()
export class PromotionCategoriesRepository {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly guestCards: GuestCards,
  ) {}

  categoriesOf(tenantId: string): Promise<PromotionCategory[]> {
    return this.uow.read((manager) => manager.findBy(PromotionCategory, { tenantId }));
  }

  /** By code, or only the active (or inactive) ones when `active` is given. */
  listCategories(tenantId: string, active?: boolean): Promise<PromotionCategory[]> {
    return this.uow.read((manager) =>
      manager.find(PromotionCategory, { where: active === undefined ? { tenantId } : { tenantId, active }, order: { code: 'ASC' } }),
    );
  }

  category(tenantId: string, id: string): Promise<PromotionCategory | null> {
    return this.uow.read((manager) => manager.findOneBy(PromotionCategory, { tenantId, id }));
  }

  categoryByCode(tenantId: string, code: string): Promise<PromotionCategory | null> {
    return this.uow.read((manager) => manager.findOneBy(PromotionCategory, { tenantId, code }));
  }

  categoriesByIds(tenantId: string, ids: string[]): Promise<PromotionCategory[]> {
    return this.uow.read((manager) => manager.findBy(PromotionCategory, { tenantId, id: In(ids) }));
  }

  async lockCategory(tenantId: string, id: string): Promise<PromotionCategory | null> {
    const [category] = await lockRows(this.uow.manager, PromotionCategory, 'tenant_id = ? AND id = ?', [tenantId, id]);
    return category ?? null;
  }

  async insertCategory(category: PromotionCategory): Promise<void> {
    await this.uow.manager.insert(PromotionCategory, category);
  }

  async saveCategory(category: PromotionCategory): Promise<void> {
    await this.uow.manager.save(PromotionCategory, category);
  }

  /** Read at every evaluation of a guest's tab: plain SQL spares the entity hydration. */
  assignmentsForEvaluation(tenantId: string, customerId: string): Promise<CustomerCategory[]> {
    return this.uow.read((manager) => selectRows(manager, CustomerCategory, 'tenant_id = ? AND customer_id = ?', [tenantId, customerId]));
  }

  assignmentsOfCustomers(tenantId: string, customerIds: string[]): Promise<CustomerCategory[]> {
    if (customerIds.length === 0) return Promise.resolve([]);
    return this.uow.read((manager) => manager.findBy(CustomerCategory, { tenantId, customerId: In(customerIds) }));
  }

  assignmentsOf(tenantId: string, customerId: string): Promise<CustomerCategory[]> {
    return this.uow.read((manager) => manager.find(CustomerCategory, { where: { tenantId, customerId }, order: { id: 'ASC' } }));
  }

  assignment(tenantId: string, customerId: string, categoryId: string): Promise<CustomerCategory | null> {
    return this.uow.read((manager) => manager.findOneBy(CustomerCategory, { tenantId, customerId, categoryId }));
  }

  async insertAssignments(assignments: CustomerCategory[]): Promise<void> {
    await insertRows(this.uow.manager, CustomerCategory, assignments);
    this.guestCards.changedRows(assignments);
  }

  async saveAssignment(assignment: CustomerCategory): Promise<void> {
    await this.uow.manager.save(CustomerCategory, assignment);
    this.guestCards.changed(assignment.tenantId, [assignment.customerId]);
  }

  /** How many were deleted: none when the customer has no such assignment. */
  async deleteAssignment(tenantId: string, customerId: string, id: string): Promise<number> {
    this.guestCards.changed(tenantId, [customerId]);
    return (await this.uow.manager.delete(CustomerCategory, { tenantId, customerId, id })).affected ?? 0;
  }

  async deleteAssignmentsOf(tenantId: string, customerId: string): Promise<number> {
    this.guestCards.changed(tenantId, [customerId]);
    return (await this.uow.manager.delete(CustomerCategory, { tenantId, customerId })).affected ?? 0;
  }

  async deleteTenantAssignments(tenantId: string): Promise<number> {
    await this.guestCards.changedForEveryGuest(tenantId);
    return (await this.uow.manager.delete(CustomerCategory, { tenantId })).affected ?? 0;
  }
}
