import { signatureProblem, signRequest, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhook } from './signature.js';

const secret = 'a-long-enough-tenant-secret';
const now = 1_795_464_000;

function verify(headers: Record<string, string>, body: string, overrides: { secrets?: string[]; actorHeader?: string; nowSeconds?: number } = {}) {
  return signatureProblem({
    secrets: overrides.secrets ?? [secret],
    timestampHeader: headers[TIMESTAMP_HEADER],
    signatureHeader: headers[SIGNATURE_HEADER],
    body,
    actorHeader: overrides.actorHeader,
    nowSeconds: overrides.nowSeconds ?? now,
  });
}

describe('request signatures', () => {
  const body = '{"id":"evt-1","amount":1200}';

  it('accepts what signRequest produced', () => {
    expect(verify(signRequest({ secret, body, timestamp: now }), body)).toBeNull();
  });

  it('signs the raw bytes: a body with the same JSON meaning but other spacing does not match', () => {
    const headers = signRequest({ secret, body, timestamp: now });
    expect(verify(headers, '{"id": "evt-1", "amount": 1200}')).toBe('signature does not match');
  });

  it('refuses a changed amount', () => {
    const headers = signRequest({ secret, body, timestamp: now });
    expect(verify(headers, body.replace('1200', '120000'))).toBe('signature does not match');
  });

  it('binds the actor header: escalating permissions after signing is refused', () => {
    const actorHeader = '{"tenantId":"t","id":"u","permissions":["terminal.use"]}';
    const headers = signRequest({ secret, body: '', actorHeader, timestamp: now });
    expect(verify(headers, '', { actorHeader })).toBeNull();
    expect(verify(headers, '', { actorHeader: actorHeader.replace('terminal.use', 'accounts.adjust') })).toBe('signature does not match');
  });

  it('refuses timestamps more than five minutes old or ahead', () => {
    expect(verify(signRequest({ secret, body, timestamp: now - 301 }), body)).toMatch(/5 minutes/);
    expect(verify(signRequest({ secret, body, timestamp: now + 301 }), body)).toMatch(/5 minutes/);
    expect(verify(signRequest({ secret, body, timestamp: now - 300 }), body)).toBeNull();
  });

  it('accepts either secret while a tenant rotates its secret', () => {
    const headers = signRequest({ secret: 'the-new-secret-of-the-tenant', body, timestamp: now });
    expect(verify(headers, body, { secrets: [secret, 'the-new-secret-of-the-tenant'] })).toBeNull();
  });

  it('explains malformed headers without throwing', () => {
    expect(verify({}, body)).toMatch(/missing/);
    expect(verify({ [TIMESTAMP_HEADER]: 'yesterday', [SIGNATURE_HEADER]: 'v1=00' }, body)).toMatch(/unix seconds/);
    expect(verify({ [TIMESTAMP_HEADER]: String(now), [SIGNATURE_HEADER]: 'sha256=abc' }, body)).toMatch(/v1=<hex>/);
    expect(verify({ [TIMESTAMP_HEADER]: String(now), [SIGNATURE_HEADER]: 'v1=abcd' }, body)).toBe('signature does not match');
  });

  it('lets a webhook receiver verify a delivery over its raw bytes, its headers in any letter case', () => {
    const webhookSecret = 'whsec_the-subscription-secret';
    const delivery = Buffer.from('{"id":"ev_1","type":"tier.changed","data":{"to":{"code":"GOLD"}}}');
    const signed = signRequest({ secret: webhookSecret, body: delivery.toString(), timestamp: now });
    const asSent = { 'X-Regulars-Timestamp': signed[TIMESTAMP_HEADER], 'X-Regulars-Signature': [signed[SIGNATURE_HEADER]] };
    expect(verifyWebhook({ secret: webhookSecret, body: delivery, headers: asSent, nowSeconds: now })).toBe(true);
    expect(verifyWebhook({ secret: ['whsec_the-old-secret', webhookSecret], body: delivery, headers: asSent, nowSeconds: now })).toBe(true);
    expect(verifyWebhook({ secret: webhookSecret, body: delivery.toString().replace('GOLD', 'PLATINUM'), headers: asSent, nowSeconds: now })).toBe(false);
    expect(verifyWebhook({ secret: webhookSecret, body: delivery, headers: asSent, nowSeconds: now + 301 })).toBe(false);
    expect(verifyWebhook({ secret: webhookSecret, body: delivery, headers: {}, nowSeconds: now })).toBe(false);
  });
});
