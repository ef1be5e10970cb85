import { Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { RegularsController } from '../../common/regulars-controller.decorator.js';
import { GuestTabsService } from '../../modules/guest-tabs/guest-tabs.service.js';
import { VisitsService } from '../../modules/visits/visits.service.js';
import { GuestTabRecordDto } from './guest-tab-record.dto.js';
import { partId } from '../../contract/tab-parts.js';
import type { TabSnapshotDto } from '../../contract/tab-snapshot.dto.js';
import { Inbox } from '../../flows/guest-tab/inbox/inbox.service.js';
import { CurrentActor, type RequestActor } from '../../common/security/request-actor.js';
import { ActorSigned } from '../../common/security/signed.decorators.js';

/**
 * What the plugin made of a host tab: its newest applied snapshot and every event it
 * received for it with the answer given. The first place to look when integrating.
 */
@RegularsController('guest-tabs', 'guest tabs')
export class GuestTabRecordsController {
  constructor(
    private readonly guestTabs: GuestTabsService,
    private readonly inbox: Inbox,
    private readonly visits: VisitsService,
  ) {}

  @Get(':tabId')
  @ActorSigned('visits.read')
  @ApiOperation({ summary: 'The plugin’s record of a tab and the events it received' })
  @ApiOkResponse({ type: GuestTabRecordDto })
  async get(@CurrentActor() actor: RequestActor, @Param('tabId') tabId: string): Promise<GuestTabRecordDto> {
    const tab = await this.guestTabs.find(actor.tenantId, tabId);
    if (!tab) throw RegularsError.notFound('tab', tabId);
    const parts = (tab.snapshot?.guests ?? []).map((guest) => partId(tabId, guest.ref));
    const [events, evaluations, visits, bill] = await Promise.all([
      this.inbox.listForTab(actor.tenantId, tabId),
      this.guestTabs.frozenEvaluations(actor.tenantId, tabId),
      this.visits.ofTab(actor.tenantId, tabId, parts),
      tab.billId ? this.guestTabs.tabsOfBill(actor.tenantId, tab.billId) : [],
    ]);
    const amountOf = (snapshot: TabSnapshotDto | null) => (snapshot?.orders ?? []).reduce((sum, order) => sum + order.items.reduce((lines, item) => lines + item.amount, 0), 0);
    return {
      tab: { id: tab.id, version: tab.version, status: tab.status, locationId: tab.locationId, customerId: tab.customerId, billId: tab.billId, snapshot: tab.snapshot, updatedAt: tab.updatedAt.toISOString() },
      bill: bill.map((other) => ({ id: other.id, version: other.version, status: other.status, customerId: other.customerId, amount: amountOf(other.snapshot) })),
      events: events.map((entry) => ({
        eventId: entry.eventId,
        type: entry.eventType,
        version: entry.tabVersion,
        status: entry.status,
        firstEventId: entry.firstEventId,
        effects: entry.effects,
        occurredAt: entry.occurredAt.toISOString(),
        receivedAt: entry.receivedAt.toISOString(),
      })),
      frozenEvaluations: evaluations.map(({ tabVersion, evaluatedAt, evaluation: { notApplied: _unexplained, ...bill } }) => ({ version: tabVersion, evaluatedAt: evaluatedAt.toISOString(), ...bill })),
      visits,
    };
  }
}
