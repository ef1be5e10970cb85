import { applyDecorators } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsNumber,
  IsPositive,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  registerDecorator,
  ValidateIf,
  type ValidationOptions,
} from 'class-validator';
import { MAX_AMOUNT, MAX_QUANTITY } from './limits.js';

/**
 * A field that may be left out, but is never null: class-validator's IsOptional also lets
 * null through unchecked, and a null written to a NOT NULL column is a 500. Fields whose
 * null means "clear it" keep IsOptional and say `| null` in their type.
 */
export function Optional(): PropertyDecorator {
  return ValidateIf((_, value) => value !== undefined);
}

/**
 * Money on the wire: a whole number of minor units, never a float or a string, and at
 * most MAX_AMOUNT either way.
 */
export function IsMinorUnits(options: { allowNegative?: boolean } = {}, validationOptions?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isMinorUnits',
      target: target.constructor,
      propertyName: propertyName as string,
      options: validationOptions,
      validator: {
        validate: (value: unknown) =>
          typeof value === 'number' && Number.isSafeInteger(value) && value <= MAX_AMOUNT && value >= (options.allowNegative ? -MAX_AMOUNT : 0),
        defaultMessage: () =>
          options.allowNegative
            ? `must be a whole number of minor units (12550 is 125.50) from -${MAX_AMOUNT} to ${MAX_AMOUNT}, not a float or a string`
            : `must be a whole number of minor units (12550 is 125.50) from 0 to ${MAX_AMOUNT}, not a float or a string`,
      },
    });
  };
}

/** A decimal quantity with at most 3 fraction digits (0.25 kg), above zero and at most MAX_QUANTITY. */
export function IsQuantity(): PropertyDecorator {
  return applyDecorators(IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 3 }), IsPositive(), Max(MAX_QUANTITY));
}

/**
 * A host-given id or code: a non-empty string of bounded length without control
 * characters (a NUL or a line break in a tab id would be a different tab to the host's logs
 * and to MySQL's comparisons).
 */
export function IsKey(max = 128, options: ValidationOptions = {}): PropertyDecorator {
  return applyDecorators(
    IsString(options),
    Length(1, max, options),
    Matches(/^[^\u0000-\u001f\u007f]*$/, { ...options, message: 'must not contain control characters' }),
  );
}

/** A list of promotion category codes. */
export function IsCodeList(): PropertyDecorator {
  return applyDecorators(IsArray(), ArrayMaxSize(200), IsString({ each: true }), MaxLength(64, { each: true }));
}

/** `@ApiProperty` for money fields, so the OpenAPI document says what the integer means. */
export function ApiMoney(options: ApiPropertyOptions = {}): PropertyDecorator {
  const { description, ...rest } = options as { description?: string };
  return ApiProperty({
    type: 'integer',
    format: 'int64',
    ...rest,
    description: `${description ?? 'Amount'} in minor units of the tab currency (12550 is 125.50 EUR).`,
  } as ApiPropertyOptions);
}
