import { HttpException } from '@nestjs/common';
import { isDatabaseUnreachable } from '../database/database-errors.js';
import { ERROR_CODES, type ErrorCode } from './error-codes.js';
import { RegularsError } from './regulars-error.js';

/** Codes of the framework's own refusals (a guard's 401, a body parser's 413), so every 4xx carries one. */
const FRAMEWORK_CODES = ['invalid_input', 'unauthorized', 'forbidden', 'not_found', 'method_not_allowed', 'body_too_large', 'unsupported_media_type', 'unavailable'] as const satisfies readonly ErrorCode[];
const CODES_BY_STATUS = new Map(FRAMEWORK_CODES.map((code) => [ERROR_CODES[code].status, code]));

/**
 * Any failure as the refusal a host is answered with, or null for an unexpected one (a bug:
 * logged, 500). A database that cannot be reached, or a connection lost mid-request, is
 * `503 busy` with Retry-After: nothing the host sent was wrong, and it may send it again.
 */
export function asRefusal(error: unknown): RegularsError | null {
  if (error instanceof RegularsError) return error;
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse();
    const message = typeof body === 'string' ? body : ((body as { message?: string | string[] }).message ?? error.message);
    const code = CODES_BY_STATUS.get(status);
    return code ? new RegularsError(code, message) : new RegularsError('refused', message, {}, status);
  }
  if (isDatabaseUnreachable(error)) return RegularsError.unreachable();
  return null;
}
