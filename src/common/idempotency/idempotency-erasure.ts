import { Brackets, type EntityManager } from 'typeorm';
import { IdempotencyKey } from './idempotency-key.entity.js';

/**
 * Blanks stored first answers that hold erased personal data: those of the tenant that
 * mention one of `traces` (a customer id, a card's id or number, as JSON strings), or
 * every one of the tenant's when `traces` is 'all'. The keys stay spent (see
 * WriteOnceInterceptor). Answers how many were blanked.
 */
export async function blankStoredAnswers(manager: EntityManager, tenantId: string, traces: string[] | 'all', now: Date): Promise<number> {
  if (traces !== 'all' && traces.length === 0) return 0;
  const update = manager
    .createQueryBuilder()
    .update(IdempotencyKey)
    .set({ response: null, requestHash: '', erasedAt: now })
    .where('tenant_id = :tenantId AND erased_at IS NULL', { tenantId });
  if (traces !== 'all') {
    // Quoted as JSON.stringify wrote them, so a card number "12" does not match 123 or "x12".
    update.andWhere(
      new Brackets((any) =>
        traces.forEach((trace, i) => any.orWhere(`response LIKE :trace${i} ESCAPE '!'`, { [`trace${i}`]: `%${JSON.stringify(trace).replace(/[!%_]/g, '!$&')}%` })),
      ),
    );
  }
  return (await update.execute()).affected ?? 0;
}
