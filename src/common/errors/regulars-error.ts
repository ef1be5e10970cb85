import { HttpStatus } from '@nestjs/common';

/**
 * An expected refusal: unknown customer, blocked card, insufficient balance, a limit
 * reached. It carries a stable machine-readable `code` for hosts and the HTTP status
 * it maps to; anything that is not a RegularsError is an unexpected failure (500).
 */
export class RegularsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: HttpStatus,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'RegularsError';
  }

  static notFound(what: string, id: string): RegularsError {
    return new RegularsError('not_found', `${what} ${id} not found`, HttpStatus.NOT_FOUND, { [what]: id });
  }

  static busy(): RegularsError {
    return new RegularsError(
      'busy',
      'the database stayed locked by concurrent work; nothing was written, retry the request',
      HttpStatus.SERVICE_UNAVAILABLE,
    );
  }
}
