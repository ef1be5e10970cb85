import type { ModuleRef } from '@nestjs/core';

/** What the plugin uses of the host's EventEmitter2. */
export interface HostEventEmitter {
  emit(event: string, payload: unknown): unknown;
  on(event: string, listener: (payload: unknown) => Promise<unknown>): unknown;
  off(event: string, listener: (payload: unknown) => Promise<unknown>): unknown;
}

/**
 * The host's EventEmitter2, when it has @nestjs/event-emitter and imports EventEmitterModule;
 * null otherwise: the package is an optional peer, so it is looked for, never required.
 */
export async function hostEventEmitter(moduleRef: ModuleRef): Promise<HostEventEmitter | null> {
  try {
    const { EventEmitter2 } = await import('@nestjs/event-emitter');
    return moduleRef.get(EventEmitter2, { strict: false });
  } catch {
    return null;
  }
}
