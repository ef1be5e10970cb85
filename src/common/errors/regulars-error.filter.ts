import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus, Logger } from '@nestjs/common';
import { reply, setHeader } from '../http-reply.js';
import { maskPersonalData } from '../personal-data/mask-personal-data.js';
import { ERROR_CODES, type ErrorCode } from './error-codes.js';
import { asRefusal } from './refusals.js';
import type { RegularsError } from './regulars-error.js';

/**
 * Answers every failure of the plugin's routes: a refusal as
 * `{statusCode, error, code, message, ...details}` (validation's `message` is the list of
 * `field: what is wrong` lines), with Retry-After where the host should wait; anything else
 * is logged and answered 500 without internals.
 */
@Catch()
export class RegularsErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Regulars');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const refusal = asRefusal(error);
    if (!refusal) {
      const request = http.getRequest<{ method?: string; url?: string }>();
      // Neither the query (a search by phone, a card typed in) nor a driver's message (a duplicate key quotes its value) reaches the log whole.
      const path = maskPersonalData((request.url ?? '').split('?')[0]);
      this.logger.error(`${request.method} ${path} failed`, maskPersonalData((error as Error)?.stack ?? String(error)));
      const { status } = ERROR_CODES.internal_error;
      reply(http.getResponse(), status, { statusCode: status, error: 'Internal Server Error', code: 'internal_error' satisfies ErrorCode, message: 'internal error; see the plugin log' });
      return;
    }
    const retryAfter = refusal.details.retryAfterSeconds;
    if (typeof retryAfter === 'number') setHeader(http.getResponse(), 'Retry-After', String(retryAfter));
    reply(http.getResponse(), refusal.status, errorBody(refusal));
  }
}

export function errorBody(error: RegularsError): Record<string, unknown> {
  return {
    statusCode: error.status,
    error: reasonPhrase(error.status),
    code: error.code,
    message: error.lines ?? error.message,
    ...error.details,
  };
}

function reasonPhrase(status: number): string {
  // Nest names 300 AMBIGUOUS; HTTP calls it Multiple Choices.
  if (status === HttpStatus.AMBIGUOUS) return 'Multiple Choices';
  const name = HttpStatus[status] ?? 'Error';
  return name
    .toLowerCase()
    .split('_')
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join(' ');
}
