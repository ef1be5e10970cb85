import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { SIGNATURE_TOLERANCE_SECONDS } from '../config/regulars.constants.js';

/** Request signing of CONTRACT.md section 5, usable by hosts and tests as well. */

export const TIMESTAMP_HEADER = 'x-regulars-timestamp';
export const SIGNATURE_HEADER = 'x-regulars-signature';
export const ACTOR_HEADER = 'x-regulars-actor';

/** HMAC of `<timestamp>.<raw body>`, or `<timestamp>.<actor header>.<raw body>`, over the body's bytes. */
function hmacHex(secret: string, timestamp: string, body: string | Buffer, actorHeader?: string): string {
  const prefix = actorHeader === undefined ? `${timestamp}.` : `${timestamp}.${actorHeader}.`;
  return createHmac('sha256', secret).update(prefix).update(body).digest('hex');
}

/** What identifies a signed request: a hash of exactly what its signature covers, whichever secret signed it. */
export function signedContentHash(timestamp: string, actorHeader: string, body: string | Buffer): string {
  return createHash('sha256').update(`${timestamp}.${actorHeader}.`).update(body).digest('hex');
}

export interface SignInput {
  secret: string;
  /** The exact bytes that will be sent as the body ('' for none). */
  body: string;
  /** The exact `X-Regulars-Actor` header value, for terminal and management calls. */
  actorHeader?: string;
  /** Unix seconds; now by default. */
  timestamp?: number;
}

/** The headers a host sends with a request to the plugin. */
export function signRequest(input: SignInput): Record<string, string> {
  const timestamp = String(input.timestamp ?? Math.floor(Date.now() / 1000));
  const headers: Record<string, string> = {
    [TIMESTAMP_HEADER]: timestamp,
    [SIGNATURE_HEADER]: `v1=${hmacHex(input.secret, timestamp, input.body, input.actorHeader)}`,
  };
  if (input.actorHeader !== undefined) headers[ACTOR_HEADER] = input.actorHeader;
  return headers;
}

export interface VerifyInput {
  secrets: readonly string[];
  timestampHeader: string | undefined;
  signatureHeader: string | undefined;
  body: string | Buffer;
  actorHeader?: string;
  nowSeconds: number;
}

/** Returns why the signature is refused, or null when it is good. */
export function signatureProblem(input: VerifyInput): string | null {
  const { timestampHeader, signatureHeader } = input;
  if (!timestampHeader || !signatureHeader) return 'missing X-Regulars-Timestamp or X-Regulars-Signature';
  if (!/^\d{1,12}$/.test(timestampHeader)) return 'X-Regulars-Timestamp must be unix seconds';
  if (Math.abs(input.nowSeconds - Number(timestampHeader)) > SIGNATURE_TOLERANCE_SECONDS) {
    return 'X-Regulars-Timestamp is more than 5 minutes away from now';
  }
  const offered = signatureHeader
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.startsWith('v1='))
    .map((part) => Buffer.from(part.slice(3), 'hex'));
  if (offered.length === 0) return 'X-Regulars-Signature must be v1=<hex>';
  let matched = false;
  for (const secret of input.secrets) {
    const expected = Buffer.from(hmacHex(secret, timestampHeader, input.body, input.actorHeader), 'hex');
    for (const candidate of offered) {
      // timingSafeEqual throws on different lengths; a wrong length is simply no match.
      if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) matched = true;
    }
  }
  return matched ? null : 'signature does not match';
}

/**
 * The headers of a webhook the plugin sends (CONTRACT.md, "Events out") besides the timestamp
 * and signature, which are the host contract's own: signRequest() without an actor.
 */
export const EVENT_ID_HEADER = 'x-regulars-event-id';
export const EVENT_TYPE_HEADER = 'x-regulars-event-type';
export const DELIVERY_ID_HEADER = 'x-regulars-delivery-id';

export interface VerifyWebhookInput {
  /** The subscription's secret (`whsec_…`), or several while a receiver switches to a rotated one. */
  secret: string | readonly string[];
  /** The body exactly as received, before any JSON parsing. */
  body: string | Buffer;
  /** The request's headers, in any letter case (Node's `request.headers` will do). */
  headers: Record<string, string | string[] | undefined>;
  /** Unix seconds; now by default. A timestamp more than 5 minutes away is refused, against replays. */
  nowSeconds?: number;
}

/** For receivers: whether a webhook really comes from the plugin, unchanged and recent. */
export function verifyWebhook(input: VerifyWebhookInput): boolean {
  const header = (name: string) => {
    const found = Object.entries(input.headers).find(([key]) => key.toLowerCase() === name)?.[1];
    return Array.isArray(found) ? found[0] : found;
  };
  return (
    signatureProblem({
      secrets: typeof input.secret === 'string' ? [input.secret] : input.secret,
      timestampHeader: header(TIMESTAMP_HEADER),
      signatureHeader: header(SIGNATURE_HEADER),
      body: input.body,
      nowSeconds: input.nowSeconds ?? Math.floor(Date.now() / 1000),
    }) === null
  );
}
