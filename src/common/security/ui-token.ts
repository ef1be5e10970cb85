import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { RequestActor } from './request-actor.js';

/**
 * The short-lived sign-in token a host mints for the plugin's embedded pages: the browser
 * never holds a tenant secret, only this token for the moment it takes to open `/ui/`.
 */

/** The longest a token may live: long enough to open a page, too short to be worth stealing. */
export const UI_TOKEN_MAX_SECONDS = 600;

export interface UiTokenClaims {
  tenantId: string;
  actor: Omit<RequestActor, 'tenantId'>;
  /** The host's locale for the pages (`sv-SE`, `ru`, …); English when absent. */
  locale?: string;
  /** Unix seconds. */
  expiresAt: number;
  /** One use only: a second sign-in with the same token is refused. */
  nonce: string;
}

export interface MintUiTokenInput {
  secret: string;
  tenantId: string;
  actor: Omit<RequestActor, 'tenantId'>;
  locale?: string;
  /** 300 by default; at most 600. */
  ttlSeconds?: number;
  /** Unix seconds; now by default. */
  now?: number;
}

/** Domain-separates these signatures from request signatures made with the same secret. */
const PURPOSE = 'regulars-ui-token.v1.';

const sign = (secret: string, payload: string) => createHmac('sha256', secret).update(PURPOSE).update(payload).digest('base64url');

/** What a host calls to open `/ui/?token=…` for one of its users. */
export function mintUiToken(input: MintUiTokenInput): string {
  const ttl = input.ttlSeconds ?? 300;
  if (!Number.isInteger(ttl) || ttl <= 0 || ttl > UI_TOKEN_MAX_SECONDS) {
    throw new RangeError(`ttlSeconds must be a whole number of seconds from 1 to ${UI_TOKEN_MAX_SECONDS}`);
  }
  const claims: UiTokenClaims = {
    tenantId: input.tenantId,
    actor: input.actor,
    ...(input.locale ? { locale: input.locale } : {}),
    expiresAt: (input.now ?? Math.floor(Date.now() / 1000)) + ttl,
    nonce: randomBytes(16).toString('base64url'),
  };
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${sign(input.secret, payload)}`;
}

/** The claims a token carries, before its signature is checked (to learn whose secret to use). */
export function unverifiedClaims(token: string): UiTokenClaims | null {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<UiTokenClaims>;
    const actor = claims.actor;
    const wellFormed =
      typeof claims.tenantId === 'string' &&
      typeof claims.expiresAt === 'number' &&
      typeof claims.nonce === 'string' &&
      claims.nonce.length >= 16 &&
      (claims.locale === undefined || typeof claims.locale === 'string') &&
      typeof actor === 'object' &&
      actor !== null &&
      typeof actor.id === 'string' &&
      Array.isArray(actor.permissions) &&
      actor.permissions.every((permission) => typeof permission === 'string');
    return wellFormed ? (claims as UiTokenClaims) : null;
  } catch {
    return null;
  }
}

/** Why a token is refused, or null when it is good for a sign-in now. */
export function uiTokenProblem(token: string, secrets: readonly string[], nowSeconds: number): string | null {
  const claims = unverifiedClaims(token);
  if (!claims) return 'the sign-in token is malformed';
  const [payload, signature] = token.split('.');
  const offered = Buffer.from(signature, 'base64url');
  const matched = secrets.some((secret) => {
    const expected = Buffer.from(sign(secret, payload), 'base64url');
    return expected.length === offered.length && timingSafeEqual(expected, offered);
  });
  if (!matched) return 'the sign-in token is not signed by this tenant';
  if (claims.expiresAt <= nowSeconds) return 'the sign-in token has expired; open the page from the back office again';
  // A little leeway for the host's clock, never a token that lives for hours.
  if (claims.expiresAt > nowSeconds + UI_TOKEN_MAX_SECONDS + 60) return `a sign-in token may live ${UI_TOKEN_MAX_SECONDS / 60} minutes at most`;
  return null;
}
