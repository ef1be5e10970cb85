import { Body, Controller, Get, Module, Post, type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { mintUiToken, RegularsModule, regularsOpenApiDocument, type RegularsOptions } from '../../src/index.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { MANAGER } from '../support/factories.js';
import { actorCall, createHostApp, postEvent, TENANT, TEST_ADAPTER, TEST_SECRETS } from '../support/plugin.js';

/** A host's own routes at paths the plugin also uses without a prefix. */
@Controller('customers')
class HostCustomersController {
  @Get()
  list() {
    return { from: 'the host' };
  }
}

@Controller('settings')
class HostSettingsController {
  @Post()
  save(@Body() body: unknown) {
    return { saved: body };
  }
}

@Module({ controllers: [HostCustomersController, HostSettingsController] })
class HostOwnModule {}

/**
 * The plugin in a vendor's host that has routes of its own, on the adapter under test
 * (Express, or Fastify with REGULARS_TEST_ADAPTER=fastify): it mounts under routePrefix,
 * refuses to start over a host route, and takes nothing from the host's routes.
 */
describe(`installed in a host with routes of its own (${TEST_ADAPTER})`, () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
  });
  afterAll(() => database.drop());

  const options = (patch: Partial<RegularsOptions> = {}): RegularsOptions => ({ database: { url: database.url }, tenantSecrets: TEST_SECRETS, runMigrations: true, jobs: false, ...patch });

  async function host(patch: Partial<RegularsOptions> = {}): Promise<INestApplication> {
    @Module({ imports: [HostOwnModule, RegularsModule.forRoot(options(patch))] })
    class VendorModule {}
    const app = await createHostApp(VendorModule);
    await app.listen(0, '127.0.0.1');
    return app;
  }

  it('refuses to start over a host route, naming both and the option that fixes it', async () => {
    await expect(host()).rejects.toThrow(/the host's route GET \/customers \(HostCustomersController\.list\) collides with the plugin's GET \/customers \(\w+Controller\.\w+\); mount the plugin under a prefix with the option routePrefix/);
  });

  describe('under routePrefix', () => {
    let app: INestApplication;

    beforeAll(async () => {
      app = await host({ routePrefix: '/regulars/' });
    });
    afterAll(() => app.close());

    it('leaves the host’s own routes to the host, bodies included', async () => {
      expect((await request(app.getHttpServer()).get('/customers').expect(200)).body).toEqual({ from: 'the host' });
      const saved = await request(app.getHttpServer()).post('/settings').send({ theme: 'dark' }).expect(201);
      expect(saved.body).toEqual({ saved: { theme: 'dark' } });
    });

    it('answers the contract’s paths under the prefix, a banquet tab included', async () => {
      await actorCall(app, 'get', '/regulars/customers', MANAGER).expect(200);
      const items = Array.from({ length: 1000 }, (_, i) => ({ id: `l-${i}`, productId: 'p-1', name: `Dish ${i} of the banquet menu`, quantity: 1, amount: 1250, taxAmount: 208 }));
      const banquet = tabEvent('guest_tab.updated', { tabId: 'tab-prefixed', tab: { orders: [{ id: 'o-1', items }] } });
      expect(JSON.stringify(banquet).length).toBeGreaterThan(100_000);
      const answer = await postEvent(app, banquet, undefined, undefined, '/regulars/hooks/guest-tab').expect(200);
      expect(answer.body.status).toBe('applied');
      await postEvent(app, tabEvent('guest_tab.opened', { tabId: 'tab-root' })).expect(404);
    });

    it('serves the pages under the prefix and signs them in there', async () => {
      const token = mintUiToken({ secret: TEST_SECRETS[TENANT], tenantId: TENANT, actor: { id: 'm-1', name: 'Maria', permissions: ['customers.read'] } });
      const opened = await request(app.getHttpServer()).get(`/regulars/ui/?token=${encodeURIComponent(token)}`).expect(303);
      expect(opened.headers.location).toBe('/regulars/ui/');
      const cookie = (opened.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
      const page = await request(app.getHttpServer()).get('/regulars/ui/').set('cookie', cookie).expect(200);
      expect(page.text).toContain('src="assets/app.js');
    });

    it('documents only its own routes, under the prefix', () => {
      const paths = Object.keys(regularsOpenApiDocument(app).paths);
      expect(paths).toContain('/regulars/hooks/guest-tab');
      expect(paths.filter((path) => !path.startsWith('/regulars/'))).toEqual([]);
    });
  });

  it('refuses to start on a tenant whose secret is not set, naming it', async () => {
    const env: Record<string, string | undefined> = {};
    await expect(host({ tenantSecrets: { [TENANT]: env.REGULARS_SECRET_BRAND_1! } })).rejects.toThrow(/Regulars option "tenantSecrets.brand-1" is not set/);
  });

  it('refuses the embedded file in production unless it is asked for by name', async () => {
    const before = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await expect(host({ database: undefined, routePrefix: 'regulars' })).rejects.toThrow(/Regulars option "database" needs a url or a dataSource in production/);
    } finally {
      process.env.NODE_ENV = before;
    }
  });
});
