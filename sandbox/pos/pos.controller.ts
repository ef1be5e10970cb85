import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { GuestTabHooks, IDENTIFIER_TYPES, type GuestTabEvent, type IdentifierType } from '../../src/index.js';
import { MENU } from './menu.js';
import { PluginClient } from './plugin-client.js';
import { TabStore, type PosTab } from './tab-store.js';

/**
 * The sandbox POS's own API behind its waiter page. Every change of a tab is sent to the
 * plugin through the in-process transport (GuestTabHooks.handle), exactly as a NestJS
 * host would; the plugin's answer is shown next to the tab.
 */
@ApiExcludeController()
@Controller('pos')
export class PosController {
  constructor(
    private readonly tabs: TabStore,
    private readonly hooks: GuestTabHooks,
    private readonly plugin: PluginClient,
  ) {}

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
  addItem(@Param('id') id: string, @Body() body: { productId: string; quantity?: number }) {
    return this.send(this.tabs.addItem(id, body.productId, Number(body.quantity ?? 1)), 'guest_tab.updated');
  }

  @Post('tabs/:id/customer')
  @HttpCode(200)
  attach(@Param('id') id: string, @Body() body: { type: IdentifierType; value: string }) {
    return this.send(this.tabs.attachCard(id, body.type, String(body.value)), 'guest_tab.customer_attached');
  }

  @Delete('tabs/:id/customer')
  detach(@Param('id') id: string) {
    return this.send(this.tabs.detach(id), 'guest_tab.customer_detached');
  }

  @Post('tabs/:id/precheck')
  @HttpCode(200)
  precheck(@Param('id') id: string) {
    return this.send(this.tabs.precheck(id), 'guest_tab.prechecked');
  }

  @Post('tabs/:id/close')
  @HttpCode(200)
  close(@Param('id') id: string) {
    return this.send(this.tabs.close(id), 'guest_tab.closed');
  }

  @Post('tabs/:id/cancel')
  @HttpCode(200)
  cancel(@Param('id') id: string) {
    return this.send(this.tabs.cancel(id), 'guest_tab.cancelled');
  }

  /** What the plugin recorded for the tab, fetched over its signed HTTP API. */
  @Get('tabs/:id/plugin-record')
  record(@Param('id') id: string, @Req() request: Request) {
    return this.plugin.get(`${request.protocol}://${request.get('host')}`, `/guest-tabs/${encodeURIComponent(id)}`, ['visits.read']);
  }

  private async send(tab: PosTab, type: GuestTabEvent['type']) {
    const event = this.tabs.event(tab, type);
    const answer = await this.hooks.handle(event);
    return { tab, event: { id: event.id, type }, answer };
  }
}
