import {
  ForbiddenException,
  Inject,
  Injectable,
  InternalServerErrorException,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { REGULARS_CONFIG } from '../../config/regulars.constants.js';
import type { RegularsConfig } from '../../config/regulars-options.js';
import { REQUIRED_PERMISSION } from './require-permission.decorator.js';
import type { RequestActor, SignedRequest } from './request-actor.js';
import { cookieValue, UI_CSRF_HEADER, UI_SESSION_COOKIE, UiSessions } from './ui-sessions.service.js';
import { ACTOR_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signatureProblem } from './signature.js';

/** Checks the HMAC of a request under its tenant's secrets; nothing is recorded on failure. */
@Injectable()
export class RequestVerifier {
  constructor(@Inject(REGULARS_CONFIG) private readonly config: RegularsConfig) {}

  async verify(request: SignedRequest, tenantId: unknown, actorHeader?: string): Promise<void> {
    const secrets = typeof tenantId === 'string' ? await this.config.resolveSecrets(tenantId) : [];
    const problem =
      secrets.length === 0
        ? 'unknown tenant'
        : signatureProblem({
            secrets,
            timestampHeader: header(request, TIMESTAMP_HEADER),
            signatureHeader: header(request, SIGNATURE_HEADER),
            body: rawBodyOf(request),
            actorHeader,
            nowSeconds: Math.floor(this.config.clock.now().getTime() / 1000),
          });
    if (problem) throw new UnauthorizedException(problem);
  }
}

/** Host events: the tenant travels in the signed body. */
@Injectable()
export class SignedEventGuard implements CanActivate {
  constructor(private readonly verifier: RequestVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<SignedRequest>();
    const body = request.body as { tenantId?: unknown } | undefined;
    await this.verifier.verify(request, body?.tenantId);
    return true;
  }
}

/** Terminal and management calls: the tenant and actor travel in the signed X-Regulars-Actor header. */
@Injectable()
export class SignedActorGuard implements CanActivate {
  constructor(
    private readonly verifier: RequestVerifier,
    private readonly reflector: Reflector,
    private readonly sessions: UiSessions,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<SignedRequest>();
    const actor = await this.actorOf(request);
    const required = this.reflector.getAllAndOverride<string | undefined>(REQUIRED_PERMISSION, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (required && !actor.permissions.includes(required)) {
      throw new ForbiddenException(`the actor lacks the permission ${required}`);
    }
    request.regularsActor = actor;
    return true;
  }

  /** A host's signed call, or an embedded page's session (cookie and CSRF header). */
  private async actorOf(request: SignedRequest): Promise<RequestActor> {
    const actorHeader = header(request, ACTOR_HEADER);
    const session = cookieValue(header(request, 'cookie'), UI_SESSION_COOKIE);
    if (!actorHeader && session) return (await this.sessions.find(session, header(request, UI_CSRF_HEADER) ?? null)).actor;
    if (!actorHeader) throw new UnauthorizedException('missing X-Regulars-Actor');
    const actor = parseActor(actorHeader);
    await this.verifier.verify(request, actor.tenantId, actorHeader);
    return actor;
  }
}

function parseActor(headerValue: string): RequestActor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(headerValue);
  } catch {
    throw new UnauthorizedException('X-Regulars-Actor must be JSON');
  }
  const actor = parsed as Partial<RequestActor> | null;
  const optionalString = (value: unknown) => value === undefined || typeof value === 'string';
  const valid =
    actor !== null &&
    typeof actor === 'object' &&
    typeof actor.tenantId === 'string' &&
    typeof actor.id === 'string' &&
    Array.isArray(actor.permissions) &&
    actor.permissions.every((p) => typeof p === 'string') &&
    optionalString(actor.name) &&
    optionalString(actor.locationId) &&
    optionalString(actor.terminalId);
  if (!valid) {
    throw new UnauthorizedException('X-Regulars-Actor must be {"tenantId","id","name","permissions":[…],"locationId"?,"terminalId"?}');
  }
  return {
    tenantId: actor.tenantId!,
    id: actor.id!,
    name: actor.name,
    permissions: actor.permissions!,
    locationId: actor.locationId,
    terminalId: actor.terminalId,
  };
}

function header(request: SignedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function rawBodyOf(request: SignedRequest): Buffer | string {
  if (request.rawBody) return request.rawBody;
  const body = request.body as unknown;
  const empty = body === undefined || (typeof body === 'object' && body !== null && Object.keys(body).length === 0);
  if (empty) return '';
  throw new InternalServerErrorException(
    'Regulars checks signatures over the raw request body: create the Nest application with { rawBody: true }',
  );
}
