import { applyDecorators, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { WriteOnceInterceptor } from '../idempotency/write-once.interceptor.js';
import type { Permission } from './permissions.js';
import { RequirePermission } from './require-permission.decorator.js';
import { SignedActorGuard, SignedEventGuard } from './signed-request.guards.js';

const signatureHeaders = [
  ApiHeader({ name: 'X-Regulars-Timestamp', required: true, description: 'Unix seconds; within 5 minutes of the plugin’s clock.' }),
  ApiHeader({ name: 'X-Regulars-Signature', required: true, description: 'v1=<hex HMAC-SHA256> under the tenant’s secret.' }),
];

/** A host event signed over `<timestamp>.<raw body>`; the tenant is in the body. */
export const HostSigned = (): MethodDecorator & ClassDecorator =>
  applyDecorators(UseGuards(SignedEventGuard), ...signatureHeaders);

/**
 * A terminal or management call signed over `<timestamp>.<actor header>.<raw body>`,
 * whose actor must carry `permission`; a write takes effect at most once (WriteOnceInterceptor).
 * The refusals this brings (401, 403, 409 for a replayed write) are documented by
 * regularsOpenApiDocument, from this metadata, for every route alike.
 */
export const ActorSigned = (permission: Permission): MethodDecorator & ClassDecorator =>
  applyDecorators(
    UseGuards(SignedActorGuard),
    UseInterceptors(WriteOnceInterceptor),
    RequirePermission(permission),
    ...signatureHeaders,
    ApiHeader({
      name: 'X-Regulars-Actor',
      required: true,
      description: 'JSON {"tenantId","id","name","permissions":[…],"locationId"?,"terminalId"?}.',
    }),
  );
