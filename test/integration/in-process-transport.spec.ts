import { jest } from '@jest/globals';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { GuestTabHooks, IN_PROCESS_EVENT_PREFIX, type OutgoingEvent } from '../../src/index.js';
import { UnitOfWork } from '../../src/common/database/unit-of-work.js';
import { Outbox } from '../../src/modules/outbox/outbox.service.js';
import { createCustomer } from '../support/factories.js';
import { TEST_ENGINES } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { postEvent, startPlugin, TENANT, type TestPlugin } from '../support/plugin.js';

describe.each(TEST_ENGINES)('in-process transport (%s)', (engine) => {
  let plugin: TestPlugin;
  let hooks: GuestTabHooks;
  let emitter: EventEmitter2;

  beforeAll(async () => {
    plugin = await startPlugin(engine);
    hooks = plugin.app.get(GuestTabHooks);
    emitter = plugin.app.get(EventEmitter2);
  });
  afterAll(() => plugin.close());

  it('answers GuestTabHooks.handle() like the HTTP transport', async () => {
    const event = tabEvent('guest_tab.opened', { tabId: 'inproc-1' });
    expect(await hooks.handle(event)).toEqual({
      eventId: event.id,
      status: 'applied',
      effects: [{ kind: 'tab', id: 'inproc-1', version: 1, status: 'open' }],
    });
  });

  it('shares one inbox with HTTP: an event delivered both ways applies once', async () => {
    const event = tabEvent('guest_tab.opened', { tabId: 'inproc-both' });
    const overHttp = await postEvent(plugin.app, event).expect(200);
    const inProcess = await hooks.handle(event);
    expect(overHttp.body.status).toBe('applied');
    expect(inProcess).toEqual({ ...overHttp.body, status: 'duplicate' });
  });

  it('answers an event emitted under its type with emitAsync', async () => {
    const event = tabEvent('guest_tab.updated', { tabId: 'inproc-emit', version: 2 });
    const answers = await emitter.emitAsync('guest_tab.updated', event);
    expect(answers).toEqual([{ eventId: event.id, status: 'applied', effects: [{ kind: 'tab', id: 'inproc-emit', version: 2, status: 'open' }] }]);
  });

  it('refuses a malformed event with the same 400 lines, by throwing from handle()', async () => {
    const event = tabEvent('guest_tab.updated', { tabId: 'inproc-bad' }) as any;
    event.tab.orders[0].items[0].amount = '12.00';
    await expect(hooks.handle(event)).rejects.toMatchObject({
      status: 400,
      code: 'invalid_input',
      lines: [expect.stringMatching(/^tab\.orders\[0\]\.items\[0\]\.amount: must be a whole/)],
    });
  });

  const malformed = (tabId: string) => {
    const event = tabEvent('guest_tab.updated', { tabId }) as any;
    event.tab.currency = 12;
    return event;
  };

  it('answers a malformed emitted event as rejected instead of crashing the host', async () => {
    const event = malformed('inproc-bad-emit');
    const [answer] = await emitter.emitAsync('guest_tab.updated', event);
    expect(answer).toEqual({
      eventId: event.id,
      status: 'rejected',
      error: { statusCode: 400, code: 'invalid_input', message: ['tab.currency: must be an ISO 4217 code such as EUR'] },
    });
  });

  it('leaves no unhandled rejection behind a fire-and-forget emit of a malformed event', async () => {
    // Jest fails the running test on an unhandled rejection, so the test lasts until the
    // emitted work has failed and Node has had its turn to report what went unhandled.
    const handle = jest.spyOn(hooks, 'handle');
    try {
      expect(emitter.emit('guest_tab.updated', malformed('inproc-bad-fire'))).toBe(true);
      expect(handle).toHaveBeenCalledTimes(1);
      await expect(handle.mock.results[0].value).rejects.toMatchObject({ code: 'invalid_input' });
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      handle.mockRestore();
    }
  });

  it('tells the host of each committed fact on its EventEmitter2, typed, and of none that rolled back', async () => {
    const heard: OutgoingEvent<'customer.created'>[] = [];
    const listener = (event: OutgoingEvent<'customer.created'>) => heard.push(event);
    emitter.on(`${IN_PROCESS_EVENT_PREFIX}customer.created`, listener);
    try {
      const guest = await createCustomer(plugin.app, { firstName: 'Heard' });
      expect(heard).toEqual([expect.objectContaining({ type: 'customer.created', customerId: guest.id, data: expect.objectContaining({ customerId: guest.id }) })]);
      await plugin.app
        .get(UnitOfWork)
        .transaction(async () => {
          plugin.app.get(Outbox).record(TENANT, 'customer.created', { customerId: 'c_never', profile: heard[0].data.profile }, 'c_never');
          throw new Error('rolled back');
        })
        .catch(() => undefined);
      expect(heard).toHaveLength(1);
    } finally {
      emitter.off(`${IN_PROCESS_EVENT_PREFIX}customer.created`, listener);
    }
  });
});
