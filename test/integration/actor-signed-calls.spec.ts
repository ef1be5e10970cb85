import request from 'supertest';
import { signRequest } from '../../src/index.js';
import { TEST_ENGINES } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { actorCall, OTHER_TENANT, postEvent, startPlugin, TENANT, TEST_SECRETS, type TestPlugin } from '../support/plugin.js';

describe.each(TEST_ENGINES)('terminal and management calls under a signed actor (%s)', (engine) => {
  let plugin: TestPlugin;

  beforeAll(async () => {
    plugin = await startPlugin(engine);
    await postEvent(plugin.app, tabEvent('guest_tab.opened', { tabId: 'tab-of-brand-1' })).expect(200);
  });
  afterAll(() => plugin.close());

  it('answers a manager with visits.read', async () => {
    const response = await actorCall(plugin.app, 'get', '/guest-tabs/tab-of-brand-1', { permissions: ['visits.read'] }).expect(200);
    expect(response.body.tab.id).toBe('tab-of-brand-1');
  });

  it('refuses a call without the actor header with 401', async () => {
    const headers = signRequest({ secret: TEST_SECRETS[TENANT], body: '' });
    const response = await request(plugin.app.getHttpServer()).get('/guest-tabs/tab-of-brand-1').set(headers).expect(401);
    expect(response.body.message).toBe('missing X-Regulars-Actor');
  });

  it('refuses an actor header whose permissions were raised after signing with 401', async () => {
    const actorHeader = JSON.stringify({ tenantId: TENANT, id: 'waiter', permissions: ['terminal.use'] });
    const headers = signRequest({ secret: TEST_SECRETS[TENANT], body: '', actorHeader });
    headers['x-regulars-actor'] = actorHeader.replace('terminal.use', 'visits.read');
    await request(plugin.app.getHttpServer()).get('/guest-tabs/tab-of-brand-1').set(headers).expect(401);
  });

  it('refuses a waiter without visits.read with 403', async () => {
    const response = await actorCall(plugin.app, 'get', '/guest-tabs/tab-of-brand-1', { permissions: ['terminal.use'] }).expect(403);
    expect(response.body.message).toBe('the actor lacks the permission visits.read');
  });

  it('answers another tenant’s tab as not found, never as forbidden', async () => {
    const response = await actorCall(plugin.app, 'get', '/guest-tabs/tab-of-brand-1', { tenantId: OTHER_TENANT, permissions: ['visits.read'] }).expect(404);
    expect(response.body).toMatchObject({ statusCode: 404, code: 'not_found' });
  });

  it('refuses an actor of a tenant it has no secret for with 401', async () => {
    const actorHeader = JSON.stringify({ tenantId: 'brand-9', id: 'x', permissions: ['visits.read'] });
    const headers = signRequest({ secret: TEST_SECRETS[TENANT], body: '', actorHeader });
    const response = await request(plugin.app.getHttpServer()).get('/guest-tabs/tab-of-brand-1').set(headers).expect(401);
    expect(response.body.message).toBe('unknown tenant');
  });
});
