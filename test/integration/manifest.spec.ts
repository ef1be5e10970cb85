import { readFileSync } from 'node:fs';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import { Ajv } from 'ajv';
import { GUEST_TAB_EVENT_TYPES, PERMISSIONS, REGULARS_MIGRATIONS } from '../../src/index.js';
import { MIGRATIONS_TABLE } from '../../src/database.js';
import { resolveOptions } from '../../src/common/config/resolve-options.js';
import { DEFAULT_JOB_CRONS } from '../../src/common/config/regulars-options.js';
import { REQUIRED_PERMISSION } from '../../src/common/security/require-permission.decorator.js';
import { UI_TOKEN_MAX_SECONDS } from '../../src/common/security/ui-token.js';
import { OUTGOING_EVENT_TYPES, OUTGOING_EVENT_VERSIONS, OUTGOING_EVENT_WHEN } from '../../src/contract/events-out.js';
import { common } from '../../ui/i18n/common.js';
import { MENU } from '../../ui/menu.js';
import { tabEvent } from '../support/events.js';
import { createCustomer } from '../support/factories.js';
import { postEvent, startPlugin, TEST_SECRETS, type TestPlugin } from '../support/plugin.js';

const readJson = (file: string) => JSON.parse(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8'));
const manifest = readJson('plugin-manifest.json');
const schema = readJson('plugin-manifest.schema.json');
const packageJson = readJson('package.json');

interface Route {
  method: string;
  path: string;
  permission?: string;
}

/** Every route the plugin's controllers register, with the permission its guard checks. */
function pluginRoutes(plugin: TestPlugin): Route[] {
  const routes: Route[] = [];
  for (const module of plugin.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as { prototype: object } & (new (...args: never[]) => unknown);
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      const classPermission = Reflect.getMetadata(REQUIRED_PERMISSION, controller);
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const path = `/${[base, Reflect.getMetadata(PATH_METADATA, handler)].filter((part) => part && part !== '/').join('/')}`;
        routes.push({
          method: RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number],
          path: path.replace(/\/+/g, '/'),
          permission: Reflect.getMetadata(REQUIRED_PERMISSION, handler) ?? classPermission,
        });
      }
    }
  }
  return routes;
}

describe('plugin-manifest.json', () => {
  let plugin: TestPlugin;

  beforeAll(async () => {
    plugin = await startPlugin('sqlite');
  });
  afterAll(() => plugin.close());

  it('is valid against its JSON Schema', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const valid = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('names the package, version and migrations the code ships', () => {
    expect(manifest.entry.package).toBe(packageJson.name);
    expect(manifest.version).toBe(packageJson.version);
    expect(manifest.migrations.tableName).toBe(MIGRATIONS_TABLE);
    expect(REGULARS_MIGRATIONS.length).toBeGreaterThan(0);
  });

  it('declares exactly the event types the dispatcher accepts', () => {
    const declared = manifest.events.consumes.map((event: { type: string }) => event.type).sort();
    expect(declared).toEqual([...GUEST_TAB_EVENT_TYPES].sort());
  });

  it('declares events the dispatcher really applies, and the dispatcher refuses the undeclared', async () => {
    const guest = await createCustomer(plugin.app);
    for (const [i, type] of manifest.events.consumes.map((event: { type: string }) => event.type).entries()) {
      const extra =
        type === 'guest_tab.refunded'
          ? { refundedItems: [{ itemId: 'l-1', quantity: 1, amount: 1200 }] }
          : type === 'guest_tab.customer_attached'
            ? { tab: { customer: { customerId: guest.id } } }
            : type === 'guest_tab.split'
              ? { tab: { orders: [] }, parts: [tabEvent('guest_tab.opened', { tabId: `manifest-${i}-part` }).tab] }
              : type === 'guest_tab.merged'
                ? { mergedTabIds: [`manifest-${i}-joined`] }
                : {};
      const answer = await postEvent(plugin.app, tabEvent(type, { tabId: `manifest-${i}`, ...extra }));
      expect({ type, status: answer.status, outcome: answer.body.status }).toEqual({ type, status: 200, outcome: 'applied' });
    }
    await postEvent(plugin.app, tabEvent('guest_tab.paid_elsewhere' as never, { tabId: 'manifest-x' })).expect(400);
  });

  it('declares the events the plugin sends out, each with its version and meaning, and where they are subscribed to', () => {
    expect(manifest.events.produces.types).toEqual(OUTGOING_EVENT_TYPES.map((type) => ({ type, version: OUTGOING_EVENT_VERSIONS[type], description: OUTGOING_EVENT_WHEN[type] })));
    expect(pluginRoutes(plugin)).toContainEqual({ method: 'POST', path: manifest.events.produces.webhooks.path, permission: manifest.events.produces.webhooks.permission });
  });

  it('declares every permission of the contract with the code’s descriptions', () => {
    const declared = Object.fromEntries(manifest.permissions.map((p: { name: string; description: string }) => [p.name, p.description]));
    expect(declared).toEqual(PERMISSIONS);
  });

  it('declares every permission a guard checks, and the routes of its events and terminal calls', () => {
    const routes = pluginRoutes(plugin);
    const declared = new Set(manifest.permissions.map((p: { name: string }) => p.name));
    const checked = routes.map((route) => route.permission).filter((p): p is string => p !== undefined);
    expect(checked.length).toBeGreaterThan(0);
    expect(checked.filter((permission) => !declared.has(permission))).toEqual([]);
    const routeKeys = routes.map((route) => `${route.method} ${route.path}`);
    expect(routeKeys).toContain(`${manifest.events.http.method} ${manifest.events.http.path}`);
    for (const call of manifest.terminalCalls) {
      expect(routes).toContainEqual({ method: call.method, path: call.path, permission: call.permission });
    }
  });

  it('declares the pages of the app’s menu, titled as the pages title them, behind the permissions the pages need', () => {
    const entries = [...manifest.ui.backOffice.map((entry: object) => ({ ...entry, place: 'backOffice' })), ...manifest.ui.till.map((entry: object) => ({ ...entry, place: 'till' }))];
    expect(entries).toEqual(
      MENU.map((item) => ({
        id: item.id,
        title: common.en[item.label],
        titles: { ru: common.ru[item.label], vi: common.vi[item.label], sv: common.sv[item.label] },
        path: `/ui/#/${item.route}`,
        permission: item.permission,
        place: item.place,
      })),
    );
    expect(manifest.ui.signIn).toMatchObject({ path: '/ui/', tokenParameter: 'token', maxTokenSeconds: UI_TOKEN_MAX_SECONDS });
    expect(pluginRoutes(plugin)).toContainEqual({ method: 'GET', path: '/ui', permission: undefined });
  });

  it('lists every scheduled job with its default schedule', () => {
    expect(manifest.scheduledJobs.map((job: { name: string; defaultCron: string }) => [job.name, job.defaultCron])).toEqual(Object.entries(DEFAULT_JOB_CRONS));
  });

  it('describes exactly the settings the module accepts', () => {
    const resolved = resolveOptions({ tenantSecrets: TEST_SECRETS });
    // clock is a function (not a setting); resolveSecrets is how tenantSecrets is kept.
    const optionNames = Object.keys(resolved)
      .filter((key) => key !== 'clock')
      .map((key) => (key === 'resolveSecrets' ? 'tenantSecrets' : key))
      .sort();
    expect(Object.keys(manifest.settings.properties).sort()).toEqual(optionNames);
  });
});
