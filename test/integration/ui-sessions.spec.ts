import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { mintUiToken } from '../../src/index.js';
import { TEST_ENGINES } from '../support/databases.js';
import { actorCall, OTHER_TENANT, startPlugin, TENANT, TEST_SECRETS, type TestPlugin } from '../support/plugin.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MANAGER = { id: 'm-7', name: 'Maria', permissions: ['customers.read', 'customers.write'] };

/** The host's half: a token minted under the tenant's secret at the plugin's time. */
function tokenFor(plugin: TestPlugin, overrides: { tenantId?: string; actor?: typeof MANAGER; ttlSeconds?: number; secret?: string; locale?: string; hostAheadSeconds?: number } = {}) {
  const tenantId = overrides.tenantId ?? TENANT;
  return mintUiToken({
    secret: overrides.secret ?? TEST_SECRETS[tenantId as keyof typeof TEST_SECRETS],
    tenantId,
    actor: overrides.actor ?? MANAGER,
    locale: overrides.locale ?? 'sv-SE',
    ttlSeconds: overrides.ttlSeconds,
    now: Math.floor(plugin.clock.now().getTime() / 1000) + (overrides.hostAheadSeconds ?? 0),
  });
}

/** Opens /ui/?token=… as the browser does; answers the session cookie and the page's bootstrap. */
async function signIn(plugin: TestPlugin, token = tokenFor(plugin)) {
  const http = request(plugin.app.getHttpServer());
  const opened = await http.get(`/ui/?token=${encodeURIComponent(token)}`).expect(303);
  const cookie = (opened.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
  const session = await http.get('/ui/session').set('cookie', cookie).expect(200);
  return { cookie, csrf: session.body.csrfToken as string, opened, bootstrap: session.body };
}

// The shell links the built bundle, whose API types come from the compiled plugin: build both
// once, unless npm test has just built them (it says so). The build takes about 30 s on an idle
// machine, and longer beside the rest of the suite.
beforeAll(async () => {
  if (!process.env.REGULARS_TEST_BUILT) await promisify(execFile)('npm', ['run', 'build', '--silent'], { cwd: ROOT });
}, 300_000);

describe.each(TEST_ENGINES)('the embedded pages’ sign-in and session (%s)', (engine) => {
  let plugin: TestPlugin;
  let start: Date;

  beforeAll(async () => {
    plugin = await startPlugin(engine);
    start = plugin.clock.current;
  });
  afterAll(() => plugin?.close());
  afterEach(() => {
    plugin.clock.current = start;
  });

  it('swaps the host’s token for an HttpOnly, SameSite cookie and sends the browser on without the token', async () => {
    const { opened, bootstrap } = await signIn(plugin);
    expect(opened.headers.location).toBe('/ui/');
    const cookie = (opened.headers['set-cookie'] as unknown as string[])[0];
    expect(cookie).toMatch(/^regulars_ui=[^;]+;/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    // Twelve hours counted by the browser from now, whatever its own clock says.
    expect(cookie).toMatch(/Max-Age=43200;/);
    expect(cookie).not.toMatch(/Expires=/);
    expect(bootstrap).toMatchObject({ actor: { id: 'm-7', name: 'Maria', permissions: MANAGER.permissions }, locale: 'sv-SE', currency: 'EUR' });
  });

  it('serves the page in the host’s language with its session embedded, and refuses the page without a session', async () => {
    const { cookie, csrf } = await signIn(plugin);
    const http = request(plugin.app.getHttpServer());
    const page = await http.get('/ui/').set('cookie', cookie).expect(200);
    expect(page.text).toContain('<html lang="sv">');
    expect(page.text).toContain(`"csrfToken":"${csrf}"`);
    const script = /src="assets\/(app\.js\?v=\w+)"/.exec(page.text)![1];
    const bundle = await http.get(`/ui/assets/${script}`).expect(200);
    expect(bundle.headers['content-type']).toMatch(/javascript/);
    expect(bundle.headers['cache-control']).toContain('immutable');
    const anonymous = await http.get('/ui/').expect(401);
    expect(anonymous.text).toContain('Not signed in');
    expect((await http.get('/ui/assets/..%2Fpackage.json').expect(404)).body.code).toBe('not_found');
  });

  it('lets the page call the management API with its cookie and CSRF header, under the token’s permissions', async () => {
    const { cookie, csrf } = await signIn(plugin);
    const http = request(plugin.app.getHttpServer());
    const created = await http
      .post('/customers')
      .set({ cookie, 'x-regulars-csrf': csrf, 'content-type': 'application/json' })
      .send({ kind: 'individual', firstName: 'Lina', lastName: 'Holm' })
      .expect(201);
    expect(created.body).toMatchObject({ displayName: 'Lina Holm', createdBy: 'm-7' });
    await http.get(`/customers/${created.body.id}`).set({ cookie, 'x-regulars-csrf': csrf }).expect(200);
    // The token gave no promotions.manage: the page is refused what the API refuses.
    expect((await http.get('/promotion-categories').set({ cookie, 'x-regulars-csrf': csrf }).expect(403)).body.code).toBe('forbidden');
  });

  it('refuses a call that carries the cookie without its CSRF token, as a page of another site would send it', async () => {
    const { cookie } = await signIn(plugin);
    const http = request(plugin.app.getHttpServer());
    const forged = await http.post('/customers').set({ cookie, 'content-type': 'application/json' }).send({ kind: 'individual', firstName: 'Eve' }).expect(401);
    expect(forged.body).toMatchObject({ code: 'unauthorized', message: 'missing or wrong x-regulars-csrf header' });
    const guessed = await http.post('/customers').set({ cookie, 'x-regulars-csrf': 'guessed', 'content-type': 'application/json' }).send({ kind: 'individual', firstName: 'Eve' }).expect(401);
    expect(guessed.body).toMatchObject({ code: 'unauthorized', message: 'missing or wrong x-regulars-csrf header' });
    const found = await actorCall(plugin.app, 'get', '/customers?name=Eve', { permissions: ['customers.read'] }).expect(200);
    expect(found.body.items).toEqual([]);
  });

  it('signs a token in once: the link replayed from a log or the history is refused', async () => {
    const token = tokenFor(plugin);
    await signIn(plugin, token);
    const replay = await request(plugin.app.getHttpServer()).get(`/ui/?token=${encodeURIComponent(token)}`).expect(401);
    expect(replay.body).toMatchObject({ code: 'unauthorized', message: expect.stringMatching(/used already/) });
  });

  it('refuses an expired token, one that would live over ten minutes, and one signed with another tenant’s secret', async () => {
    const http = request(plugin.app.getHttpServer());
    const refusal = async (token: string) => (await http.get(`/ui/?token=${encodeURIComponent(token)}`).expect(401)).body;
    const expired = tokenFor(plugin, { ttlSeconds: 60 });
    plugin.clock.current = new Date(plugin.clock.current.getTime() + 61_000);
    expect(await refusal(expired)).toMatchObject({ code: 'unauthorized', message: expect.stringMatching(/expired/) });

    // The host's helper mints none that lives longer; a host whose clock runs ahead mints one
    // all the same, and the plugin forgives that clock a minute past the ten, not a second more.
    expect(() => tokenFor(plugin, { ttlSeconds: 3600 })).toThrow(/from 1 to 600/);
    expect(await refusal(tokenFor(plugin, { ttlSeconds: 600, hostAheadSeconds: 3000 }))).toMatchObject({ code: 'unauthorized', message: 'a sign-in token may live 10 minutes at most' });
    expect(await refusal(tokenFor(plugin, { ttlSeconds: 600, hostAheadSeconds: 61 }))).toMatchObject({ code: 'unauthorized', message: 'a sign-in token may live 10 minutes at most' });
    await signIn(plugin, tokenFor(plugin, { ttlSeconds: 600, hostAheadSeconds: 60 }));

    const forged = tokenFor(plugin, { secret: TEST_SECRETS[OTHER_TENANT] });
    expect(await refusal(forged)).toMatchObject({ code: 'unauthorized', message: expect.stringMatching(/not signed by this tenant/) });
    expect(await refusal('not-a-token')).toMatchObject({ code: 'unauthorized', message: 'the sign-in token is malformed' });
  });

  it('keeps a tenant’s page inside its tenant: another tenant’s customer is not found', async () => {
    const theirs = await actorCall(plugin.app, 'post', '/customers', { tenantId: OTHER_TENANT, permissions: ['customers.write'] }, { kind: 'individual', firstName: 'Olle', lastName: 'Ek' }).expect(201);
    const { cookie, csrf } = await signIn(plugin);
    expect((await request(plugin.app.getHttpServer()).get(`/customers/${theirs.body.id}`).set({ cookie, 'x-regulars-csrf': csrf }).expect(404)).body.code).toBe('not_found');
  });

  it('signs out: the cookie no longer opens anything', async () => {
    const { cookie, csrf } = await signIn(plugin);
    const http = request(plugin.app.getHttpServer());
    expect((await http.delete('/ui/session').set({ cookie }).expect(401)).body.code).toBe('unauthorized');
    await http.delete('/ui/session').set({ cookie, 'x-regulars-csrf': csrf }).expect(204);
    expect((await http.get('/customers').set({ cookie, 'x-regulars-csrf': csrf }).expect(401)).body.code).toBe('unauthorized');
    await http.get('/ui/').set('cookie', cookie).expect(401);
  });

  it('ends a session after a shift', async () => {
    const { cookie, csrf } = await signIn(plugin);
    plugin.clock.current = new Date(plugin.clock.current.getTime() + 12 * 3_600_000 + 1000);
    const ended = await request(plugin.app.getHttpServer()).get('/customers').set({ cookie, 'x-regulars-csrf': csrf }).expect(401);
    expect(ended.body).toMatchObject({ code: 'unauthorized', message: expect.stringMatching(/session has ended/) });
  });
});

describe('the pages embedded in a back office on another site', () => {
  it('sends the session cookie with SameSite=None, over HTTPS only, when the host asks for it', async () => {
    const plugin = await startPlugin('sqlite', { uiCookieSameSite: 'none' });
    try {
      const { opened } = await signIn(plugin);
      const cookie = (opened.headers['set-cookie'] as unknown as string[])[0];
      expect(cookie).toMatch(/SameSite=None/);
      expect(cookie).toMatch(/Secure/);
    } finally {
      await plugin.close();
    }
  });
});
