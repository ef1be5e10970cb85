import { createHash } from 'node:crypto';
import {
  HttpStatus,
  Inject,
  Injectable,
  RequestMethod,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { REGULARS_CONFIG, SIGNATURE_TOLERANCE_SECONDS } from '../config/regulars.constants.js';
import type { RegularsConfig } from '../config/regulars-options.js';
import type { RequestActor, SignedRequest } from '../security/request-actor.js';
import { isUniqueViolation } from '../database/database-errors.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { RegularsError } from '../errors/regulars-error.js';
import { IDEMPOTENCY_RULE, REPLAY_HARMLESS, type IdempotencyRule } from './idempotent.decorator.js';
import { IdempotencyRepository } from './idempotency.repository.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** A signature is accepted for 5 minutes either side of its timestamp; it is kept a while past that. */
const SIGNATURE_MEMORY_MS = 3 * SIGNATURE_TOLERANCE_SECONDS * 1000;

class KeyAlreadyUsed extends Error {}

interface Answer {
  setStatus(code: number): void;
}

/**
 * Every write of the management and terminal API takes effect at most once:
 *
 * - **Replays.** A signed write's signature is recorded (rc_seen_signatures, unique per
 *   tenant, shared by every instance) before the write runs; the same signature again is
 *   refused with 409 `replayed_request` and writes nothing. The path is not signed, so one
 *   signature is one write whatever path it is sent to. A write that fails gives its
 *   signature back, so the same bytes may be sent again after a refusal.
 * - **Keys.** A write sent with an Idempotency-Key claims it in the same transaction as the
 *   write, so a repeat (even a concurrent one, which waits on the key's row) answers the
 *   first response and writes nothing, whether it is re-signed or the same bytes; the key
 *   with another request, or from another actor, answers 422. Writes that move money or
 *   points refuse to run without a key (428): only a key tells a host's retry, re-signed
 *   with a new timestamp, from a second credit.
 * - A first response that held data of a guest erased since is blanked
 *   (IdempotencyRepository.blankStoredAnswers): a repeat answers 410 and writes nothing.
 */
@Injectable()
export class WriteOnceInterceptor implements NestInterceptor {
  /** When this instance last cleared each tenant's old signatures. */
  private readonly lastPurge = new Map<string, number>();

  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: IdempotencyRepository,
    private readonly reflector: Reflector,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<SignedRequest>();
    const actor = request.regularsActor;
    if (!actor || request.method === 'GET' || request.method === 'HEAD' || this.reflector.get<boolean>(REPLAY_HARMLESS, context.getHandler())) {
      return next.handle();
    }
    const rule = this.reflector.get<IdempotencyRule | undefined>(IDEMPOTENCY_RULE, context.getHandler());
    const header = request.headers[IDEMPOTENCY_HEADER];
    const key = (Array.isArray(header) ? header[0] : header) || null;
    if (rule?.required && !key) {
      throw new RegularsError(
        'idempotency_key_required',
        'Idempotency-Key: this write moves money or points and needs a key, the same on every retry of it; nothing was written',
      );
    }
    if (key !== null && (key.length > 200 || !/^[\x21-\x7e]+$/.test(key))) {
      throw new RegularsError('invalid_input', ['Idempotency-Key: must be 1 to 200 visible ASCII characters']);
    }
    const keyed = rule && key !== null ? { key, requestHash: requestHashOf(request), statusCode: this.statusOf(context, request) } : null;
    const answer: Answer = { setStatus: (code) => context.switchToHttp().getResponse<{ status(code: number): unknown }>().status(code) };
    return from(this.once(actor, request.regularsSignature ?? null, keyed, answer, next));
  }

  private async once(
    actor: RequestActor,
    signature: string | null,
    keyed: { key: string; requestHash: string; statusCode: number } | null,
    answer: Answer,
    next: CallHandler,
  ): Promise<unknown> {
    const claimed = signature !== null && (await this.claim(actor.tenantId, signature, keyed?.key ?? null));
    try {
      return keyed ? await this.underKey(actor, keyed, answer, next) : await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (error) {
      if (claimed) await this.repository.forgetSignature(actor.tenantId, signature).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Records the signature, or refuses its replay. Answers false when the signature was seen
   * with the same Idempotency-Key: the key answers that repeat (the first response, once the
   * first request has committed).
   */
  private async claim(tenantId: string, signature: string, key: string | null): Promise<boolean> {
    const now = this.config.clock.now();
    try {
      await this.repository.recordSignature({ tenantId, signature, idempotencyKey: key, createdAt: now });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const seen = await this.repository.seenSignature(tenantId, signature);
      if (key !== null && seen?.idempotencyKey === key) return false;
      throw new RegularsError(
        'replayed_request',
        'this signed request was received already (timestamp, actor and body are what a signature covers); nothing was written. Sign a new request to write again: a new timestamp, or a requestId in X-Regulars-Actor',
      );
    }
    await this.forgetOldSignatures(tenantId, now);
    return true;
  }

  /** Signatures older than any that could still be accepted are dropped, at most once a minute per tenant and instance. */
  private async forgetOldSignatures(tenantId: string, now: Date): Promise<void> {
    const last = this.lastPurge.get(tenantId) ?? 0;
    if (now.getTime() - last < 60_000 && now.getTime() >= last) return;
    this.lastPurge.set(tenantId, now.getTime());
    const before = new Date(now.getTime() - SIGNATURE_MEMORY_MS);
    await this.repository.forgetSignaturesBefore(tenantId, before);
  }

  private async underKey(actor: RequestActor, keyed: { key: string; requestHash: string; statusCode: number }, answer: Answer, next: CallHandler): Promise<unknown> {
    const { tenantId } = actor;
    const { key, requestHash, statusCode } = keyed;
    try {
      return await this.uow.transaction(async () => {
        try {
          await this.repository.insertKey({ tenantId, key, actorId: actor.id, requestHash, statusCode, response: null, createdAt: this.config.clock.now(), erasedAt: null });
        } catch (error) {
          if (isUniqueViolation(error)) throw new KeyAlreadyUsed();
          throw error;
        }
        const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
        await this.repository.storeAnswer(tenantId, key, body === undefined ? null : JSON.stringify(body));
        return body;
      });
    } catch (error) {
      if (!(error instanceof KeyAlreadyUsed)) throw error;
      const first = await this.repository.firstUse(tenantId, key);
      if (first.erasedAt) {
        throw new RegularsError(
          'idempotency_key_erased',
          'Idempotency-Key was used for a write whose personal data was erased since; nothing was written',
        );
      }
      if (first.actorId !== null && first.actorId !== actor.id) {
        throw new RegularsError('idempotency_key_reused', 'Idempotency-Key was already used by another actor; nothing was written');
      }
      if (first.requestHash !== requestHash) {
        throw new RegularsError(
          'idempotency_key_reused',
          'Idempotency-Key was already used for a different request; nothing was written',
        );
      }
      answer.setStatus(first.statusCode);
      return first.response === null ? undefined : JSON.parse(first.response);
    }
  }

  private statusOf(context: ExecutionContext, request: SignedRequest): number {
    return (
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ??
      (request.method === RequestMethod[RequestMethod.POST] ? HttpStatus.CREATED : HttpStatus.OK)
    );
  }
}

/** What makes two requests under one key the same: method, path and body (the actor is compared by itself). */
function requestHashOf(request: SignedRequest): string {
  return createHash('sha256')
    .update(`${request.method} ${request.originalUrl}\n`)
    .update(request.rawBody ?? JSON.stringify(request.body ?? null))
    .digest('hex');
}
