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
import { REGULARS_CONFIG } from '../config/regulars.constants.js';
import type { RegularsConfig } from '../config/regulars-options.js';
import { REQUIRED_PERMISSION } from './require-permission.decorator.js';
import { validateInput } from '../validation/validation.js';
import { ActorHeaderDto, type RequestActor, type SignedRequest } from './request-actor.js';
import { cookieValue, UI_CSRF_HEADER, UI_SESSION_COOKIE, UiSessions } from './ui-sessions.service.js';
import { ACTOR_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signatureProblem, signedContentHash } from './signature.js';

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
    const { parsed, tenantId } = tenantOfActor(actorHeader);
    await this.verifier.verify(request, tenantId, actorHeader);
    request.regularsSignature = signedContentHash(header(request, TIMESTAMP_HEADER)!, actorHeader, rawBodyOf(request));
    return validActor(parsed);
  }
}

/**
 * The actor header in two steps: only its tenant is read before the signature is checked
 * (a stranger learns nothing but 401), then every field is validated like an event's actor
 * (400 naming `X-Regulars-Actor.<field>`).
 */
function tenantOfActor(headerValue: string): { parsed: unknown; tenantId: unknown } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(headerValue);
  } catch {
    throw new UnauthorizedException('X-Regulars-Actor must be JSON');
  }
  return { parsed, tenantId: (parsed as { tenantId?: unknown } | null)?.tenantId };
}

function validActor(parsed: unknown): RequestActor {
  const { tenantId, id, name, permissions, locationId, terminalId } = validateInput(ActorHeaderDto, parsed, 'X-Regulars-Actor', 'X-Regulars-Actor');
  return { tenantId, id, name, permissions, locationId, terminalId };
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
