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
import type { Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { REGULARS_CONFIG } from '../../config/regulars.constants.js';
import type { RegularsConfig } from '../../config/regulars-options.js';
import type { SignedRequest } from '../../host/security/request-actor.js';
import { isUniqueViolation } from '../database/database-errors.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { RegularsError } from '../errors/regulars-error.js';
import { IdempotencyKey } from './idempotency-key.entity.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';

class KeyAlreadyUsed extends Error {}

/**
 * Writes a host may retry (CONTRACT.md section 6): the key is claimed in the same
 * transaction as the write, so a repeat (even a concurrent one, which waits on the key's
 * row) answers the first response and writes nothing; the same key with a different
 * request answers 422. A write that fails leaves no key behind and may be retried.
 * A first response that held data of a guest erased since is blanked (blankStoredAnswers):
 * a repeat answers 410 and writes nothing, so a late retry cannot bring the guest back.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly reflector: Reflector,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<SignedRequest>();
    const header = request.headers[IDEMPOTENCY_HEADER];
    const key = Array.isArray(header) ? header[0] : header;
    const tenantId = request.regularsActor?.tenantId;
    if (!key || !tenantId) return next.handle();
    if (key.length > 200) {
      throw new RegularsError('bad_idempotency_key', 'Idempotency-Key: must be at most 200 characters', HttpStatus.BAD_REQUEST);
    }
    const response = context.switchToHttp().getResponse<Response>();
    const statusCode =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ??
      (request.method === RequestMethod[RequestMethod.POST] ? HttpStatus.CREATED : HttpStatus.OK);
    const requestHash = createHash('sha256')
      .update(`${request.method} ${request.originalUrl}\n`)
      .update(request.rawBody ?? JSON.stringify(request.body ?? null))
      .digest('hex');
    return from(this.once(tenantId, key, requestHash, statusCode, response, next));
  }

  private async once(
    tenantId: string,
    key: string,
    requestHash: string,
    statusCode: number,
    response: Response,
    next: CallHandler,
  ): Promise<unknown> {
    try {
      return await this.uow.transaction(async (manager) => {
        try {
          await manager.insert(IdempotencyKey, { tenantId, key, requestHash, statusCode, response: null, createdAt: this.config.clock.now(), erasedAt: null });
        } catch (error) {
          if (isUniqueViolation(error)) throw new KeyAlreadyUsed();
          throw error;
        }
        const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
        await manager.update(IdempotencyKey, { tenantId, key }, { response: body === undefined ? null : JSON.stringify(body) });
        return body;
      });
    } catch (error) {
      if (!(error instanceof KeyAlreadyUsed)) throw error;
      const first = await this.uow.read((manager) => manager.findOneByOrFail(IdempotencyKey, { tenantId, key }));
      if (first.erasedAt) {
        throw new RegularsError(
          'idempotency_key_erased',
          'Idempotency-Key was used for a write whose personal data was erased since; nothing was written',
          HttpStatus.GONE,
        );
      }
      if (first.requestHash !== requestHash) {
        throw new RegularsError(
          'idempotency_key_reused',
          'Idempotency-Key was already used for a different request; nothing was written',
          HttpStatus.UNPROCESSABLE_ENTITY,
        );
      }
      response.status(first.statusCode);
      return first.response === null ? undefined : JSON.parse(first.response);
    }
  }
}
