import { Inject, Injectable } from '@nestjs/common';
import { TerminalService } from '../../src/index.js';
import { SANDBOX_CONFIG, SANDBOX_TENANT, type SandboxConfig } from '../sandbox-config.js';
import { OfflineTill } from './offline-till.js';
import { TabStore, type PosTab, type Priced } from './tab-store.js';

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
    private readonly offline: OfflineTill,
    @Inject(SANDBOX_CONFIG) private readonly config: SandboxConfig,
  ) {}

  async printBill(id: string): Promise<PosTab> {
    return this.tabs.precheck(id, await this.price(this.tabs.get(id)));
  }

  async settle(id: string, closedAt?: Date): Promise<PosTab> {
    const tab = this.tabs.get(id);
    return this.tabs.close(id, tab.bill?.version === tab.version ? tab.bill : await this.price(tab), closedAt);
  }

  /** What the tab costs now: priced by the plugin, or offline by the engine with the till's pack. */
  async evaluate(tab: PosTab) {
    const snapshot = this.tabs.snapshot(tab);
    return this.offline.offline ? this.offline.price(snapshot, tab.offlineGuest ?? null, this.config.clock.now()) : this.terminal.evaluate(WAITER_AT_TILL, { tab: snapshot });
  }

  private async price(tab: PosTab): Promise<Priced> {
    const evaluation = await this.evaluate(tab);
    const lines = evaluation.lines.map((line) => [line.lineId, { amountAfter: line.amountAfter, discounts: line.discounts.map(({ reason, amount }) => ({ reason, amount })) }]);
    return { lines: Object.fromEntries(lines), before: evaluation.totals.before, discount: evaluation.totals.discount };
  }
}
