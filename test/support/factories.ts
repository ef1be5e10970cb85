import type { INestApplication } from '@nestjs/common';
import { PERMISSIONS, type EntryMethod, type IdentifierType } from '../../src/index.js';
import { actorCall, type ActorOverrides } from './plugin.js';

/** A manager who may do everything, and a waiter who may only use the till. */
export const MANAGER: ActorOverrides = { id: 'manager-1', permissions: Object.keys(PERMISSIONS) };
export const WAITER: ActorOverrides = { id: 'waiter-1', permissions: ['terminal.use'] };

let sequence = 0;

/** A regular with a unique name; `fields` override what the story needs. */
export async function createCustomer(app: INestApplication, fields: Record<string, unknown> = {}, actor: ActorOverrides = MANAGER) {
  sequence += 1;
  const response = await actorCall(app, 'post', '/customers', actor, {
    kind: 'individual',
    firstName: `Guest${sequence}`,
    lastName: `Regular${process.pid}x${sequence}`,
    allowDuplicate: true,
    ...fields,
  });
  if (response.status !== 201) throw new Error(`creating a customer answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body as { id: string; displayName: string; contacts: { id: string; type: string; value: string; primary: boolean }[] };
}

export async function bindCard(app: INestApplication, customerId: string, value: string, type = 'barcode_card', actor: ActorOverrides = MANAGER) {
  const response = await actorCall(app, 'post', `/customers/${customerId}/identifiers`, actor, { type, value, entryMethod: 'scan' });
  if (response.status !== 201) throw new Error(`binding ${value} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body as { id: string; value: string };
}

export function identify(app: INestApplication, body: object, actor: ActorOverrides = { ...WAITER, terminalId: 'pos-1' } as ActorOverrides) {
  return actorCall(app, 'post', '/terminal/identify', actor, body);
}

export function card(value: string, type: IdentifierType = 'barcode_card', entryMethod: EntryMethod = 'scan') {
  return { identifier: { type, value, entryMethod } };
}
