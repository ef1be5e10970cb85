import { Injectable } from '@nestjs/common';
import { TerminalService } from '../../src/index.js';
import { SANDBOX_TENANT } from '../sandbox-config.js';
import { TabStore, type PosTab } from './tab-store.js';

export const WAITER_AT_TILL = { tenantId: SANDBOX_TENANT, id: 'waiter-anna', name: 'Anna', permissions: ['terminal.use'], terminalId: 'pos-1' };

/**
 * The till's money side: a printed bill carries the prices the plugin gave each line,
 * and a tab is paid at the printed prices, or at the prices of the moment when the
 * tab changed after printing.
 */
@Injectable()
export class Till {
  constructor(
    private readonly tabs: TabStore,
    private readonly terminal: TerminalService,
  ) {}

  async printBill(id: string): Promise<PosTab> {
    return this.tabs.precheck(id, await this.prices(this.tabs.get(id)));
  }

  async settle(id: string, closedAt?: Date): Promise<PosTab> {
    const tab = this.tabs.get(id);
    const prices = tab.bill?.version === tab.version ? tab.bill.lines : await this.prices(tab);
    return this.tabs.close(id, prices, closedAt);
  }

  private async prices(tab: PosTab): Promise<Map<string, number>> {
    const evaluation = await this.terminal.evaluate(WAITER_AT_TILL, { tab: this.tabs.snapshot(tab) });
    return new Map(evaluation.lines.map((line) => [line.lineId, line.amountAfter]));
  }
}
