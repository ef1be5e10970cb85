import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST the receiver got. */
export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  event: { id: string; type: string; customerId: string | null; data: Record<string, unknown> };
  /** Milliseconds since the receiver started. */
  at: number;
  /** The sender's end of the connection: which process sent it, when several do. */
  remotePort: number;
  /** What it was answered: a status, or nothing (`hang`) yet. */
  answered: Answer;
}

/** What the receiver answers a POST with: a status, or `hang` to answer nothing at all. */
export type Answer = number | 'hang';

/**
 * A subscriber's endpoint on 127.0.0.1, as a CRM would run one: it keeps what it gets and
 * answers as the test says, per path (200 unless told otherwise).
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  private readonly answers = new Map<string, (request: Received) => Answer>();
  private readonly hanging: ServerResponse[] = [];
  private readonly started = Date.now();
  private server: Server | null = null;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const got: Received = { path: request.url ?? '', headers: request.headers, body, event: JSON.parse(body), at: Date.now() - this.started, remotePort: request.socket.remotePort ?? 0, answered: 'hang' };
        const answer = this.answers.get(got.path)?.(got) ?? 200;
        got.answered = answer;
        this.received.push(got);
        if (answer === 'hang') this.hanging.push(response);
        else response.writeHead(answer, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** How `path` answers from now on. */
  answer(path: string, how: Answer | ((request: Received) => Answer)): void {
    this.answers.set(path, typeof how === 'function' ? how : () => how);
  }

  at(path: string): Received[] {
    return this.received.filter((request) => request.path === path);
  }

  async stop(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
