import { Body, Controller, Delete, Get, HttpCode, HttpException, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { GuestTabHooks, IDENTIFIER_TYPES, type EventResult, RegularsError, RegularsErrorFilter, TerminalService, type GuestTabEvent, type IdentifierType } from '../../src/index.js';
import { handlingEvent } from '../logging/log-context.js';
import { DemoSeed } from '../demo-seed.js';
import { MENU } from './menu.js';
import { PluginClient } from './plugin-client.js';
import { TabStore, type PosTab } from './tab-store.js';
import { OfflineTill } from './offline-till.js';
import { Till, WAITER_AT_TILL } from './till.js';

/** What a call needing the plugin answers while the till is offline. */
const UNREACHABLE = { status: 503, body: null };

/**
 * The sandbox POS's own API behind its waiter page. Every change of a tab is sent to the
 * plugin through the in-process transport (GuestTabHooks.handle), exactly as a NestJS
 * host would; the plugin's answer is shown next to the tab.
 */
@ApiExcludeController()
@Controller('pos')
@UseFilters(RegularsErrorFilter)
export class PosController {
  constructor(
    private readonly tabs: TabStore,
    private readonly till: Till,
    private readonly hooks: GuestTabHooks,
    private readonly terminal: TerminalService,
    private readonly plugin: PluginClient,
    private readonly seed: DemoSeed,
    private readonly offline: OfflineTill,
  ) {}

  @Get('guests')
  guests() {
    return this.seed.guests;
  }

  @Get('menu')
  menu() {
    return { menu: MENU, identifierTypes: IDENTIFIER_TYPES };
  }

  @Get('tabs')
  list() {
    return this.tabs.list();
  }

  @Post('tabs')
  open(@Body() body: { tableId?: string; guestCount?: number }) {
    const tab = this.tabs.open(String(body.tableId ?? 't-1'), Number(body.guestCount ?? 2));
    return this.send(tab, 'guest_tab.opened');
  }

  @Post('tabs/:id/items')
  @HttpCode(200)
  addItem(@Param('id') id: string, @Body() body: { productId: string; quantity?: number; guestRef?: string }) {
    return this.send(this.tabs.addItem(id, body.productId, Number(body.quantity ?? 1), body.guestRef === undefined ? undefined : String(body.guestRef)), 'guest_tab.updated');
  }

  /** Another guest sits at the tab: the plugin answers each new guest's card, or refuses the guest (the tab keeps who it had). */
  @Post('tabs/:id/guests')
  @HttpCode(200)
  async addGuest(@Param('id') id: string, @Body() body: { type: IdentifierType; value: string }) {
    const before = this.tabs.get(id);
    const kept = { customer: before.customer, guests: before.guests };
    const tab = this.tabs.addGuest(id, body.type, String(body.value));
    try {
      const sent = await this.send(tab, 'guest_tab.customer_attached');
      return { ...sent, cards: 'cards' in sent.answer ? sent.answer.cards : undefined };
    } catch (error) {
      this.tabs.restoreGuests(id, kept);
      return { tab, card: { refused: refusal(error) } };
    }
  }

  @Delete('tabs/:id/guests/:ref')
  removeGuest(@Param('id') id: string, @Param('ref') ref: string) {
    return this.send(this.tabs.removeGuest(id, ref), 'guest_tab.customer_detached');
  }

  /** Some lines go to a tab of their own; the plugin hears of both tabs in one guest_tab.split. */
  @Post('tabs/:id/split')
  @HttpCode(200)
  split(@Param('id') id: string, @Body() body: { lineIds: string[] }) {
    const { source, part } = this.tabs.splitOff(id, (body.lineIds ?? []).map(String));
    return this.send(source, 'guest_tab.split', { parts: [this.tabs.snapshot(part)] });
  }

  /**
   * The waiter presents a card: the till tells the plugin, whose answer carries the
   * customer card, or the reason it refused the guest (the tab keeps its former guest).
   */
  @Post('tabs/:id/customer')
  @HttpCode(200)
  async attach(@Param('id') id: string, @Body() body: { type: IdentifierType; value: string }) {
    if (this.offline.offline) return this.attachOffline(id, body);
    const before = this.tabs.get(id).customer;
    const tab = this.tabs.attachCard(id, body.type, String(body.value));
    try {
      const sent = await this.send(tab, 'guest_tab.customer_attached');
      return { ...sent, card: 'card' in sent.answer ? sent.answer.card : undefined };
    } catch (error) {
      this.tabs.restoreCustomer(id, before);
      return { tab, card: { refused: refusal(error) } };
    }
  }

  /** Offline, the till finds the guest in its pack by the card's hash; the plugin hears of it on the replay. */
  private async attachOffline(id: string, body: { type: IdentifierType; value: string }) {
    let customerId: string;
    try {
      customerId = this.offline.recognise(body.type, String(body.value)).customerId;
    } catch (error) {
      return { tab: this.tabs.get(id), card: { refused: refusal(error) } };
    }
    const tab = this.tabs.attachCard(id, body.type, String(body.value));
    tab.offlineGuest = customerId;
    const sent = await this.send(tab, 'guest_tab.customer_attached');
    return { ...sent, card: this.offline.card(customerId) };
  }

  @Delete('tabs/:id/customer')
  detach(@Param('id') id: string) {
    return this.send(this.tabs.detach(id), 'guest_tab.customer_detached');
  }

  @Post('tabs/:id/precheck')
  @HttpCode(200)
  async precheck(@Param('id') id: string) {
    return this.send(await this.till.printBill(id), 'guest_tab.prechecked');
  }

  @Post('tabs/:id/close')
  @HttpCode(200)
  async close(@Param('id') id: string) {
    return this.send(await this.till.settle(id), 'guest_tab.closed');
  }

  /** A line of a paid tab is given back; the plugin takes back its points in proportion. */
  @Post('tabs/:id/refunds')
  @HttpCode(200)
  refund(@Param('id') id: string, @Body() body: { lineId: string }) {
    const { tab, line } = this.tabs.refund(id, String(body.lineId));
    return this.send(tab, 'guest_tab.refunded', { refundedItems: [{ itemId: line.id, quantity: line.quantity, amount: line.paid ?? line.amount }] });
  }

  @Post('tabs/:id/cancel')
  @HttpCode(200)
  cancel(@Param('id') id: string) {
    return this.send(this.tabs.cancel(id), 'guest_tab.cancelled');
  }

  /** Part of the tab paid from the guest's bonus account: the plugin holds it until the tab is paid. */
  @Post('tabs/:id/bonus')
  @HttpCode(200)
  async payWithBonus(@Param('id') id: string, @Body() body: { accountId: string; amount: number }) {
    const tab = this.tabs.get(id);
    if (this.offline.offline) {
      // No hold offline: the till trusts the pack's allowance, and the plugin settles it on the replay.
      this.offline.spend(tab.offlineGuest ?? '', String(body.accountId), Number(body.amount));
      return this.send(this.tabs.payWithBonus(id, { accountId: String(body.accountId), amount: Number(body.amount) }), 'guest_tab.updated');
    }
    const hold = await this.terminal.holdBonus(WAITER_AT_TILL, {
      tabId: id,
      accountId: String(body.accountId),
      amount: Number(body.amount),
      idempotencyKey: `sandbox:${id}:bonus:${tab.bonusPayments.length + 1}`,
    });
    return this.send(this.tabs.payWithBonus(id, { holdId: hold.holdId, amount: hold.amount }), 'guest_tab.updated');
  }

  @Get('offline')
  offlineStatus() {
    return this.offline.status();
  }

  /** The till loses the plugin: it takes the location's offline pack first, as a till refreshing it every few minutes would have it. */
  @Post('offline')
  @HttpCode(200)
  goOffline() {
    return this.offline.goOffline();
  }

  /** The plugin is back: the till sends what it kept. */
  @Delete('offline')
  backOnline() {
    return this.offline.backOnline();
  }

  /** The card of the guest on a tab as it stands now, after the holds, closes and refunds since they were presented. */
  @Get('guests/:customerId/card')
  card(@Param('customerId') customerId: string) {
    if (this.offline.offline) return this.offline.card(customerId) ?? UNREACHABLE;
    return this.terminal.card(WAITER_AT_TILL, customerId);
  }

  /** A guest's accounts and their latest entries, over the plugin's signed HTTP API. */
  @Get('guests/:customerId/accounts')
  async accounts(@Param('customerId') customerId: string) {
    if (this.offline.offline) return UNREACHABLE;
    const accounts = await this.plugin.call<{ id: string }[]>('GET', `/customers/${encodeURIComponent(customerId)}/accounts`, { permissions: ['accounts.read'] });
    if (accounts.status !== 200) return accounts;
    const withHistory = await Promise.all(
      accounts.body.map(async (account) => ({
        ...account,
        entries: (await this.plugin.call<{ items: unknown[] }>('GET', `/accounts/${account.id}/entries?limit=10`, { permissions: ['accounts.read'] })).body.items,
      })),
    );
    return { status: 200, body: withHistory };
  }

  /** A guest's visits and their statistics over a period, over the plugin's signed HTTP API. */
  @Get('guests/:customerId/visits')
  async visits(@Param('customerId') customerId: string, @Query('period') period = 'year') {
    if (this.offline.offline) return UNREACHABLE;
    const guest = encodeURIComponent(customerId);
    const query = `period=${encodeURIComponent(period)}`;
    const [visits, stats] = await Promise.all([
      this.plugin.call<{ items: unknown[] }>('GET', `/customers/${guest}/visits?${query}&limit=10`, { permissions: ['visits.read'] }),
      this.plugin.call('GET', `/customers/${guest}/visits/stats?${query}`, { permissions: ['visits.read'] }),
    ]);
    if (visits.status !== 200) return visits;
    return { status: 200, body: { visits: visits.body.items, stats: stats.body } };
  }

  /** What the till would charge: the plugin's evaluation of the tab as it stands. */
  @Get('tabs/:id/evaluation')
  evaluation(@Param('id') id: string) {
    return this.till.evaluate(this.tabs.get(id));
  }

  /** What the plugin recorded for the tab, fetched over its signed HTTP API. */
  @Get('tabs/:id/plugin-record')
  record(@Param('id') id: string) {
    if (this.offline.offline) return UNREACHABLE;
    return this.plugin.call('GET', `/guest-tabs/${encodeURIComponent(id)}`, { permissions: ['visits.read'] });
  }

  private async send(tab: PosTab, type: GuestTabEvent['type'], extra: Partial<GuestTabEvent> = {}) {
    const event = this.tabs.event(tab, type, extra);
    if (this.offline.offline) {
      this.offline.keep(event);
      return { tab, event: { id: event.id, type }, answer: { status: 'kept offline', effects: [] as EventResult['effects'] } };
    }
    const answer = await handlingEvent(event, () => this.hooks.handle(event));
    return { tab, event: { id: event.id, type }, answer };
  }
}

/** Why the till could not recognise the guest, as the HTTP call would have answered. */
function refusal(error: unknown): object {
  if (error instanceof RegularsError) return { statusCode: error.status, code: error.code, message: error.message, ...error.details };
  if (error instanceof HttpException) return error.getResponse() as object;
  throw error;
}
