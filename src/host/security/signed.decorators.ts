import { applyDecorators, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiHeader, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { WriteOnceInterceptor } from '../../common/idempotency/write-once.interceptor.js';
import type { Permission } from './permissions.js';
import { RequirePermission } from './require-permission.decorator.js';
import { SignedActorGuard, SignedEventGuard } from './signed-request.guards.js';

const signatureHeaders = [
  ApiHeader({ name: 'X-Regulars-Timestamp', required: true, description: 'Unix seconds; within 5 minutes of the plugin’s clock.' }),
  ApiHeader({ name: 'X-Regulars-Signature', required: true, description: 'v1=<hex HMAC-SHA256> under the tenant’s secret.' }),
];

/** A host event signed over `<timestamp>.<raw body>`; the tenant is in the body. */
export const HostSigned = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    UseGuards(SignedEventGuard),
    ...signatureHeaders,
    ApiUnauthorizedResponse({ description: 'Missing, wrong or expired signature; nothing was recorded.' }),
  );

/**
 * A terminal or management call signed over `<timestamp>.<actor header>.<raw body>`,
 * whose actor must carry `permission`; a write takes effect at most once (WriteOnceInterceptor).
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
    ApiUnauthorizedResponse({ description: 'Missing actor, wrong or expired signature.' }),
    ApiConflictResponse({ description: 'replayed_request (a write): this signed request was received already; nothing was written.' }),
    ApiForbiddenResponse({ description: `The actor lacks ${permission}.` }),
  );
