import { Inject, Injectable } from '@nestjs/common';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import type { RequestActor } from '../../common/security/request-actor.js';
import { KIND_PRESETS, MAPPING_PRESETS, type ColumnMapping, type ImportKind } from './customer-rows.js';
import { ImportsRepository } from './imports.repository.js';

/** A mapping as the page shows it: the tenant's saved one, or the plugin's own layout. */
export interface SavedMapping extends ColumnMapping {
  kind: ImportKind;
  saved: boolean;
  updatedAt: Date | null;
}

/**
 * The column mapping each tenant's files use, per kind of file. A customers file's mapping
 * is saved by every real import that reads one, so the next file from the same system needs
 * no setting up; cards and balances files keep the plugin's layout.
 */
@Injectable()
export class ImportMappings {
  constructor(
    private readonly repository: ImportsRepository,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  async get(tenantId: string, kind: ImportKind): Promise<SavedMapping> {
    const saved = kind === 'customers' ? await this.repository.mapping(tenantId, kind) : null;
    if (saved) return { kind, columns: saved.columns, balances: saved.balances, saved: true, updatedAt: saved.updatedAt };
    return { kind, ...(kind === 'customers' ? { columns: MAPPING_PRESETS.regulars, balances: [] } : KIND_PRESETS[kind]), saved: false, updatedAt: null };
  }

  async save(actor: RequestActor, mapping: ColumnMapping): Promise<void> {
    await this.repository.saveMapping({ tenantId: actor.tenantId, kind: 'customers', columns: mapping.columns, balances: mapping.balances, updatedAt: this.config.clock.now(), updatedBy: actor.id });
  }
}
