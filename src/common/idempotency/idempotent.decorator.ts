import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiHeader, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { IdempotencyInterceptor } from './idempotency.interceptor.js';

/** Marks a write a host may retry with an Idempotency-Key header. */
export const Idempotent = (): MethodDecorator =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Retries with the same key answer the first response and write nothing.',
    }),
    ApiUnprocessableEntityResponse({ description: 'The Idempotency-Key was used for a different request.' }),
  );
