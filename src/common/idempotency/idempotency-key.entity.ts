import { Column, Entity, PrimaryColumn } from 'typeorm';
import { KeyColumn, TenantIdColumn, TimeColumn } from '../database/columns.js';

/** The first response to a write sent with an Idempotency-Key, replayed for repeats. */
@Entity('rc_idempotency_keys')
export class IdempotencyKey {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'idempotency_key', type: 'varchar', length: 200 })
  key: string;

  /** Who spent the key (null on keys spent before actors were kept): another actor's reuse is refused. */
  @KeyColumn('actor_id', { nullable: true })
  actorId: string | null;

  /** SHA-256 of method, path and body: the same key with another request is refused. */
  @KeyColumn('request_hash', { length: 64 })
  requestHash: string;

  @Column({ name: 'status_code', type: 'integer' })
  statusCode: number;

  /** The first response body as JSON text (null for an empty body). */
  @Column({ name: 'response', type: 'text', nullable: true })
  response: string | null;

  @TimeColumn('created_at')
  createdAt: Date;

  /** Set when the response was blanked because it held personal data that was erased. */
  @TimeColumn('erased_at', { nullable: true })
  erasedAt: Date | null;
}
