import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { RegularsError } from './regulars-error.js';

/** Answers a RegularsError as `{statusCode, error, code, message, ...details}`. */
@Catch(RegularsError)
export class RegularsErrorFilter implements ExceptionFilter<RegularsError> {
  catch(error: RegularsError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const retryAfter = error.details.retryAfterSeconds;
    if (typeof retryAfter === 'number') response.setHeader('Retry-After', String(retryAfter));
    response.status(error.status).json(errorBody(error));
  }
}

export function errorBody(error: RegularsError): Record<string, unknown> {
  return {
    statusCode: error.status,
    error: reasonPhrase(error.status),
    code: error.code,
    message: error.message,
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
