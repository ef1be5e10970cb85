import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ArrayMaxSize, IsArray, IsString, Length } from 'class-validator';
import type { Request } from 'express';
import { IsKey, Optional } from '../validation/decorators.js';

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

/** The signed `X-Regulars-Actor` header, bounded like an event's actor. */
export class ActorHeaderDto {
  @IsKey(64) tenantId: string;
  @IsKey() id: string;
  @Optional() @IsString() @Length(0, 255) name?: string;
  @IsArray() @ArrayMaxSize(100) @IsKey(64, { each: true }) permissions: string[];
  @Optional() @IsKey() locationId?: string;
  @Optional() @IsKey() terminalId?: string;
  /**
   * Anything unique per request, signed with it: two writes whose timestamp, actor and body
   * are otherwise the same (two body-less DELETEs in one second) are then two signatures,
   * not a replay of one.
   */
  @Optional() @IsKey() requestId?: string;
}

export interface SignedRequest extends Request {
  rawBody?: Buffer;
  regularsActor?: RequestActor;
  /** SHA-256 of what the request's signature covers; absent for a page's session call. */
  regularsSignature?: string;
}

export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): RequestActor => {
  const actor = context.switchToHttp().getRequest<SignedRequest>().regularsActor;
  if (!actor) throw new Error('Regulars: @CurrentActor() used on a route without SignedActorGuard');
  return actor;
});
