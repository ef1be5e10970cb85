import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';

export const IDEMPOTENCY_RULE = 'regulars:idempotency';
export const REPLAY_HARMLESS = 'regulars:replay-harmless';

export interface IdempotencyRule {
  /** The write moves money or points: without a key it is refused with 428. */
  required: boolean;
}

/**
 * Marks a write a host may retry with an Idempotency-Key header (WriteOnceInterceptor);
 * `required` for one that moves money or points.
 */
export const Idempotent = (rule: IdempotencyRule = { required: false }): MethodDecorator =>
  applyDecorators(
    SetMetadata(IDEMPOTENCY_RULE, rule),
    ApiHeader({
      name: 'Idempotency-Key',
      required: rule.required,
      description: rule.required
        ? 'Required: this write moves money or points. Retries with the same key answer the first response and write nothing.'
        : 'Retries with the same key answer the first response and write nothing.',
    }),
  );

/**
 * A POST whose repeat changes nothing, so its signature is not recorded as a write's is:
 * a read that answers what is true now (identify, evaluate), or a write whose signed body
 * carries its own idempotency key (a bonus hold).
 */
export const ReplayHarmless = (): MethodDecorator => SetMetadata(REPLAY_HARMLESS, true);
