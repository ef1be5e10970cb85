import { HttpStatus } from '@nestjs/common';

/** How long a host should wait before it sends again what the database could not take. */
export const RETRY_AFTER_SECONDS = 1;

/**
 * An expected refusal: unknown customer, blocked card, insufficient balance, a limit
 * reached, a field that is wrong. It carries a stable machine-readable `code` for hosts and
 * the HTTP status it maps to; anything that is not a RegularsError (or a framework's 4xx,
 * see asRefusal) is an unexpected failure (500).
 */
export class RegularsError extends Error {
  /** Validation lines (`field: what is wrong`), answered as `message` like CONTRACT.md section 6 says. */
  readonly lines: string[] | null;

  constructor(
    readonly code: string,
    message: string | string[],
    readonly status: HttpStatus,
    readonly details: Record<string, unknown> = {},
  ) {
    super(Array.isArray(message) ? message.join('; ') : message);
    this.name = 'RegularsError';
    this.lines = Array.isArray(message) ? message : null;
  }

  static notFound(what: string, id: string): RegularsError {
    return new RegularsError('not_found', `${what} ${id} not found`, HttpStatus.NOT_FOUND, { [what]: id });
  }

  static invalid(lines: string[]): RegularsError {
    return new RegularsError('invalid_input', lines, HttpStatus.BAD_REQUEST);
  }

  static busy(): RegularsError {
    return new RegularsError(
      'busy',
      'the database stayed locked by concurrent work; nothing was written, retry the request',
      HttpStatus.SERVICE_UNAVAILABLE,
      { retryAfterSeconds: RETRY_AFTER_SECONDS },
    );
  }

  static unreachable(): RegularsError {
    return new RegularsError(
      'busy',
      'the database cannot be reached right now; retry the request (a write that was cut off is applied at most once when sent again with its event id or Idempotency-Key)',
      HttpStatus.SERVICE_UNAVAILABLE,
      { retryAfterSeconds: RETRY_AFTER_SECONDS },
    );
  }
}
