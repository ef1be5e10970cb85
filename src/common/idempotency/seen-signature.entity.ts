import { Entity, Index, PrimaryColumn } from 'typeorm';
import { KeyColumn, TenantIdColumn, TimeColumn } from '../database/columns.js';

/**
 * A signed write already received, kept while its signature could still be accepted: the
 * same signature again is a replay (CONTRACT.md, "Replays").
 */
@Entity('rc_seen_signatures')
@Index('rc_seen_signatures_age', ['tenantId', 'createdAt'])
export class SeenSignature {
  @TenantIdColumn()
  tenantId: string;

  /** SHA-256 of what the signature covers: timestamp, actor header and body. */
  @PrimaryColumn({ name: 'signature', type: 'varchar', length: 64 })
  signature: string;

  /** The Idempotency-Key the request came with: a repeat under the same key is answered by it. */
  @KeyColumn('idempotency_key', { length: 200, nullable: true })
  idempotencyKey: string | null;

  @TimeColumn('created_at')
  createdAt: Date;
}
