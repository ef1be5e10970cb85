import { Injectable } from '@nestjs/common';
import { In, Not } from 'typeorm';
import { bindable, insertRows, lockRows, placeholders, selectRows } from '../../common/database/bulk-writes.js';
import { ReadScope } from '../../common/database/read-scope.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { GuestCards } from '../guest-cards/guest-cards.service.js';
import { toExactInteger } from '../../common/money.js';
import type { ContactType } from './contact-normaliser.js';
import { Customer, type CustomerStatus } from './entities/customer.entity.js';
import { CustomerContact } from './entities/customer-contact.entity.js';
import { CustomerTag } from './entities/customer-tag.entity.js';

/** What the back office searches customers by; every given condition must hold. */
export interface CustomerSearch {
  /** Absent: every status but erased. */
  status?: CustomerStatus;
  /** Part of the search name (a search key). */
  name?: string;
  /** A normalised contact value. */
  phone?: string;
  email?: string;
  tierId?: string;
  responsibleEmployeeId?: string;
  organisationId?: string;
  tag?: string;
  createdFrom?: Date;
  createdTo?: Date;
  /** The search box: any one of these matches. */
  anyOf?: { name: string; room: string; phone: string | null; email: string | null; customerIds: string[] };
  /** The last id of the previous page. */
  after?: string;
}

export interface CustomerTierRow {
  id: string;
  tierId: string | null;
}

/** The customers module's tables: customers, their contacts and their tags. */
@Injectable()
export class CustomersRepository {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly guestCards: GuestCards,
  ) {}

  /**
   * A customer's row, read once per till call however many modules ask for it (the card,
   * the categories, the tier); inside a transaction, the transaction's own read.
   */
  customer(tenantId: string, id: string): Promise<Customer | null> {
    const read = () => this.uow.read(async (manager) => (await selectRows(manager, Customer, 'tenant_id = ? AND id = ?', [tenantId, id]))[0] ?? null);
    return this.uow.inTransaction ? read() : ReadScope.once(`customer:${tenantId}:${id}`, read);
  }

  /** The customer's row, locked until the unit of work ends. */
  async lockCustomer(tenantId: string, id: string): Promise<Customer | null> {
    return (await lockRows(this.uow.manager, Customer, 'tenant_id = ? AND id = ?', [tenantId, id]))[0] ?? null;
  }

  customersByIds(tenantId: string, ids: string[]): Promise<Customer[]> {
    return this.uow.read((manager) => manager.findBy(Customer, { tenantId, id: In(ids) }));
  }

  activeCustomersNamed(tenantId: string, nameKey: string): Promise<Customer[]> {
    return this.uow.read((manager) => manager.findBy(Customer, { tenantId, nameKey, status: 'active' }));
  }

  byExternalId(tenantId: string, externalId: string): Promise<Customer | null> {
    return this.uow.read(async (manager) => (await selectRows(manager, Customer, 'tenant_id = ? AND external_id = ?', [tenantId, externalId]))[0] ?? null);
  }

  async insertCustomer(customer: Customer): Promise<void> {
    await this.uow.manager.insert(Customer, customer);
  }

  async insertCustomers(customers: Customer[]): Promise<void> {
    await insertRows(this.uow.manager, Customer, customers);
  }

  /** The customers among these external ids the tenant has already. */
  withExternalIds(tenantId: string, externalIds: string[]): Promise<Customer[]> {
    return externalIds.length === 0 ? Promise.resolve([]) : this.uow.read((manager) => selectRows(manager, Customer, `tenant_id = ? AND external_id IN (${placeholders(externalIds)})`, [tenantId, ...externalIds]));
  }

  async saveCustomer(customer: Customer): Promise<void> {
    await this.uow.manager.save(Customer, customer);
    this.guestCards.changed(customer.tenantId, [customer.id]);
  }

  async recordTermination(tenantId: string, id: string, reason: string, at: Date, actorId: string): Promise<void> {
    await this.uow.manager.update(Customer, { tenantId, id }, { status: 'terminated', terminatedAt: at, terminationReason: reason, updatedAt: at, updatedBy: actorId });
    this.guestCards.changed(tenantId, [id]);
  }

  /** `limit` customers matching `search`, in id order. */
  search(tenantId: string, search: CustomerSearch, limit: number): Promise<Customer[]> {
    return this.uow.read((manager) => {
      const conditions = ['c.tenant_id = ?'];
      const parameters: unknown[] = [tenantId];
      const where = (condition: string, ...values: unknown[]) => {
        conditions.push(condition);
        parameters.push(...values);
      };
      if (search.status !== undefined) where('c.status = ?', search.status);
      else where("c.status <> 'erased'");
      if (search.name !== undefined) where("c.search_name LIKE ? ESCAPE '!'", likePattern(search.name));
      if (search.phone !== undefined) where(HAS_CONTACT, search.phone);
      if (search.email !== undefined) where(HAS_CONTACT, search.email);
      if (search.tierId !== undefined) where('c.tier_id = ?', search.tierId);
      if (search.responsibleEmployeeId !== undefined) where('c.responsible_employee_id = ?', search.responsibleEmployeeId);
      if (search.organisationId !== undefined) where('c.organisation_id = ?', search.organisationId);
      if (search.tag !== undefined) where('EXISTS (SELECT 1 FROM rc_customer_tags t WHERE t.tenant_id = c.tenant_id AND t.customer_id = c.id AND t.tag = ?)', search.tag);
      if (search.createdFrom !== undefined) where('c.created_at >= ?', bindable(manager, Customer, 'createdAt', search.createdFrom));
      if (search.createdTo !== undefined) where('c.created_at <= ?', bindable(manager, Customer, 'createdAt', search.createdTo));
      if (search.anyOf !== undefined) {
        const { name, room, phone, email, customerIds } = search.anyOf;
        const any: string[] = [];
        const values: unknown[] = [];
        const or = (condition: string, ...given: unknown[]) => {
          any.push(condition);
          values.push(...given);
        };
        or("c.search_name LIKE ? ESCAPE '!'", likePattern(name));
        or('c.room = ?', room);
        if (phone !== null) or(HAS_CONTACT, phone);
        if (email !== null) or(HAS_CONTACT, email);
        if (customerIds.length > 0) or(`c.id IN (${placeholders(customerIds)})`, ...customerIds);
        where(`(${any.join(' OR ')})`, ...values);
      }
      if (search.after !== undefined) where('c.id > ?', search.after);
      return selectRows(manager, Customer, conditions.join(' AND '), parameters, { alias: 'c', orderBy: 'c.id ASC', limit });
    });
  }

  /** Active customers born on one of these days of the year ('MM-DD'), the next `limit` ids after `afterId`. */
  async idsBornOn(tenantId: string, monthDays: string[], afterId: string, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.uow.read((manager) =>
      manager.query(
        `SELECT id FROM rc_customers WHERE tenant_id = ? AND status = 'active' AND id > ? AND SUBSTR(birth_date, 6, 5) IN (${placeholders(monthDays)}) ORDER BY id ASC LIMIT ${Math.trunc(limit)}`,
        [tenantId, afterId, ...monthDays],
      ),
    );
    return rows.map((row) => row.id);
  }

  async countActive(tenantId: string): Promise<number> {
    const [row]: { n: unknown }[] = await this.uow.read((manager) =>
      manager.query(`SELECT COUNT(*) AS n FROM rc_customers ${this.activeTierIndex()} WHERE tenant_id = ? AND status = 'active'`, [tenantId]),
    );
    return toExactInteger(row?.n ?? 0);
  }

  /** Bare rows rather than entities, so that a job's memory stays flat. */
  activeTiersAfter(tenantId: string, afterId: string, limit: number): Promise<CustomerTierRow[]> {
    return this.uow.read((manager) =>
      manager.query(
        `SELECT id, tier_id AS tierId FROM rc_customers ${this.activeTierIndex()} WHERE tenant_id = ? AND status = 'active' AND id > ? ORDER BY id ASC LIMIT ${Math.trunc(limit)}`,
        [tenantId, afterId],
      ),
    );
  }

  /**
   * The tier job's reads name the index that holds all they read: MariaDB otherwise takes
   * the primary key's tenant prefix and reads every whole row of the tenant (EXPLAIN at
   * 1,000,000 guests: PRIMARY, not `Using index`).
   */
  private activeTierIndex(): string {
    return this.uow.engine === 'mysql' ? 'FORCE INDEX (rc_customers_active_tier)' : 'INDEXED BY rc_customers_active_tier';
  }

  /** Locks these active customers' rows in id order (one order for every caller, so two closes cannot deadlock). */
  lockActiveCustomers(tenantId: string, ids: string[]): Promise<Customer[]> {
    const sorted = [...ids].sort();
    return lockRows(this.uow.manager, Customer, `tenant_id = ? AND id IN (${placeholders(sorted)}) AND status = 'active'`, [tenantId, ...sorted], { orderBy: 'id' });
  }

  /** One statement for every customer moving into the same tier. */
  async setTier(tenantId: string, ids: string[], tierId: string | null, at: Date): Promise<void> {
    const manager = this.uow.manager;
    await manager.query(`UPDATE rc_customers SET tier_id = ?, updated_at = ? WHERE tenant_id = ? AND id IN (${placeholders(ids)})`, [
      tierId,
      bindable(manager, Customer, 'updatedAt', at),
      tenantId,
      ...ids,
    ]);
    this.guestCards.changed(tenantId, ids);
  }

  /** Writes the erased values over the customer's row. */
  async anonymiseCustomer(tenantId: string, id: string, values: Partial<Customer>): Promise<void> {
    await this.uow.manager.update(Customer, { tenantId, id }, values);
    this.guestCards.changed(tenantId, [id]);
  }

  /** The ids of the tenant's customers not erased yet, in id order. */
  async idsNotErased(tenantId: string): Promise<string[]> {
    const rows = await this.uow.read((manager) => manager.find(Customer, { select: { id: true }, where: { tenantId, status: Not('erased') }, order: { id: 'ASC' } }));
    return rows.map((row) => row.id);
  }

  /** Writes the erased values over every customer of the tenant not erased yet; answers how many. */
  async anonymiseEveryCustomer(tenantId: string, values: Partial<Customer>): Promise<number> {
    await this.guestCards.changedForEveryGuest(tenantId);
    return (await this.uow.manager.update(Customer, { tenantId, status: Not('erased') }, values)).affected ?? 0;
  }

  /** The tags of each of these customers. */
  async tagsOf(tenantId: string, customerIds: string[]): Promise<Map<string, string[]>> {
    const tags = new Map<string, string[]>();
    if (customerIds.length === 0) return tags;
    for (const row of await this.uow.read((manager) => manager.findBy(CustomerTag, { tenantId, customerId: In(customerIds) }))) {
      tags.set(row.customerId, [...(tags.get(row.customerId) ?? []), row.tag]);
    }
    return tags;
  }

  async replaceTags(tenantId: string, customerId: string, tags: string[]): Promise<void> {
    const manager = this.uow.manager;
    await manager.delete(CustomerTag, { tenantId, customerId });
    if (tags.length > 0) await manager.insert(CustomerTag, tags.map((tag) => ({ tenantId, customerId, tag })));
  }

  async deleteTagsOf(tenantId: string, customerId: string): Promise<number> {
    return (await this.uow.manager.delete(CustomerTag, { tenantId, customerId })).affected ?? 0;
  }

  async deleteEveryTag(tenantId: string): Promise<number> {
    return (await this.uow.manager.delete(CustomerTag, { tenantId })).affected ?? 0;
  }

  /** The contacts of each of these customers, oldest first. */
  async contactsOf(tenantId: string, customerIds: string[]): Promise<Map<string, CustomerContact[]>> {
    const byCustomer = new Map<string, CustomerContact[]>();
    if (customerIds.length === 0) return byCustomer;
    const rows = await this.uow.read((manager) => manager.find(CustomerContact, { where: { tenantId, customerId: In(customerIds) }, order: { id: 'ASC' } }));
    for (const row of rows) byCustomer.set(row.customerId, [...(byCustomer.get(row.customerId) ?? []), row]);
    return byCustomer;
  }

  contact(tenantId: string, customerId: string, id: string): Promise<CustomerContact | null> {
    return this.uow.read((manager) => manager.findOneBy(CustomerContact, { tenantId, customerId, id }));
  }

  contactsOfType(tenantId: string, customerId: string, type: ContactType): Promise<CustomerContact[]> {
    return this.uow.read((manager) => manager.findBy(CustomerContact, { tenantId, customerId, type }));
  }

  oldestContactOfType(tenantId: string, customerId: string, type: ContactType): Promise<CustomerContact | null> {
    return this.uow.read((manager) => manager.findOne(CustomerContact, { where: { tenantId, customerId, type }, order: { id: 'ASC' } }));
  }

  /** Ids of customers having any of these normalised contact values, each once. */
  async customersWithContactValue(tenantId: string, values: string[]): Promise<string[]> {
    const rows = await this.uow.read((manager) => manager.find(CustomerContact, { where: { tenantId, value: In(values) }, select: { customerId: true } }));
    return [...new Set(rows.map((row) => row.customerId))];
  }

  async insertContacts(contacts: CustomerContact[]): Promise<void> {
    await insertRows(this.uow.manager, CustomerContact, contacts);
  }

  async saveContact(contact: CustomerContact): Promise<void> {
    await this.uow.manager.save(CustomerContact, contact);
  }

  async deleteContact(tenantId: string, id: string): Promise<void> {
    await this.uow.manager.delete(CustomerContact, { tenantId, id });
  }

  async makePrimary(tenantId: string, id: string): Promise<void> {
    await this.uow.manager.update(CustomerContact, { tenantId, id }, { primarySlot: 'primary' });
  }

  /** Frees the primary slot of the type, before another contact takes it (one primary per type is a unique key). */
  async demotePrimary(tenantId: string, customerId: string, type: ContactType): Promise<void> {
    await this.uow.manager.update(CustomerContact, { tenantId, customerId, type, primarySlot: 'primary' }, { primarySlot: null });
  }

  async deleteContactsOf(tenantId: string, customerId: string): Promise<number> {
    return (await this.uow.manager.delete(CustomerContact, { tenantId, customerId })).affected ?? 0;
  }

  async deleteEveryContact(tenantId: string): Promise<number> {
    return (await this.uow.manager.delete(CustomerContact, { tenantId })).affected ?? 0;
  }
}

const HAS_CONTACT = 'EXISTS (SELECT 1 FROM rc_customer_contacts ct WHERE ct.tenant_id = c.tenant_id AND ct.customer_id = c.id AND ct.value = ?)';

function likePattern(text: string): string {
  return `%${text.replace(/[!%_]/g, '!$&')}%`;
}
