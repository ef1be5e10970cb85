import { Inject, Injectable } from '@nestjs/common';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { isUniqueViolation } from '../../common/database/database-errors.js';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { minorDigits } from '../../common/money.js';
import type { RequestActor } from '../../common/security/request-actor.js';
import { AccountsService } from '../../modules/accounts/accounts.service.js';
import { AccountTypesService } from '../../modules/accounts/account-types.service.js';
import { CustomersService } from '../../modules/customers/customers.service.js';
import type { Customer } from '../../modules/customers/entities/customer.entity.js';
import { IdentifiersService } from '../../modules/identification/identifiers.service.js';
import { activeKeyOf } from '../../modules/identification/entities/identifier.entity.js';
import type { IdentifierType } from '../../contract/contract-values.js';
import type { CreateCustomerDto } from '../../modules/customers/dto/customer-input.dto.js';
import { KIND_PRESETS, mappingFor, readCustomerRow, type ColumnMapping, type ImportedCustomer, type ImportKind } from '../../modules/imports/customer-rows.js';
import { ImportMappings } from '../../modules/imports/import-mappings.service.js';
import { PromotionCategoriesService } from '../../modules/promotion-categories/promotion-categories.service.js';
import { TiersService } from '../../modules/tiers/tiers.service.js';
import { DailyUsage } from '../../modules/usage/daily-usage.service.js';

/** One row of the file as the parser gave it, with its line in the file. */
export interface ImportRecord {
  line: number;
  record: Record<string, string | undefined>;
}

export interface ImportRequest {
  actor: RequestActor;
  /** Customers, or the cards or balances of customers imported before. */
  kind: ImportKind;
  fileName: string;
  mapping: ColumnMapping;
  /** Check every row as the real run would, and write nothing. */
  dryRun: boolean;
  onProgress?: (rows: number) => void;
}

/** How the caller picks a customers file's mapping; nothing picked is the tenant's saved one. */
export interface MappingChoice {
  preset?: string;
  columns?: ColumnMapping['columns'];
  balances?: ColumnMapping['balances'];
}

/** What a run did, or in a dry run would do; every refused row with its line and why. */
export interface ImportReport {
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  refused: { line: number; problems: string[] }[];
  /** Cards the file gives a customer that another customer holds here: reported, never moved. */
  cardsHeldElsewhere: { line: number; card: string; holder: { id: string; displayName: string } }[];
}

/** Thrown to roll a dry run's row back once it has done everything the real run would. */
class DryRun extends Error {
  constructor(readonly outcome: RowOutcome) {
    super('dry run');
  }
}

type RowOutcome = 'created' | 'updated' | 'unchanged';

/** Each row's card as the tenant's settings normalise it ('' when they refuse it). */
type NormalisedCards = Map<ImportedCustomer, { type: IdentifierType; value: string }>;

interface SortedBatch {
  fresh: ImportedCustomer[];
  unchanged: number;
  rest: ImportedCustomer[];
  cards: NormalisedCards;
}

/** How many rows are taken at once: read, checked and, when new, made together. */
const BATCH = 500;

/** Batches written at once: the database stores them on as many connections while the next is read. */
const IN_FLIGHT = 3;

/** At most this many refused rows are listed; the counts cover all of them. */
const LISTED = 1000;

/**
 * Brings a restaurant's existing regulars in: each row is one customer, found by their id in
 * the system the restaurant moved from (so the same file twice changes nothing and a
 * corrected file changes what it corrects), with their contacts normalised as everywhere,
 * their card (one another customer holds is reported, not moved), tier, categories, and
 * each balance as an `import` entry naming the file and line. Each row is its own unit of
 * work: a run stopped halfway and run again ends as one run would. A dry run does every
 * row's work and rolls it back, so it refuses exactly what the real run would.
 */
@Injectable()
export class CustomerImport {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly customers: CustomersService,
    private readonly identifiers: IdentifiersService,
    private readonly categories: PromotionCategoriesService,
    private readonly tiers: TiersService,
    private readonly accounts: AccountsService,
    private readonly accountTypes: AccountTypesService,
    private readonly usage: DailyUsage,
    private readonly mappings: ImportMappings,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  /**
   * The mapping a customers file is read with: the columns given, a preset's, or the
   * tenant's saved one (the plugin's own layout until one is saved); its balances as given,
   * or as saved. Cards and balances files have the plugin's layout. Null for no such preset.
   */
  async mappingFor(tenantId: string, kind: ImportKind, choice: MappingChoice): Promise<ColumnMapping | null> {
    if (kind !== 'customers') return KIND_PRESETS[kind];
    if (choice.columns) return { columns: choice.columns, balances: choice.balances ?? [] };
    if (choice.preset) return mappingFor(kind, choice.preset, choice.balances ?? []);
    const saved = await this.mappings.get(tenantId, kind);
    return { columns: saved.columns, balances: choice.balances ?? saved.balances };
  }

  async run(records: AsyncIterable<ImportRecord>, request: ImportRequest): Promise<ImportReport> {
    const tenantId = request.actor.tenantId;
    const report: ImportReport = { dryRun: request.dryRun, rows: 0, created: 0, updated: 0, unchanged: 0, refused: [], cardsHeldElsewhere: [] };
    const digits = new Map((await this.accountTypes.list(tenantId)).map((type) => [type.code, type.unit === 'points' ? 0 : minorDigits(type.unit)]));
    const unknown = request.mapping.balances.find(({ accountType }) => !digits.has(accountType));
    if (unknown) throw new RegularsError('not_found', `balances: there is no account type ${unknown.accountType}`);
    let refusedRows = 0;
    const refuse = (line: number, problems: string[]) => {
      refusedRows += 1;
      if (report.refused.length < LISTED) report.refused.push({ line, problems });
    };
    const inFlight: { done: Promise<void>; externalIds: Set<string> }[] = [];
    // A batch that failed fails the run, once every other batch has stopped.
    const settle = (batches: { done: Promise<void> }[]) =>
      Promise.all(batches.map((batch) => batch.done)).catch(async (error: unknown) => {
        await Promise.all(inFlight.map((batch) => batch.done.catch(() => undefined)));
        throw error;
      });
    const send = async (rows: ImportedCustomer[]) => {
      const externalIds = new Set(rows.map((row) => row.externalId.toLowerCase()));
      // A customer in two batches is written in the file's order: the later line wins.
      await settle(inFlight.filter((batch) => [...externalIds].some((id) => batch.externalIds.has(id))));
      const done = this.take(rows, inFlight.at(-1)?.done ?? Promise.resolve(), request, report, refuse);
      done.catch(() => undefined);
      inFlight.push({ done, externalIds });
      if (inFlight.length >= IN_FLIGHT) await settle([inFlight.shift()!]);
    };
    let batch: ImportedCustomer[] = [];
    for await (const { line, record } of records) {
      report.rows += 1;
      const reading = readCustomerRow(record, line, request.mapping, (type) => digits.get(type), request.kind);
      if ('problems' in reading) refuse(line, reading.problems);
      else batch.push(reading.row);
      if (batch.length === BATCH) {
        await send(batch);
        batch = [];
      }
    }
    await send(batch);
    await settle(inFlight);
    // The next file from the same system is read the same way: the mapping that read this one is the tenant's now.
    if (!request.dryRun && request.kind === 'customers' && report.created + report.updated + report.unchanged > 0) {
      await this.uow.transaction(() => this.mappings.save(request.actor, request.mapping));
    }
    report.refused.sort((a, b) => a.line - b.line);
    if (refusedRows > report.refused.length) report.refused.push({ line: 0, problems: [`${refusedRows - report.refused.length} more rows refused`] });
    return report;
  }

  /**
   * One batch: new customers made together, rows the plugin already has as the file says
   * counted and left alone, the rest one by one — once the batch before is done, so rows
   * are written in the file's order wherever the order matters.
   */
  private async take(rows: ImportedCustomer[], after: Promise<void>, request: ImportRequest, report: ImportReport, refuse: (line: number, problems: string[]) => void): Promise<void> {
    const { fresh, unchanged, rest, cards } = await this.sortOut(rows, request);
    report.unchanged += unchanged;
    const together = fresh.length > 0 && (await this.makeTogether(fresh, cards, request));
    if (together) report.created += fresh.length;
    await after;
    const oneByOne = together ? rest : [...fresh, ...rest].sort((a, b) => a.line - b.line);
    for (const row of oneByOne) {
      try {
        report[await this.applyRow(row, request, report)] += 1;
      } catch (error) {
        if (!(error instanceof RegularsError)) throw error;
        refuse(row.line, [inFileWords(error.message, row, request.mapping)]);
      }
    }
    request.onProgress?.(report.rows);
  }

  /**
   * Which rows are customers the tenant has not got yet — no tier to move them into, no
   * card anyone holds, each once in the batch — to be made together; which are customers
   * the plugin already has exactly as the row says (a run again, or the first half of a
   * run stopped halfway), to be left alone; and the rest, for one by one.
   */
  private async sortOut(rows: ImportedCustomer[], { actor, kind }: ImportRequest): Promise<SortedBatch> {
    const cards: NormalisedCards = new Map();
    const sorted: SortedBatch = { fresh: [], unchanged: 0, rest: [], cards };
    if (rows.length === 0) return sorted;
    const tenantId = actor.tenantId;
    const known = new Map((await this.customers.withExternalIds(tenantId, rows.map((row) => row.externalId))).map((customer) => [customer.externalId, customer]));
    for (const row of rows) {
      if (row.card) cards.set(row, { type: row.card.type, value: await this.identifiers.normalise(tenantId, row.card.type, row.card.value, 'cardNumber').catch(() => '') });
    }
    const held = await this.identifiers.activeAmong(tenantId, [...cards.values()].filter((card) => card.value));
    const knownIds = [...known.values()].map((customer) => customer.id);
    const [identifiers, imported, categories, tiers] = await Promise.all([
      this.identifiers.ofCustomers(tenantId, knownIds),
      this.accounts.importedOfCustomers(tenantId, knownIds),
      this.categories.personalCodesOfMany(tenantId, knownIds, this.usage.dayOf(this.config.clock.now())),
      this.tierIds(tenantId, rows),
    ]);
    const asTheRowSays = (row: ImportedCustomer, customer: Customer): boolean => {
      const card = cards.get(row);
      return (
        (kind !== 'customers' || !changed(customer, customerInput(row))) &&
        (!card || identifiers.some((identifier) => identifier.customerId === customer.id && identifier.type === card.type && identifier.value === card.value && identifier.status === row.card!.status)) &&
        (!row.tier || tiers.get(row.tier) === customer.tierId) &&
        row.categories.every((code) => categories.get(customer.id)?.includes(code)) &&
        row.balances.every(({ accountType, amount }) => imported.get(customer.id)?.get(accountType) === amount)
      );
    };
    const seen = new Set<string>();
    for (const row of rows) {
      const customer = known.get(row.externalId);
      const card = cards.get(row);
      const once = !seen.has(row.externalId);
      seen.add(row.externalId);
      if (customer && once && asTheRowSays(row, customer)) sorted.unchanged += 1;
      else if (!customer && once && kind === 'customers' && !row.tier && (!card || (card.value !== '' && !held.has(activeKeyOf(card.type, card.value))))) sorted.fresh.push(row);
      else sorted.rest.push(row);
    }
    return sorted;
  }

  /** The tiers the rows name, by code; a code the tenant has no tier for is left out (its row says so one by one). */
  private async tierIds(tenantId: string, rows: ImportedCustomer[]): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    for (const code of new Set(rows.flatMap((row) => (row.tier ? [row.tier] : [])))) {
      const tier = await this.tiers.byCode(tenantId, code).catch((error: unknown) => {
        if (error instanceof RegularsError) return null;
        throw error;
      });
      if (tier) ids.set(code, tier.id);
    }
    return ids;
  }

  /**
   * Makes the new customers in one unit of work: a few statements per batch, where one by
   * one they take dozens each. False when any of them is refused, or a batch written at the
   * same time took one of their ids or cards first: they then go one by one, which says
   * which was wrong.
   */
  private async makeTogether(fresh: ImportedCustomer[], cards: NormalisedCards, request: ImportRequest): Promise<boolean> {
    const { actor } = request;
    try {
      await this.uow.transaction(async () => {
        const made = await this.customers.createImported(actor, fresh.map((row) => ({ externalId: row.externalId, input: customerInput(row) })));
        await this.identifiers.bindImported(actor, fresh.flatMap((row, i) => (row.card ? [{ customerId: made[i].id, ...cards.get(row)!, status: row.card.status }] : [])));
        await this.categories.assignImported(actor, fresh.flatMap((row, i) => [...new Set(row.categories)].map((categoryCode) => ({ customerId: made[i].id, categoryCode }))));
        await this.accounts.openImported(
          { tenantId: actor.tenantId, actorId: actor.id, actorName: actor.name ?? null },
          fresh.flatMap((row, i) => row.balances.map(({ accountType, amount, expiresAt }) => ({ customerId: made[i].id, typeCode: accountType, amount, expiresAt, reason: `${request.fileName}, line ${row.line}` }))),
        );
        if (request.dryRun) throw new DryRun('created');
      });
      return true;
    } catch (error) {
      if (error instanceof DryRun) return true;
      if (error instanceof RegularsError || isUniqueViolation(error)) return false;
      throw error;
    }
  }

  private async applyRow(row: ImportedCustomer, request: ImportRequest, report: ImportReport): Promise<RowOutcome> {
    try {
      return await this.uow.transaction(async () => {
        const outcome = await this.bring(row, request, report);
        if (request.dryRun) throw new DryRun(outcome);
        return outcome;
      });
    } catch (error) {
      if (error instanceof DryRun) return error.outcome;
      throw error;
    }
  }

  /** The row's customer as the file has them, made or brought up to date. */
  private async bring(row: ImportedCustomer, request: ImportRequest, report: ImportReport): Promise<RowOutcome> {
    const { actor } = request;
    const input = customerInput(row);
    let customer = await this.customers.byExternalId(actor.tenantId, row.externalId);
    let outcome: RowOutcome = 'unchanged';
    if (!customer) {
      if (request.kind !== 'customers') throw new RegularsError('not_found', `${request.mapping.columns.externalId}: no customer ${row.externalId} yet; import the customers first`);
      [customer] = await this.customers.createImported(actor, [{ externalId: row.externalId, input }]);
      outcome = 'created';
    } else if (request.kind === 'customers' && changed(customer, input)) {
      const { kind: _kind, contacts: _contacts, allowDuplicate: _duplicate, ...fields } = input;
      await this.customers.update(actor, customer.id, fields);
      outcome = 'updated';
    }
    const touched = [await this.bindCard(row, customer, request, report), await this.moveTier(row, customer, actor), await this.assignCategories(row, customer, actor), await this.bringBalances(row, customer, request)];
    return outcome === 'unchanged' && touched.some(Boolean) ? 'updated' : outcome;
  }

  private async bindCard(row: ImportedCustomer, customer: Customer, { actor }: ImportRequest, report: ImportReport): Promise<boolean> {
    if (!row.card) return false;
    const { type, value, status } = row.card;
    const normalised = await this.identifiers.normalise(actor.tenantId, type, value, 'cardNumber');
    const held = (await this.identifiers.listForCustomer(actor.tenantId, customer.id)).find((identifier) => identifier.type === type && identifier.value === normalised);
    if (held) {
      if (held.status === status) return false;
      await this.identifiers.setStatus(actor, held.id, { status, reason: 'imported' });
      return true;
    }
    try {
      const bound = await this.identifiers.bind(actor, customer.id, { type, value, entryMethod: 'manual' });
      if (status !== 'active') await this.identifiers.setStatus(actor, bound.id, { status, reason: 'imported' });
      return true;
    } catch (error) {
      if (!(error instanceof RegularsError) || error.code !== 'identifier_has_holder') throw error;
      const holder = (error.details as { holder: { id: string; displayName: string } }).holder;
      report.cardsHeldElsewhere.push({ line: row.line, card: `${type} ${value}`, holder });
      return false;
    }
  }

  private async moveTier(row: ImportedCustomer, customer: Customer, actor: RequestActor): Promise<boolean> {
    if (!row.tier) return false;
    const tier = await this.tiers.byCode(actor.tenantId, row.tier);
    if (customer.tierId === tier.id) return false;
    await this.tiers.moveByHand(actor, customer.id, { tierCode: tier.code, note: 'imported' });
    return true;
  }

  private async assignCategories(row: ImportedCustomer, customer: Customer, actor: RequestActor): Promise<boolean> {
    if (row.categories.length === 0) return false;
    const held = new Set((await this.categories.customerCategories(actor.tenantId, customer.id)).map((category) => category.categoryCode));
    const missing = row.categories.filter((code) => !held.has(code));
    for (const categoryCode of missing) await this.categories.assign(actor, customer.id, { categoryCode });
    return missing.length > 0;
  }

  private async bringBalances(row: ImportedCustomer, customer: Customer, { actor, fileName }: ImportRequest): Promise<boolean> {
    let moved = false;
    for (const { accountType, amount, expiresAt } of row.balances) {
      const account = await this.accounts.accountFor(actor.tenantId, { type: 'customer', id: customer.id }, accountType, true);
      const context = { tenantId: actor.tenantId, actorId: actor.id, actorName: actor.name ?? null, customerId: customer.id, reason: `${fileName}, line ${row.line}` };
      if (await this.accounts.importBalance(context, account!.id, amount, expiresAt)) moved = true;
    }
    return moved;
  }
}

/** A refusal about the customer's contacts, named by the file's column, as the manager knows it. */
function inFileWords(message: string, row: ImportedCustomer, mapping: ColumnMapping): string {
  const columns = [...(row.phone ? [mapping.columns.phone] : []), ...(row.email ? [mapping.columns.email] : [])];
  return message.replace(/^contacts\[(\d+)\]\.value/, (whole, i: string) => columns[Number(i)] ?? whole);
}

/** The customer as the row describes them, as a manager would create them. */
function customerInput(row: ImportedCustomer): CreateCustomerDto {
  return {
    kind: row.organisationName ? 'organisation' : 'individual',
    firstName: row.firstName,
    lastName: row.lastName,
    ...(row.organisationName ? { name: row.organisationName } : {}),
    birthDate: row.birthDate,
    ...(row.marketingConsent === null ? {} : { marketingConsent: row.marketingConsent }),
    contacts: [...(row.phone ? [{ type: 'mobile' as const, value: row.phone }] : []), ...(row.email ? [{ type: 'email' as const, value: row.email }] : [])],
    allowDuplicate: true,
  };
}

/** Whether the file says something of the customer other than what the plugin has. */
function changed(customer: Customer, fields: CreateCustomerDto): boolean {
  return (
    customer.firstName !== fields.firstName ||
    customer.lastName !== fields.lastName ||
    (fields.name !== undefined && customer.organisationName !== fields.name) ||
    customer.birthDate !== fields.birthDate ||
    (fields.marketingConsent !== undefined && customer.marketingConsent !== fields.marketingConsent)
  );
}
