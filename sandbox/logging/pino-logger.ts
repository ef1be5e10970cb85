import type { LoggerService } from '@nestjs/common';
import { pino, type DestinationStream, type Logger } from 'pino';
import { maskPersonalData } from '../../src/index.js';
import { logContext } from './log-context.js';

/**
 * The sandbox's logs as a vendor would ship them: one JSON line per entry through pino, with
 * the request's requestId and tenantId, and the guest-tab event's eventId and tabId while
 * one is handled (log-context.ts), the Nest context as `context`. Messages and stacks go
 * through the plugin's maskPersonalData: no card number, phone or e-mail reaches a line.
 */
export class PinoLogger implements LoggerService {
  private readonly pino: Logger;

  constructor(destination?: DestinationStream) {
    this.pino = pino({ base: null, timestamp: pino.stdTimeFunctions.isoTime, level: 'debug' }, destination ?? pino.destination(1));
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    // Nest passes (message, stack, context); a lone extra string is the context.
    const [stack, context] = rest.length >= 2 ? rest : [undefined, ...rest];
    this.write('error', message, context === undefined ? [] : [context], typeof stack === 'string' ? stack : undefined);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal', message: unknown, rest: unknown[], stack?: string): void {
    const context = rest.at(-1);
    const fields: Record<string, unknown> = { ...logContext.getStore() };
    if (typeof context === 'string') fields.context = context;
    if (stack) fields.stack = maskPersonalData(stack);
    const text = message instanceof Error ? (message.stack ?? message.message) : typeof message === 'string' ? message : JSON.stringify(message);
    this.pino[level](fields, maskPersonalData(text ?? String(message)));
  }
}
