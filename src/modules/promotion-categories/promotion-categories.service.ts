import { Inject, Injectable } from '@nestjs/common';
import { isUniqueViolation } from '../../common/database/database-errors.js';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { newId } from '../../common/ids.js';
import type { PersonalDataHolder } from '../../common/personal-data/personal-data-holder.js';
import { validationFailed } from '../../common/validation/validation.js';
import { localDate } from '../../common/calendar.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import type { RequestActor } from '../../common/security/request-actor.js';
import { CustomersService } from '../customers/customers.service.js';
import type {
  AssignCategoryDto,
  CreatePromotionCategoryDto,
  CustomerCategoryDto,
  PromotionCategoryDto,
  UpdatePromotionCategoryDto,
} from './dto/promotion-category.dto.js';
import type { CustomerCategory } from './entities/customer-category.entity.js';
import type { PromotionCategory } from './entities/promotion-category.entity.js';
import { PromotionCategoriesRepository } from './promotion-categories.repository.js';
import { RevisionCache, TenantRevisions } from '../../common/revisions/tenant-revisions.service.js';

export function presentCategory(category: PromotionCategory): PromotionCategoryDto {
  return {
    id: category.id,
    code: category.code,
    name: category.name,
    description: category.description,
    active: category.active,
    lineDiscountCapBp: category.lineDiscountCapBp,
    version: category.version,
    updatedAt: category.updatedAt.toISOString(),
    updatedBy: category.updatedBy,
  };
}

/** Promotion categories and the personal categories customers carry. */
/** A category assigned to a customer, from and to which business days. */
export type AssignmentTerms = Pick<CustomerCategory, 'categoryId' | 'validFrom' | 'validTo'>;

@Injectable()
export class PromotionCategoriesService {
  /** Every category of the tenant, as evaluations name them: kept per tenant revision. */
  private readonly categories: RevisionCache<PromotionCategory[]>;

  /** What this module keeps about a guest: their export, their erasure and the tenant's purge ask it (PrivacyFlow). */
  readonly personalData: PersonalDataHolder = {
    name: 'categories',
    export: (tenantId, customerId) => this.assignmentsOf(tenantId, customerId),
    // Personal categories serve no one after erasure, and a birthday week's dates tell the birthday.
    erase: (tenantId, customerId) => this.repository.deleteAssignmentsOf(tenantId, customerId),
    purge: (tenantId) => this.repository.deleteTenantAssignments(tenantId),
  };

  constructor(
    private readonly repository: PromotionCategoriesRepository,
    private readonly revisions: TenantRevisions,
    private readonly customers: CustomersService,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {
    this.categories = new RevisionCache(revisions, (tenantId) => this.repository.categoriesOf(tenantId));
  }

  async create(actor: RequestActor, input: CreatePromotionCategoryDto): Promise<PromotionCategoryDto> {
    const now = this.config.clock.now();
    const category: PromotionCategory = {
      tenantId: actor.tenantId,
      id: newId('pc', now),
      code: input.code,
      name: input.name,
      description: input.description ?? null,
      active: input.active ?? true,
      lineDiscountCapBp: input.lineDiscountCapBp ?? null,
      version: 1,
      createdAt: now,
      createdBy: actor.id,
      updatedAt: now,
      updatedBy: actor.id,
    };
    try {
      await this.repository.insertCategory(category);
    } catch (error) {
      if (isUniqueViolation(error)) throw new RegularsError('category_exists', `code: a category ${input.code} exists`);
      throw error;
    }
    await this.revisions.bump(actor.tenantId);
    return presentCategory(category);
  }

  async update(actor: RequestActor, id: string, input: UpdatePromotionCategoryDto): Promise<PromotionCategoryDto> {
    const category = await this.repository.lockCategory(actor.tenantId, id);
    if (!category) throw RegularsError.notFound('promotion_category', id);
    if (input.name !== undefined) category.name = input.name;
    if (input.description !== undefined) category.description = input.description;
    if (input.active !== undefined) category.active = input.active;
    if (input.lineDiscountCapBp !== undefined) category.lineDiscountCapBp = input.lineDiscountCapBp;
    Object.assign(category, { version: category.version + 1, updatedAt: this.config.clock.now(), updatedBy: actor.id });
    await this.repository.saveCategory(category);
    await this.revisions.bump(actor.tenantId);
    return presentCategory(category);
  }

  async list(tenantId: string, active?: boolean): Promise<PromotionCategoryDto[]> {
    return (await this.repository.listCategories(tenantId, active)).map(presentCategory);
  }

  async get(tenantId: string, id: string): Promise<PromotionCategory> {
    const category = await this.repository.category(tenantId, id);
    if (!category) throw RegularsError.notFound('promotion_category', id);
    return category;
  }

  /** Every category of the tenant, for the rule book. */
  /** The tenant's categories (the kept copy is shared: change one only through update()). */
  all(tenantId: string): Promise<PromotionCategory[]> {
    return this.categories.get(tenantId);
  }

  /** The category a manager names by its code, if there is one. */
  byCode(tenantId: string, code: string): Promise<PromotionCategory | null> {
    return this.repository.categoryByCode(tenantId, code);
  }

  async assign(actor: RequestActor, customerId: string, input: AssignCategoryDto): Promise<CustomerCategoryDto> {
    if (input.validFrom && input.validTo && input.validTo < input.validFrom) throw validationFailed(['validTo: must not be before validFrom']);
    await this.customers.find(actor.tenantId, customerId);
    const category = await this.byCode(actor.tenantId, input.categoryCode);
    if (!category) throw new RegularsError('unknown_category', `categoryCode: there is no category ${input.categoryCode}`);
    const existing = await this.repository.assignment(actor.tenantId, customerId, category.id);
    const assignment: CustomerCategory = existing ?? {
      tenantId: actor.tenantId,
      id: newId('cc', this.config.clock.now()),
      customerId,
      categoryId: category.id,
      validFrom: null,
      validTo: null,
      createdAt: this.config.clock.now(),
      createdBy: actor.id,
    };
    assignment.validFrom = input.validFrom ?? null;
    assignment.validTo = input.validTo ?? null;
    await this.repository.saveAssignment(assignment);
    return this.presentAssignment(assignment, category);
  }

  /**
   * Categories an import gives customers it made, open-ended, in one statement; an unknown
   * code refuses them all, naming it, and the caller takes the rows one by one.
   */
  async assignImported(actor: RequestActor, assignments: { customerId: string; categoryCode: string }[]): Promise<void> {
    const categories = new Map<string, PromotionCategory>();
    for (const { categoryCode } of assignments) {
      if (categories.has(categoryCode)) continue;
      const category = await this.byCode(actor.tenantId, categoryCode);
      if (!category) throw new RegularsError('unknown_category', `categories: there is no category ${categoryCode}`);
      categories.set(categoryCode, category);
    }
    const now = this.config.clock.now();
    await this.repository.insertAssignments(
      assignments.map(({ customerId, categoryCode }) => ({ tenantId: actor.tenantId, id: newId('cc', now), customerId, categoryId: categories.get(categoryCode)!.id, validFrom: null, validTo: null, createdAt: now, createdBy: actor.id })),
    );
  }

  async unassign(actor: RequestActor, customerId: string, assignmentId: string): Promise<void> {
    const deleted = await this.repository.deleteAssignment(actor.tenantId, customerId, assignmentId);
    if (!deleted) throw RegularsError.notFound('customer_category', assignmentId);
  }

  async customerCategories(tenantId: string, customerId: string): Promise<CustomerCategoryDto[]> {
    await this.customers.find(tenantId, customerId);
    return this.assignmentsOf(tenantId, customerId);
  }

  /** The codes of the categories assigned to a customer that are in effect on a business day. */
  async personalCodesOf(tenantId: string, customerId: string, day: string): Promise<string[]> {
    return this.codesOnDay(tenantId, await this.assignmentTerms(tenantId, customerId), day);
  }

  /** Which categories a customer is assigned, and when: what their codes on any day follow from (a guest's card keeps it). */
  async assignmentTerms(tenantId: string, customerId: string): Promise<AssignmentTerms[]> {
    return (await this.repository.assignmentsForEvaluation(tenantId, customerId)).map(({ categoryId, validFrom, validTo }) => ({ categoryId, validFrom, validTo }));
  }

  /** The codes these assignments give on a business day, as the categories stand now. */
  async codesOnDay(tenantId: string, assignments: AssignmentTerms[], day: string): Promise<string[]> {
    return assignments.length === 0 ? [] : codesInEffect(assignments, await this.byId(tenantId), day);
  }

  /** The same for many customers at once (an offline pack's page); a customer without any is left out. */
  async personalCodesOfMany(tenantId: string, customerIds: string[], day: string): Promise<Map<string, string[]>> {
    const byCustomer = new Map<string, CustomerCategory[]>();
    for (const assignment of await this.repository.assignmentsOfCustomers(tenantId, customerIds)) {
      byCustomer.set(assignment.customerId, [...(byCustomer.get(assignment.customerId) ?? []), assignment]);
    }
    const categories = await this.byId(tenantId);
    return new Map([...byCustomer].map(([customerId, assignments]) => [customerId, codesInEffect(assignments, categories, day)]));
  }

  private async byId(tenantId: string): Promise<Map<string, PromotionCategory>> {
    return new Map((await this.all(tenantId)).map((category) => [category.id, category]));
  }

  private async assignmentsOf(tenantId: string, customerId: string): Promise<CustomerCategoryDto[]> {
    const assignments = await this.repository.assignmentsOf(tenantId, customerId);
    const categories = await this.byIds(tenantId, assignments.map((a) => a.categoryId));
    return assignments.map((assignment) => this.presentAssignment(assignment, categories.get(assignment.categoryId)!));
  }

  private async byIds(tenantId: string, ids: string[]): Promise<Map<string, PromotionCategory>> {
    if (ids.length === 0) return new Map();
    const rows = await this.repository.categoriesByIds(tenantId, ids);
    return new Map(rows.map((row) => [row.id, row]));
  }

  private presentAssignment(assignment: CustomerCategory, category: PromotionCategory): CustomerCategoryDto {
    return {
      id: assignment.id,
      categoryId: category.id,
      categoryCode: category.code,
      categoryName: category.name,
      validFrom: assignment.validFrom,
      validTo: assignment.validTo,
      inEffect: inEffect(assignment, category, localDate(this.config.clock.now(), this.config.timeZone)),
    };
  }
}

function codesInEffect(assignments: AssignmentTerms[], categories: Map<string, PromotionCategory>, day: string): string[] {
  const personal = assignments.filter((assignment) => inEffect(assignment, categories.get(assignment.categoryId), day)).map((assignment) => categories.get(assignment.categoryId)!.code);
  return [...new Set(personal)].sort();
}

function inEffect(assignment: AssignmentTerms, category: PromotionCategory | undefined, day: string): boolean {
  return !!category?.active && (!assignment.validFrom || assignment.validFrom <= day) && (!assignment.validTo || day <= assignment.validTo);
}
