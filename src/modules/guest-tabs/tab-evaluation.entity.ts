import { Entity, PrimaryColumn } from 'typeorm';
import { JsonColumn, KeyColumn, TenantIdColumn, TimeColumn } from '../../common/database/columns.js';
import type { Evaluation } from '../sales-rules/engine/types.js';

/** The evaluation a printed bill showed, frozen at pre-check for that tab version. */
@Entity('rc_tab_evaluations')
export class TabEvaluation {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'tab_id', type: 'varchar', length: 128 })
  tabId: string;

  @PrimaryColumn({ name: 'tab_version', type: 'integer' })
  tabVersion: number;

  @JsonColumn('evaluation')
  evaluation: Evaluation & { customerId: string | null };

  /** A hash of everything that prices the tab, so closing a later version with the same lines uses this. */
  @KeyColumn('input_hash', { length: 64, nullable: true })
  inputHash: string | null;

  @TimeColumn('evaluated_at')
  evaluatedAt: Date;
}
