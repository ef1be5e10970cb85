import { HttpException, HttpStatus } from '@nestjs/common';
import { isDatabaseUnreachable } from '../database/database-errors.js';
import { RegularsError } from './regulars-error.js';

/** Codes of the framework's own refusals (a guard's 401, a body parser's 413), so every 4xx carries one. */
const CODES_BY_STATUS: Partial<Record<number, string>> = {
  [HttpStatus.BAD_REQUEST]: 'invalid_input',
  [HttpStatus.UNAUTHORIZED]: 'unauthorized',
  [HttpStatus.FORBIDDEN]: 'forbidden',
  [HttpStatus.NOT_FOUND]: 'not_found',
  [HttpStatus.METHOD_NOT_ALLOWED]: 'method_not_allowed',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'body_too_large',
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'unsupported_media_type',
  [HttpStatus.SERVICE_UNAVAILABLE]: 'unavailable',
};

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
    return new RegularsError(CODES_BY_STATUS[status] ?? 'refused', message, status);
  }
  if (isDatabaseUnreachable(error)) return RegularsError.unreachable();
  return null;
}
