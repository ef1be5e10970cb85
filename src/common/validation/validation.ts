import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidatorOptions } from 'class-validator';

/**
 * Unknown fields are refused rather than dropped, so no request can smuggle a balance,
 * a tier or a tenant past a DTO; values are never coerced ("1200" is not money).
 */
export const validatorOptions: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
};

/** Flattens class-validator's tree into `path: reason` lines (CONTRACT.md section 6). */
export function describeValidationErrors(errors: ValidationError[], parentPath = ''): string[] {
  const lines: string[] = [];
  for (const error of errors) {
    const path = joinPath(parentPath, error.property);
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      lines.push(`${path}: ${constraint === 'whitelistValidation' ? 'is not an allowed field' : stripSubject(message, error.property)}`);
    }
    lines.push(...describeValidationErrors(error.children ?? [], path));
  }
  return lines;
}

function joinPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

function stripSubject(message: string, property: string): string {
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}

export function validationFailed(lines: string[]): BadRequestException {
  return new BadRequestException(lines);
}

/** Validates a plain object (a parsed body or an in-process call) into a DTO instance. */
export function validateInput<T extends object>(dto: ClassConstructor<T>, input: unknown, what = 'body'): T {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw validationFailed([`${what}: must be a JSON object`]);
  }
  const instance = plainToInstance(dto, input, { enableImplicitConversion: false });
  const errors = validateSync(instance, validatorOptions);
  if (errors.length > 0) throw validationFailed(describeValidationErrors(errors));
  return instance;
}

/** The pipe the plugin's controllers use; the host's global pipes are its own business. */
export function regularsValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    ...validatorOptions,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => validationFailed(describeValidationErrors(errors)),
  });
}
