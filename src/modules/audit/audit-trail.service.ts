import { Inject, Injectable } from '@nestjs/common';
import { newId } from '../../common/ids.js';
import type { PersonalDataHolder } from '../../common/personal-data/personal-data-holder.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import type { RequestActor } from '../../common/security/request-actor.js';
import type { AuditChange, AuditEntry, AuditValue } from './audit-entry.entity.js';
import { AuditRepository } from './audit.repository.js';

export interface AuditRecord {
  subjectType: string;
  subjectId: string;
  customerId: string | null;
  action: string;
  changes?: AuditChange[];
}

/** The fields whose values differ between two versions of a record. */
export function changesBetween<T extends object>(before: T, after: T, fields: (keyof T & string)[]): AuditChange[] {
  return fields
    .filter((field) => JSON.stringify(before[field] ?? null) !== JSON.stringify(after[field] ?? null))
    .map((field) => ({ field, from: auditValue(before[field]), to: auditValue(after[field]) }));
}

function auditValue(value: unknown): AuditValue {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'object' ? JSON.stringify(value) : (value as string | number | boolean);
}

/** The audit trail: every write joins the caller's transaction, so no change goes unrecorded. */
@Injectable()
export class AuditTrail {
  /** What this module keeps about a guest: their export, their erasure and the tenant's purge ask it (PrivacyFlow). */
  readonly personalData: PersonalDataHolder = {
    name: 'audit',
    export: (tenantId, customerId) => this.forCustomer(tenantId, customerId),
    // The ids of everything recorded about the customer: a contact removed since is named nowhere else.
    traces: async (tenantId, customerId) => (await this.forCustomer(tenantId, customerId)).map((entry) => entry.subjectId),
    erase: (tenantId, customerId) => this.scrub({ tenantId, customerId }),
    purge: (tenantId) => this.scrub({ tenantId }),
  };

  constructor(
    private readonly repository: AuditRepository,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  async record(actor: RequestActor, record: AuditRecord): Promise<void> {
    await this.recordAll(actor, [record]);
  }

  /** Many records of one actor in one statement (an import's). */
  async recordAll(actor: RequestActor, records: AuditRecord[]): Promise<void> {
    const now = this.config.clock.now();
    await this.repository.insertEntries(
      records.map((record) => ({
        tenantId: actor.tenantId,
        id: newId('au', now),
        subjectType: record.subjectType,
        subjectId: record.subjectId,
        customerId: record.customerId,
        action: record.action,
        actorId: actor.id,
        actorName: actor.name ?? null,
        changes: record.changes ?? [],
        at: now,
      })),
    );
  }

  forCustomer(tenantId: string, customerId: string): Promise<AuditEntry[]> {
    return this.repository.entriesAbout(tenantId, customerId);
  }

  /** Keeps who did what and when, drops the values (they may be personal). */
  private async scrub(where: { tenantId: string; customerId?: string }): Promise<number> {
    const entries = await this.repository.changesOfEntries(where);
    let scrubbed = 0;
    for (const entry of entries) {
      if (entry.changes.every((change) => change.from === null && change.to === null)) continue;
      const changes = entry.changes.map((change) => ({ field: change.field, from: null, to: null }));
      await this.repository.setChanges(entry.tenantId, entry.id, changes);
      scrubbed += 1;
    }
    return scrubbed;
  }
}
