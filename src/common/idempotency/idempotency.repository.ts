import { Injectable } from '@nestjs/common';
import { LessThan } from 'typeorm';
import { bindable } from '../database/bulk-writes.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { IdempotencyKey } from './idempotency-key.entity.js';
import { SeenSignature } from './seen-signature.entity.js';

/**
 * The signatures of signed writes already received, and the Idempotency-Keys spent with
 * their first answers. A signature is recorded and given back by statements of its own:
 * it must be seen by every instance before the write it guards has committed.
 */
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** Refused with a unique violation when the tenant received the signature already. */
  async recordSignature(seen: SeenSignature): Promise<void> {
    await this.uow.statement((manager) => manager.insert(SeenSignature, seen));
  }

  seenSignature(tenantId: string, signature: string): Promise<SeenSignature | null> {
    return this.uow.read((manager) => manager.findOneBy(SeenSignature, { tenantId, signature }));
  }

  async forgetSignature(tenantId: string, signature: string): Promise<void> {
    await this.uow.statement((manager) => manager.delete(SeenSignature, { tenantId, signature }));
  }

  async forgetSignaturesBefore(tenantId: string, before: Date): Promise<void> {
    await this.uow.statement((manager) => manager.delete(SeenSignature, { tenantId, createdAt: LessThan(before) }));
  }

  /** Refused with a unique violation when the key was spent already; a concurrent first use makes it wait on the key's row. */
  async insertKey(key: IdempotencyKey): Promise<void> {
    await this.uow.manager.insert(IdempotencyKey, key);
  }

  async storeAnswer(tenantId: string, key: string, response: string | null): Promise<void> {
    await this.uow.manager.update(IdempotencyKey, { tenantId, key }, { response });
  }

  firstUse(tenantId: string, key: string): Promise<IdempotencyKey> {
    return this.uow.read((manager) => manager.findOneByOrFail(IdempotencyKey, { tenantId, key }));
  }

  /**
   * Blanks stored first answers that hold erased personal data: those of the tenant that
   * mention one of `traces` (a customer id, a card's id or number, as JSON strings), or
   * every one of the tenant's when `traces` is 'all'. The keys stay spent (see
   * WriteOnceInterceptor). Answers how many were blanked.
   */
  async blankStoredAnswers(tenantId: string, traces: string[] | 'all', now: Date): Promise<number> {
    if (traces !== 'all' && traces.length === 0) return 0;
    const manager = this.uow.manager;
    const parameters: unknown[] = [bindable(manager, IdempotencyKey, 'erasedAt', now), tenantId];
    let sql = "UPDATE rc_idempotency_keys SET response = NULL, request_hash = '', erased_at = ? WHERE tenant_id = ? AND erased_at IS NULL";
    if (traces !== 'all') {
      // Quoted as JSON.stringify wrote them, so a card number "12" does not match 123 or "x12".
      sql += ` AND (${traces.map(() => "response LIKE ? ESCAPE '!'").join(' OR ')})`;
      parameters.push(...traces.map((trace) => `%${JSON.stringify(trace).replace(/[!%_]/g, '!$&')}%`));
    }
    // The structured result counts the rows changed on both engines; manager.query answers each driver's own shape.
    return (await manager.queryRunner!.query(sql, parameters, true)).affected ?? 0;
  }
}
