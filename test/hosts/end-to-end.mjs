// A tab end to end against a host that installed the packed plugin, over the signed HTTP
// API as a till and a back office would call it. Run inside the host's folder (it signs
// with the installed package's signRequest):
//   node end-to-end.mjs <base URL> [--prefix /loyalty] [--host-route /customers] [--in-process /till]
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { mintUiToken, PERMISSIONS, signRequest } from '@regulars/plugin';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { prefix: { type: 'string', default: '' }, 'host-route': { type: 'string' }, 'in-process': { type: 'string' } },
});
const base = positionals[0];
const prefix = values.prefix;
const TENANT = 'brand-1';
const SECRET = process.env.REGULARS_SECRET_BRAND_1;
const MANAGER = { tenantId: TENANT, id: 'manager-1', name: 'Maria', permissions: Object.keys(PERMISSIONS) };
const WAITER = { tenantId: TENANT, id: 'waiter-1', name: 'Anna', permissions: ['terminal.use'], terminalId: 'pos-1' };
const CARD = `2000${Date.now()}`.slice(0, 13);

function check(condition, what, answer) {
  if (!condition) {
    console.error(`FAILED: ${what}\n${JSON.stringify(answer, null, 2)}`);
    process.exit(1);
  }
  console.log(`ok - ${what}`);
}

/** A signed terminal or management call, as a host that is not Node would make it. */
async function call(method, path, actor, body) {
  const text = body === undefined ? '' : JSON.stringify(body);
  const actorHeader = JSON.stringify({ ...actor, requestId: randomUUID() });
  const headers = { ...signRequest({ secret: SECRET, body: text, actorHeader }), 'idempotency-key': randomUUID() };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}${prefix}${path}`, { method, headers, body: body === undefined ? undefined : text });
  return { status: response.status, body: await response.json().catch(() => null) };
}

async function send(event) {
  const text = JSON.stringify(event);
  const response = await fetch(`${base}${prefix}/hooks/guest-tab`, { method: 'POST', headers: { 'content-type': 'application/json', ...signRequest({ secret: SECRET, body: text }) }, body: text });
  return { status: response.status, body: await response.json() };
}

const lines = [
  { id: 'l-1', productId: 'p-risotto', name: 'Mushroom risotto', quantity: 1, amount: 1850, taxAmount: 308 },
  { id: 'l-2', productId: 'p-wine', name: 'Cabernet 0.15', quantity: 2, amount: 2400, taxAmount: 400 },
];
const tab = (version, fields = {}) => ({
  id: `tab-${CARD}`,
  version,
  status: 'open',
  openedAt: new Date().toISOString(),
  currency: 'EUR',
  pricesIncludeTax: true,
  customer: { identifier: { type: 'barcode_card', value: CARD, entryMethod: 'scan' } },
  orders: [{ id: 'o-1', items: lines }],
  ...fields,
});
const event = (type, version, fields) => ({ id: `evt-${CARD}-${version}`, type, occurredAt: new Date().toISOString(), tenantId: TENANT, actor: { id: 'waiter-1', permissions: ['terminal.use'] }, tab: tab(version, fields) });

// The restaurant: points at 10% of the bill for regulars, who also get 10% off.
const pointsType = await call('POST', '/account-types', MANAGER, { code: 'points', name: 'Points', kind: 'points', unit: 'points' });
check(pointsType.status === 201, 'a manager creates the points account type', pointsType);
check((await call('POST', '/promotion-categories', MANAGER, { code: 'REGULARS', name: 'Regulars' })).status === 201, 'and the REGULARS category');
await call('POST', '/sales-rules', MANAGER, { categoryCode: 'REGULARS', name: '10% off', stacking: 'stack', effect: { kind: 'percent_off', percentBp: 1000 } });
check((await call('POST', '/sales-rules', MANAGER, { categoryCode: 'REGULARS', name: 'Points', effect: { kind: 'points_rate', accountType: 'points', rateBp: 1000 } })).status === 201, 'with its discount and points');
const guest = await call('POST', '/customers', MANAGER, { kind: 'individual', firstName: 'Anna', lastName: 'Berg', allowDuplicate: true });
check(guest.status === 201, 'a regular is enrolled', guest);
await call('POST', `/customers/${guest.body.id}/identifiers`, MANAGER, { type: 'barcode_card', value: CARD, entryMethod: 'scan' });
await call('POST', `/customers/${guest.body.id}/categories`, MANAGER, { categoryCode: 'REGULARS' });
const points = await call('POST', `/customers/${guest.body.id}/accounts`, MANAGER, { accountTypeCode: 'points' });
check(points.status === 201, 'with a card and a points account', points);

// The dinner.
check((await send(event('guest_tab.opened', 1, { customer: null }))).body.status === 'applied', 'the tab opens');
const attached = await send(event('guest_tab.customer_attached', 2));
check(attached.body.status === 'applied' && attached.body.card?.displayName === 'Anna Berg', 'the card is presented and the guest recognised', attached);
const priced = await call('POST', '/terminal/evaluate', WAITER, { tab: tab(2) });
check(priced.status === 200 && priced.body.totals.discount > 0 && priced.body.accrual[0]?.points > 0, 'the till prices the tab with her 10% off and points', priced);
const earned = priced.body.accrual[0].points;
const closedFields = { status: 'closed', closedAt: new Date().toISOString(), payments: [{ method: 'card', amount: priced.body.totals.after }] };
const closing = values['in-process']
  ? await (await fetch(`${base}${values['in-process']}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event('guest_tab.closed', 3, closedFields)) })).json()
  : (await send(event('guest_tab.closed', 3, closedFields))).body;
check(closing.status === 'applied' && closing.effects.some((effect) => effect.kind === 'ledger_entry' && effect.amount === earned), `the tab closes and ${earned} points accrue${values['in-process'] ? ' (through the host’s own route, in-process)' : ''}`, closing);
const card = await call('POST', '/terminal/identify', WAITER, { identifier: { type: 'barcode_card', value: CARD, entryMethod: 'scan' } });
check(card.status === 200 && card.body.balances[0].available === earned && card.body.history.visits === 1, 'the card shows the points and the visit', card);
const record = await call('GET', `/guest-tabs/${tab(1).id}`, MANAGER);
check(record.status === 200 && record.body.tab.status === 'closed', 'the tab record shows the tab closed', record);
const refused = await call('POST', `/accounts/${points.body.id}/entries`, MANAGER, { kind: 'manual_credit', amount: 1e13, reason: 'Too much' });
check(refused.status === 400 && refused.body.code === 'invalid_input', 'an amount past the maximum is refused with 400', refused);

// The pages, signed in the way a host signs its staff in.
const token = mintUiToken({ secret: SECRET, tenantId: TENANT, actor: { id: 'manager-1', name: 'Maria', permissions: ['customers.read'] }, locale: 'sv-SE' });
const opened = await fetch(`${base}${prefix}/ui/?token=${encodeURIComponent(token)}`, { redirect: 'manual' });
const cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0];
check(opened.status === 303 && opened.headers.get('location') === `${prefix}/ui/` && cookie.startsWith('regulars_ui='), 'a manager opens the pages with a token and gets a session cookie', { status: opened.status, location: opened.headers.get('location') });
const page = await fetch(`${base}${prefix}/ui/`, { headers: { cookie } });
const script = await fetch(`${base}${prefix}/ui/assets/app.js`);
const map = await fetch(`${base}${prefix}/ui/assets/app.js.map`);
check(page.status === 200 && (await page.text()).includes('lang="sv"') && script.status === 200 && map.status === 404, 'the page and its script are served, in Swedish, and no source map', { page: page.status, script: script.status, map: map.status });

if (values['host-route']) {
  const own = await fetch(`${base}${values['host-route']}`);
  check(own.status === 200 && (await own.json()).from === 'the host', `the host's own ${values['host-route']} still answers`);
}
const docs = await fetch(`${base}/docs-json`);
if (docs.status === 200) {
  const paths = Object.keys((await docs.json()).paths);
  check(paths.length > 50 && paths.every((path) => path.startsWith(`${prefix}/`)), 'the OpenAPI document lists the plugin’s routes only', paths.slice(0, 5));
}
console.log('end to end: passed');
