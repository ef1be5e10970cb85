import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidatorOptions } from 'class-validator';
import { RegularsError } from '../errors/regulars-error.js';
import { jsonShapeProblems } from './json-shape.js';

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

/** A 400 listing each bad field; nothing was written. */
export function validationFailed(lines: string[]): RegularsError {
  return RegularsError.invalid(lines);
}

/** Refuses what no DTO should ever be shown: deep nesting, invalid Unicode, prototype keys. */
export function requireSaneJson(input: unknown, what = 'body', within = ''): void {
  const problems = jsonShapeProblems(input, what, within);
  if (problems.length > 0) throw validationFailed(problems);
}

/**
 * Validates a plain object (a parsed body or an in-process call) into a DTO instance.
 * `within` names where the object sits when it is not the body ("X-Regulars-Actor"), and
 * prefixes every field the refusal names.
 */
export function validateInput<T extends object>(dto: ClassConstructor<T>, input: unknown, what = 'body', within = ''): T {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw validationFailed([`${within || what}: must be a JSON object`]);
  }
  requireSaneJson(input, what, within);
  const instance = plainToInstance(dto, input, { enableImplicitConversion: false });
  const errors = validateSync(instance, validatorOptions);
  if (errors.length > 0) throw validationFailed(describeValidationErrors(errors, within));
  return instance;
}

/**
 * The pipe the plugin's controllers use; the host's global pipes are its own business.
 * Every body, query and parameter is checked for sane JSON first, those a controller takes
 * as `unknown` (validated by the service, for both transports) included.
 */
class RegularsValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw validationFailed(['body: must be a JSON object']);
    }
    if (metadata.type !== 'custom') requireSaneJson(value, metadata.type === 'body' ? 'body' : (metadata.data ?? metadata.type));
    return super.transform(value, metadata);
  }
}

export function regularsValidationPipe(): ValidationPipe {
  return new RegularsValidationPipe({
    ...validatorOptions,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => validationFailed(describeValidationErrors(errors)),
  });
}
