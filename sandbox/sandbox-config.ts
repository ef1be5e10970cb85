import type { Clock, RegularsOptions } from '../src/index.js';

/**
 * The sandbox's settings, from the environment (README lists them):
 * PORT, DATABASE_URL, HTTP_ADAPTER, REGULARS_TENANT_SECRETS, REGULARS_IDENTIFY_PER_MINUTE,
 * REGULARS_IDENTIFY_COUNTING, REGULARS_BROKER, REGULARS_WEBHOOKS, REGULARS_MESSAGES.
 */
export const SANDBOX_TENANT = 'demo';

/** The sandbox's settings, for its POS parts to inject. */
export const SANDBOX_CONFIG = Symbol('SANDBOX_CONFIG');

/** Printed at start when REGULARS_TENANT_SECRETS is unset, so a test client can sign. */
export const DEVELOPMENT_SECRET = 'regulars-sandbox-development-secret';

export interface SandboxConfig {
  port: number;
  databaseUrl: string | undefined;
  tenantSecrets: Record<string, string>;
  secretsFromEnvironment: boolean;
  /** The plugin's per-terminal identification limit; its default when unset. */
  identifyPerMinute: number | undefined;
  /** The plugin's `identifyCounting` option, checked by the plugin like any other. */
  identifyCounting?: RegularsOptions['identifyCounting'];
  /** The plugin's `broker` option, checked by the plugin like any other. */
  broker?: RegularsOptions['broker'];
  /** The plugin's `webhooks` option, checked by the plugin like any other. */
  webhooks?: RegularsOptions['webhooks'];
  /** The plugin's `messages` option (no GuestMessenger: the sandbox has none), checked by the plugin like any other. */
  messages?: RegularsOptions['messages'];
  /** The host's HTTP adapter: the plugin works the same on either. */
  httpAdapter: 'express' | 'fastify';
  /** Whether /docs serves the Swagger UI beside /docs-json; unset, wherever the adapter can (Fastify needs @fastify/static). */
  docsUi?: boolean;
  /** The time of the till and of the plugin alike; tests start the café on a day of their choosing. */
  clock: Clock;
}

export function readSandboxConfig(env: NodeJS.ProcessEnv = process.env): SandboxConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${env.PORT}`);
  const raw = env.REGULARS_TENANT_SECRETS;
  let tenantSecrets: Record<string, string> = { [SANDBOX_TENANT]: DEVELOPMENT_SECRET };
  if (raw) {
    try {
      tenantSecrets = JSON.parse(raw) as Record<string, string>;
    } catch {
      throw new Error('REGULARS_TENANT_SECRETS must be JSON such as {"demo":"a long random secret"}');
    }
    if (!tenantSecrets[SANDBOX_TENANT]) throw new Error(`REGULARS_TENANT_SECRETS must include the "${SANDBOX_TENANT}" tenant the sandbox uses`);
  }
  const identifyPerMinute = env.REGULARS_IDENTIFY_PER_MINUTE ? Number(env.REGULARS_IDENTIFY_PER_MINUTE) : undefined;
  const identifyCounting = jsonOption<RegularsOptions['identifyCounting']>(env, 'REGULARS_IDENTIFY_COUNTING', '{"redis":{"url":"redis://127.0.0.1:6379"}}');
  const broker = jsonOption<RegularsOptions['broker']>(env, 'REGULARS_BROKER', '{"rabbitmq":{"url":"amqp://guest:guest@127.0.0.1:5672","queue":"pos.guest-tab"}}');
  const webhooks = jsonOption<RegularsOptions['webhooks']>(env, 'REGULARS_WEBHOOKS', '{"allowPrivateTargets":true}');
  const messages = jsonOption<RegularsOptions['messages']>(env, 'REGULARS_MESSAGES', '{"channel":"smtp","smtp":{"host":"127.0.0.1","port":25,"from":"cafe@example.com"}}');
  const httpAdapter = env.HTTP_ADAPTER || 'express';
  if (httpAdapter !== 'express' && httpAdapter !== 'fastify') throw new Error(`HTTP_ADAPTER must be express or fastify, got ${httpAdapter}`);
  return { port, databaseUrl: env.DATABASE_URL || undefined, tenantSecrets, secretsFromEnvironment: Boolean(raw), identifyPerMinute, identifyCounting, broker, webhooks, messages, httpAdapter, clock: { now: () => new Date() } };
}

/** An option of the plugin's given as JSON in the environment; unset, the plugin's default. */
function jsonOption<T>(env: NodeJS.ProcessEnv, name: string, example: string): T | undefined {
  const raw = env[name];
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch {
    throw new Error(`${name} must be JSON such as ${example}`);
  }
}
