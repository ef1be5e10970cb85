import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy between the plugin and MariaDB whose faults a test controls: `cut()` drops
 * every open connection mid-whatever (as a network blip or a server restart does), and
 * `down()` / `up()` refuse new connections meanwhile (the server is away).
 */
export class FaultyProxy {
  private readonly pairs = new Set<[Socket, Socket]>();
  private refusing = false;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(target: { host: string; port: number }): Promise<FaultyProxy> {
    let proxy: FaultyProxy | undefined;
    const server = createServer((client) => {
      if (!proxy || proxy.refusing) {
        client.destroy();
        return;
      }
      const upstream = createConnection(target);
      const pair: [Socket, Socket] = [client, upstream];
      proxy.pairs.add(pair);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        proxy?.pairs.delete(pair);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    proxy = new FaultyProxy(server, typeof address === 'object' && address ? address.port : 0);
    return proxy;
  }

  /** Drops every connection open now; returns how many there were. */
  cut(): number {
    const open = this.pairs.size;
    for (const [client, upstream] of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
    this.pairs.clear();
    return open;
  }

  /** The database is away: open connections drop and new ones are refused until up(). */
  down(): void {
    this.refusing = true;
    this.cut();
  }

  up(): void {
    this.refusing = false;
  }

  async close(): Promise<void> {
    this.down();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
