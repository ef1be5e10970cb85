import { Foundation1795464000000 } from './1795464000000-foundation.js';
import { SettingsAuditIdempotency1795464100000 } from './1795464100000-settings-audit-idempotency.js';
import { Customers1795464200000 } from './1795464200000-customers.js';
import { Identification1795464300000 } from './1795464300000-identification.js';
import { Promotions1795464400000 } from './1795464400000-promotions.js';
import { UsageAndFrozenEvaluations1795464500000 } from './1795464500000-usage-and-frozen-evaluations.js';
import { SettingsBases1795464600000 } from './1795464600000-settings-bases.js';
import { Accounts1795464700000 } from './1795464700000-accounts.js';
import { MembershipsAndRewards1795464800000 } from './1795464800000-memberships-and-rewards.js';
import { Visits1795464900000 } from './1795464900000-visits.js';
import { EvaluationInputHash1795465000000 } from './1795465000000-evaluation-input-hash.js';
import { AccrualOnBonusSetting1795465100000 } from './1795465100000-accrual-on-bonus-setting.js';
import { TiersAndJobs1795465200000 } from './1795465200000-tiers-and-jobs.js';
import { IdempotencyErasure1795465300000 } from './1795465300000-idempotency-erasure.js';
import { InboxCard1795465400000 } from './1795465400000-inbox-card.js';
import { UiSessions1795465700000 } from './1795465700000-ui-sessions.js';
import { LotSettlement1795465800000 } from './1795465800000-lot-settlement.js';
import { TenantRevisions1795465900000 } from './1795465900000-tenant-revisions.js';
import { RequestReplays1795466000000 } from './1795466000000-request-replays.js';
import { MembershipEnd1795466100000 } from './1795466100000-membership-end.js';
import { EventsOut1795466200000 } from './1795466200000-events-out.js';
import { LotExpiryNotice1795466300000 } from './1795466300000-lot-expiry-notice.js';
import { GuestMessages1795466400000 } from './1795466400000-guest-messages.js';
import { EventRetention1795466500000 } from './1795466500000-event-retention.js';
import { PromoCodes1795466600000 } from './1795466600000-promo-codes.js';
import { GiftCards1795466700000 } from './1795466700000-gift-cards.js';
import { BirthdayCoupons1795466800000 } from './1795466800000-birthday-coupons.js';
import { Referrals1795466900000 } from './1795466900000-referrals.js';
import { RuleLimits1795467000000 } from './1795467000000-rule-limits.js';
import { OfflinePacks1795467100000 } from './1795467100000-offline-packs.js';
import { TabBills1795467200000 } from './1795467200000-tab-bills.js';
import { CustomerImport1795467300000 } from './1795467300000-customer-import.js';
import { Reports1795467400000 } from './1795467400000-reports.js';
import { ImportMappings1795467500000 } from './1795467500000-import-mappings.js';
import { GuestCards1795467600000 } from './1795467600000-guest-cards.js';

/** Every migration of the plugin, oldest first; a host sharing its DataSource lists these. */
export const REGULARS_MIGRATIONS = [
  Foundation1795464000000,
  SettingsAuditIdempotency1795464100000,
  Customers1795464200000,
  Identification1795464300000,
  Promotions1795464400000,
  UsageAndFrozenEvaluations1795464500000,
  SettingsBases1795464600000,
  Accounts1795464700000,
  MembershipsAndRewards1795464800000,
  Visits1795464900000,
  EvaluationInputHash1795465000000,
  AccrualOnBonusSetting1795465100000,
  TiersAndJobs1795465200000,
  IdempotencyErasure1795465300000,
  InboxCard1795465400000,
  UiSessions1795465700000,
  LotSettlement1795465800000,
  TenantRevisions1795465900000,
  RequestReplays1795466000000,
  MembershipEnd1795466100000,
  EventsOut1795466200000,
  LotExpiryNotice1795466300000,
  GuestMessages1795466400000,
  EventRetention1795466500000,
  PromoCodes1795466600000,
  GiftCards1795466700000,
  BirthdayCoupons1795466800000,
  Referrals1795466900000,
  RuleLimits1795467000000,
  OfflinePacks1795467100000,
  TabBills1795467200000,
  CustomerImport1795467300000,
  Reports1795467400000,
  ImportMappings1795467500000,
  GuestCards1795467600000,
];
