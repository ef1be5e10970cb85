import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { parentPort } from 'node:worker_threads';

/** What the subscriber got: per guest the event ids in the order of first arrival, and how many came again. */
export interface ReceiverReport {
  byGuest: [string, string[]][];
  repeats: number;
}

export type ReceiverCommand = 'start' | 'stop' | 'report';

/**
 * The subscriber's endpoint, on a thread of its own as a subscriber's host is not the
 * relay's: answers every delivery with a 204 at once, and goes down (port closed,
 * connections cut) and comes back on the same port when told.
 */
const byGuest = new Map<string, string[]>();
const seen = new Set<string>();
const sockets = new Set<Socket>();
let repeats = 0;
let port = 0;
let server: Server | null = null;

function listen(): void {
  const next = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string; customerId?: string | null };
      if (seen.has(event.id)) repeats += 1;
      else {
        seen.add(event.id);
        const guest = event.customerId ?? '';
        const ids = byGuest.get(guest);
        if (ids) ids.push(event.id);
        else byGuest.set(guest, [event.id]);
      }
      response.writeHead(204).end();
    });
  });
  next.keepAliveTimeout = 60_000;
  next.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  next.listen(port, '127.0.0.1', () => {
    port = (next.address() as AddressInfo).port;
    server = next;
    parentPort!.postMessage({ port });
  });
}

parentPort!.on('message', (command: ReceiverCommand) => {
  if (command === 'start') listen();
  else if (command === 'stop') {
    const closing = server;
    server = null;
    for (const socket of sockets) socket.destroy();
    if (closing) closing.close(() => parentPort!.postMessage('stopped'));
    else parentPort!.postMessage('stopped');
  } else parentPort!.postMessage({ byGuest: [...byGuest], repeats } satisfies ReceiverReport);
});
