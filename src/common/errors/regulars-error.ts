import { HttpStatus } from '@nestjs/common';
import { ERROR_CODES, type ErrorCode } from './error-codes.js';

/** How long a host should wait before it sends again what the database could not take. */
export const RETRY_AFTER_SECONDS = 1;

/**
 * An expected refusal: unknown customer, blocked card, insufficient balance, a limit
 * reached, a field that is wrong. It carries a stable machine-readable `code` for hosts and
 * the HTTP status the catalogue (error-codes.ts) gives that code; anything that is not a
 * RegularsError (or a framework's 4xx, see asRefusal) is an unexpected failure (500).
 */
export class RegularsError extends Error {
  /** Validation lines (`field: what is wrong`), answered as `message` like CONTRACT.md section 6 says. */
  readonly lines: string[] | null;
  readonly status: HttpStatus;

  constructor(code: Exclude<ErrorCode, 'refused'>, message: string | string[], details?: Record<string, unknown>);
  /** A refusal of the host's or the framework's that no code of the catalogue names keeps the status it was thrown with. */
  constructor(code: 'refused', message: string | string[], details: Record<string, unknown>, status: HttpStatus);
  constructor(
    readonly code: ErrorCode,
    message: string | string[],
    readonly details: Record<string, unknown> = {},
    status?: HttpStatus,
  ) {
    super(Array.isArray(message) ? message.join('; ') : message);
    this.name = 'RegularsError';
    this.lines = Array.isArray(message) ? message : null;
    // The overloads give `refused`, the one code without a status of its own, the status it came with.
    this.status = ERROR_CODES[code].status ?? status!;
  }

  static notFound(what: string, id: string): RegularsError {
    return new RegularsError('not_found', `${what} ${id} not found`, { [what]: id });
  }

  static invalid(lines: string[]): RegularsError {
    return new RegularsError('invalid_input', lines);
  }

  static busy(): RegularsError {
    return new RegularsError('busy', 'the database stayed locked by concurrent work; nothing was written, retry the request', {
      retryAfterSeconds: RETRY_AFTER_SECONDS,
    });
  }

  static unreachable(): RegularsError {
    return new RegularsError(
      'busy',
      'the database cannot be reached right now; retry the request (a write that was cut off is applied at most once when sent again with its event id or Idempotency-Key)',
      { retryAfterSeconds: RETRY_AFTER_SECONDS },
    );
  }
}
