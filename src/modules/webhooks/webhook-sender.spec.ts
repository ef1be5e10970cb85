import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import { WebhookSender } from './webhook-sender.js';

/**
 * A receiver that keeps connections alive but resets one as its second request arrives — what a
 * receiver whose keep-alive timeout runs out just as the sender reuses the connection looks like.
 */
async function receiverResettingReusedConnections(): Promise<{ server: Server; url: string; bodies: string[] }> {
  const requestsOn = new WeakMap<Socket, number>();
  const bodies: string[] = [];
  const server = createServer((request, response) => {
    const count = (requestsOn.get(request.socket) ?? 0) + 1;
    requestsOn.set(request.socket, count);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (count > 1) return request.socket.resetAndDestroy();
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies };
}

describe('the webhook sender', () => {
  const config = { webhooks: { allowPrivateTargets: true, timeoutSeconds: 5 } } as RegularsConfig;

  it('sends again on a new connection when the kept-alive one was reset as it was reused: the attempt is delivered, not failed', async () => {
    const { server, url, bodies } = await receiverResettingReusedConnections();
    const sender = new WebhookSender(config);
    try {
      expect(await sender.send(url, '{"n":1}', {})).toEqual({ delivered: true, statusCode: 200, error: null });
      expect(await sender.send(url, '{"n":2}', {})).toEqual({ delivered: true, statusCode: 200, error: null });
      expect(bodies).toEqual(['{"n":1}', '{"n":2}']);
    } finally {
      sender.close();
      server.closeAllConnections();
      server.close();
    }
  });

  it('counts a reset of a new connection as the failed attempt it is', async () => {
    const server = createServer((request) => request.on('end', () => request.socket.resetAndDestroy()).resume());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const sender = new WebhookSender(config);
    try {
      const outcome = await sender.send(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, '{}', {});
      expect(outcome).toMatchObject({ delivered: false, statusCode: null, error: expect.stringMatching(/^ECONNRESET/) });
    } finally {
      sender.close();
      server.close();
    }
  });
});
