import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { ReceiverCommand, ReceiverReport } from './receiver.worker.js';

/** A loopback subscriber on its own thread (receiver.worker.ts), started, stopped and asked from here. */
export class BenchReceiver {
  private readonly worker = new Worker(new URL('./receiver.worker.js', import.meta.url));
  private port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/events`;
  }

  /** Listening, on the port it had before if it had one. */
  async start(): Promise<this> {
    this.port = ((await this.ask('start')) as { port: number }).port;
    return this;
  }

  /** Down: the port closed and every open connection cut, as when the subscriber's host is off. */
  async stop(): Promise<void> {
    await this.ask('stop');
  }

  /** Per guest the event ids in the order they first arrived, and how many arrived again. */
  async report(): Promise<{ byGuest: Map<string, string[]>; repeats: number }> {
    const report = (await this.ask('report')) as ReceiverReport;
    return { byGuest: new Map(report.byGuest), repeats: report.repeats };
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private async ask(command: ReceiverCommand): Promise<unknown> {
    const answer = once(this.worker, 'message');
    this.worker.postMessage(command);
    return (await answer)[0];
  }
}
