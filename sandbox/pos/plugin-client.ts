import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PERMISSIONS, signRequest, type Permission } from '../../src/index.js';
import { SANDBOX_CONFIG, SANDBOX_TENANT, type SandboxConfig } from '../sandbox-config.js';

export interface PluginAnswer<T = unknown> {
  status: number;
  body: T;
}

/**
 * Calls the plugin's HTTP API the way a host written in another language would:
 * a signed X-Regulars-Actor header, an HMAC over timestamp, actor and body, and a
 * requestId in the actor so that no two calls share a signature.
 */
@Injectable()
export class PluginClient {
  /** Where the plugin answers; known once the sandbox listens. */
  baseUrl = '';

  constructor(@Inject(SANDBOX_CONFIG) private readonly config: SandboxConfig) {}

  async call<T = unknown>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    options: { permissions?: Permission[]; body?: unknown; idempotencyKey?: string } = {},
  ): Promise<PluginAnswer<T>> {
    const permissions = options.permissions ?? (Object.keys(PERMISSIONS) as Permission[]);
    const actorHeader = JSON.stringify({ tenantId: SANDBOX_TENANT, id: 'manager-1', name: 'Sandbox manager', permissions, requestId: randomUUID() });
    const body = options.body === undefined ? '' : JSON.stringify(options.body);
    const headers: Record<string, string> = signRequest({
      secret: this.config.tenantSecrets[SANDBOX_TENANT],
      body,
      actorHeader,
      timestamp: Math.floor(this.config.clock.now().getTime() / 1000),
    });
    if (body) headers['content-type'] = 'application/json';
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    const response = await fetch(new URL(path, this.baseUrl), { method, headers, body: body || undefined });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  }

  /** A call that must succeed: seeding stops loudly otherwise. */
  async expect<T>(method: 'GET' | 'POST' | 'PUT', path: string, options: Parameters<PluginClient['call']>[2] = {}): Promise<T> {
    const answer = await this.call<T>(method, path, options);
    if (answer.status >= 300) throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  }
}
