import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/**
 * Who is calling, from the signed `X-Regulars-Actor` header (terminal and management
 * calls) or the signed event body: the tenant every read and write is scoped to.
 */
export interface RequestActor {
  tenantId: string;
  id: string;
  name?: string;
  permissions: string[];
  locationId?: string;
  terminalId?: string;
}

export interface SignedRequest extends Request {
  rawBody?: Buffer;
  regularsActor?: RequestActor;
}

export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): RequestActor => {
  const actor = context.switchToHttp().getRequest<SignedRequest>().regularsActor;
  if (!actor) throw new Error('Regulars: @CurrentActor() used on a route without SignedActorGuard');
  return actor;
});
