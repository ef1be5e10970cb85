import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { isUniqueViolation } from '../database/database-errors.js';
import { REGULARS_CONFIG } from '../config/regulars.constants.js';
import type { RegularsConfig } from '../config/regulars-options.js';
import type { RequestActor } from './request-actor.js';
import type { UiSession } from './ui-session.entity.js';
import { UiSessionsRepository } from './ui-sessions.repository.js';
import { uiTokenProblem, unverifiedClaims } from './ui-token.js';

export const UI_SESSION_COOKIE = 'regulars_ui';
export const UI_CSRF_HEADER = 'x-regulars-csrf';

/** A back-office session lasts a shift; the host signs its user in again after that. */
const SESSION_HOURS = 12;

export interface OpenedUiSession {
  /** The cookie's value: `<tenant, base64url>.<secret>`; only its hash is stored. */
  cookie: string;
  expiresAt: Date;
}

export interface UiSessionView {
  actor: RequestActor;
  locale: string | null;
  csrfToken: string;
  expiresAt: Date;
}

const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

/**
 * Sessions of the embedded pages. A host's short-lived token opens one; the browser then
 * holds only an HttpOnly cookie, and sends the session's CSRF token in a header with each
 * API call, so a page of another site can neither read nor forge a call.
 */
@Injectable()
export class UiSessions {
  constructor(
    private readonly repository: UiSessionsRepository,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  async open(token: string): Promise<OpenedUiSession> {
    const claims = unverifiedClaims(token);
    const secrets = claims ? await this.config.resolveSecrets(claims.tenantId) : [];
    const now = this.config.clock.now();
    const problem = claims && secrets.length === 0 ? 'unknown tenant' : uiTokenProblem(token, secrets, Math.floor(now.getTime() / 1000));
    if (problem || !claims) throw new UnauthorizedException(problem);
    const secret = randomBytes(32).toString('base64url');
    const session: UiSession = {
      tenantId: claims.tenantId,
      id: hashOf(secret),
      tokenNonce: claims.nonce,
      actor: claims.actor,
      locale: claims.locale ?? null,
      csrfToken: randomBytes(24).toString('base64url'),
      createdAt: now,
      expiresAt: new Date(now.getTime() + SESSION_HOURS * 3_600_000),
    };
    // Sessions are short; whoever signs in sweeps the tenant's expired ones.
    await this.repository.deleteExpiredSessions(claims.tenantId, now);
    try {
      await this.repository.insertSession(session);
    } catch (error) {
      if (isUniqueViolation(error)) throw new UnauthorizedException('this sign-in link was used already; open the page from the back office again');
      throw error;
    }
    return { cookie: `${Buffer.from(claims.tenantId).toString('base64url')}.${secret}`, expiresAt: session.expiresAt };
  }

  /** The session a cookie names, or 401; `csrfToken` is checked when given (every API call). */
  async find(cookie: string | undefined, csrfToken?: string | null): Promise<UiSessionView> {
    const [tenantPart, secret] = (cookie ?? '').split('.');
    if (!tenantPart || !secret) throw new UnauthorizedException('not signed in: open the page from the back office');
    const tenantId = Buffer.from(tenantPart, 'base64url').toString('utf8');
    const session = await this.repository.session(tenantId, hashOf(secret));
    if (!session || session.expiresAt <= this.config.clock.now()) {
      throw new UnauthorizedException('the session has ended: open the page from the back office again');
    }
    if (csrfToken !== undefined && !sameText(csrfToken ?? '', session.csrfToken)) {
      throw new UnauthorizedException(`missing or wrong ${UI_CSRF_HEADER} header`);
    }
    return { actor: { ...session.actor, tenantId }, locale: session.locale, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
  }

  async close(cookie: string | undefined): Promise<void> {
    const [tenantPart, secret] = (cookie ?? '').split('.');
    if (!tenantPart || !secret) return;
    const tenantId = Buffer.from(tenantPart, 'base64url').toString('utf8');
    await this.repository.deleteSession(tenantId, hashOf(secret));
  }
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * One cookie's value from a Cookie header; the plugin does not impose a cookie parser on
 * the host. A value that does not decode is no cookie at all (so 401, not a URIError).
 */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) {
      try {
        return decodeURIComponent(part.slice(at + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
