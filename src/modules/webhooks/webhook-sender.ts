import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Inject, Injectable } from '@nestjs/common';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import { checkedLookup, RefusedTarget, urlProblem } from './webhook-targets.js';

/** How one attempt went (a POST, or a publish to a broker): a 2xx or a broker's confirm delivers; anything else is a failed attempt, with what to show for it. */
export interface AttemptOutcome {
  delivered: boolean;
  statusCode: number | null;
  error: string | null;
}

/** The delivery log keeps this much of an error. */
const ERROR_LENGTH = 500;

/**
 * POSTs a signed delivery to a subscriber, and nothing more: no redirects followed (one could
 * lead anywhere), the whole exchange bounded by `webhooks.timeoutSeconds`, the answer's body
 * read and dropped. Connections are kept alive per subscriber between deliveries.
 */
@Injectable()
export class WebhookSender {
  private readonly http = new HttpAgent({ keepAlive: true });
  private readonly https = new HttpsAgent({ keepAlive: true });

  constructor(@Inject(REGULARS_CONFIG) private readonly config: RegularsConfig) {}

  /** Closes the kept-alive connections, once nothing is in flight. */
  close(): void {
    this.http.destroy();
    this.https.destroy();
  }

  async send(url: string, body: string, headers: Record<string, string>): Promise<AttemptOutcome> {
    const target = new URL(url);
    const checked = !this.config.webhooks.allowPrivateTargets;
    const literal = checked ? urlProblem(target) : null;
    if (literal) return failed(null, new RefusedTarget(literal).message);
    const signal = AbortSignal.timeout(this.config.webhooks.timeoutSeconds * 1000);
    const kept = await this.post(target, body, headers, checked, signal, true);
    // A kept-alive connection the receiver closed just as we reused it fails before it got the
    // request: sent again on a new one, it is not a failed attempt that holds back the guest's next events.
    return kept === STALE_CONNECTION ? ((await this.post(target, body, headers, checked, signal, false)) as AttemptOutcome) : kept;
  }

  /** One POST, on a kept-alive connection or a new one of its own (which can never be stale). */
  private post(target: URL, body: string, headers: Record<string, string>, checked: boolean, signal: AbortSignal, keepAlive: boolean): Promise<AttemptOutcome | typeof STALE_CONNECTION> {
    const { timeoutSeconds } = this.config.webhooks;
    return new Promise((resolve) => {
      let settled = false;
      const settle = (outcome: AttemptOutcome | typeof STALE_CONNECTION) => {
        if (!settled) resolve(outcome);
        settled = true;
      };
      const secure = target.protocol === 'https:';
      const request = (secure ? httpsRequest : httpRequest)(
        target,
        {
          method: 'POST',
          agent: keepAlive ? (secure ? this.https : this.http) : false,
          headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'Regulars-Webhooks/1' },
          lookup: checked ? checkedLookup : undefined,
          signal,
        },
        (response: IncomingMessage) => {
          const status = response.statusCode ?? 0;
          response.on('error', (error) => settle(failed(status, describe(error, timeoutSeconds))));
          response.on('end', () => settle(outcomeOf(status)));
          response.on('close', () => settle(failed(status, `the answer was cut off (${status})`)));
          response.resume();
        },
      );
      request.on('error', (error: Error & { code?: string }) =>
        settle(request.reusedSocket && error.code === 'ECONNRESET' && !signal.aborted ? STALE_CONNECTION : failed(null, describe(error, timeoutSeconds))),
      );
      request.end(body);
    });
  }
}

const STALE_CONNECTION = Symbol('stale kept-alive connection');

function outcomeOf(status: number): AttemptOutcome {
  if (status >= 200 && status < 300) return { delivered: true, statusCode: status, error: null };
  if (status >= 300 && status < 400) return failed(status, `answered ${status}; redirects are not followed, subscribe the final URL`);
  return failed(status, `answered ${status}`);
}

export function failed(statusCode: number | null, error: string): AttemptOutcome {
  return { delivered: false, statusCode, error: error.slice(0, ERROR_LENGTH) };
}

function describe(error: Error & { code?: string }, timeoutSeconds: number): string {
  if (error.name === 'AbortError' || error.name === 'TimeoutError') return `no answer within ${timeoutSeconds} s`;
  if (error instanceof RefusedTarget) return error.message;
  return error.code ? `${error.code}: ${error.message}` : error.message;
}
