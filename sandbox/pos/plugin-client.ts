import { Inject, Injectable } from '@nestjs/common';
import { signRequest, type Permission } from '../../src/index.js';
import { SANDBOX_TENANT, type SandboxConfig } from '../sandbox-config.js';

export const SANDBOX_CONFIG = Symbol('SANDBOX_CONFIG');

/**
 * Calls the plugin's HTTP API the way a host written in another language would:
 * a signed X-Regulars-Actor header, an HMAC over timestamp, actor and body.
 */
@Injectable()
export class PluginClient {
  constructor(@Inject(SANDBOX_CONFIG) private readonly config: SandboxConfig) {}

  async get(baseUrl: string, path: string, permissions: Permission[]): Promise<{ status: number; body: unknown }> {
    const actorHeader = JSON.stringify({ tenantId: SANDBOX_TENANT, id: 'manager-1', name: 'Sandbox manager', permissions });
    const headers = signRequest({ secret: this.config.tenantSecrets[SANDBOX_TENANT], body: '', actorHeader });
    const response = await fetch(new URL(path, baseUrl), { headers });
    return { status: response.status, body: await response.json() };
  }
}
