import { IdempotencyKey } from './common/idempotency/idempotency-key.entity.js';
import { SeenSignature } from './common/idempotency/seen-signature.entity.js';
import { UiSession } from './common/security/ui-session.entity.js';
import { InboxEntry } from './flows/guest-tab/inbox/inbox-entry.entity.js';
import { AuditEntry } from './modules/audit/audit-entry.entity.js';
import { Customer } from './modules/customers/entities/customer.entity.js';
import { CustomerContact } from './modules/customers/entities/customer-contact.entity.js';
import { CustomerTag } from './modules/customers/entities/customer-tag.entity.js';
import { GuestTab } from './modules/guest-tabs/guest-tab.entity.js';
import { CardBatch } from './modules/identification/entities/card-batch.entity.js';
import { Identifier } from './modules/identification/entities/identifier.entity.js';
import { RateWindow } from './modules/identification/entities/rate-window.entity.js';
import { TenantSettings } from './modules/settings/tenant-settings.entity.js';
import { CustomerCategory } from './modules/promotion-categories/entities/customer-category.entity.js';
import { PromotionCategory } from './modules/promotion-categories/entities/promotion-category.entity.js';
import { TenantRevision } from './common/revisions/tenant-revision.entity.js';
import { SalesRule } from './modules/sales-rules/entities/sales-rule.entity.js';
import { SalesRuleVersion } from './modules/sales-rules/entities/sales-rule-version.entity.js';
import { DailyCounter } from './modules/usage/daily-counter.entity.js';
import { ImportMapping } from './modules/imports/entities/import-mapping.entity.js';
import { TabEvaluation } from './modules/guest-tabs/tab-evaluation.entity.js';
import { Account } from './modules/accounts/entities/account.entity.js';
import { AccountType } from './modules/accounts/entities/account-type.entity.js';
import { Hold } from './modules/accounts/entities/hold.entity.js';
import { LedgerEntry } from './modules/accounts/entities/ledger-entry.entity.js';
import { Lot } from './modules/accounts/entities/lot.entity.js';
import { Membership, MembershipMember } from './modules/memberships/membership.entity.js';
import { Reward } from './modules/rewards/reward.entity.js';
import { PromoCode, PromoCodeBatch, PromoCodeUse } from './modules/promo-codes/promo-code.entity.js';
import { GiftCard } from './modules/gift-cards/gift-card.entity.js';
import { Referral, ReferralCode, ReferralProgram } from './modules/referrals/referral.entity.js';
import { OfflinePackKey } from './modules/offline/offline-pack-key.entity.js';
import { OfflineSpend } from './modules/offline/offline-spend.entity.js';
import { RuleUsage } from './modules/sales-rules/entities/rule-usage.entity.js';
import { CustomerTotals } from './modules/visits/entities/customer-totals.entity.js';
import { Visit } from './modules/visits/entities/visit.entity.js';
import { VisitLine } from './modules/visits/entities/visit-line.entity.js';
import { Tier } from './modules/tiers/entities/tier.entity.js';
import { TierMove } from './modules/tiers/entities/tier-move.entity.js';
import { ReportDay } from './modules/reports/entities/report-day.entity.js';
import { ReportDiscount } from './modules/reports/entities/report-discount.entity.js';
import { ReportPoints } from './modules/reports/entities/report-points.entity.js';
import { ReportReturn } from './modules/reports/entities/report-return.entity.js';
import { ReportCohort } from './modules/reports/entities/report-cohort.entity.js';
import { TierSettings } from './modules/tiers/entities/tier-settings.entity.js';
import { JobRun } from './modules/jobs/entities/job-run.entity.js';
import { JobLease } from './modules/jobs/entities/job-lease.entity.js';
import { JobEffect } from './modules/jobs/entities/job-effect.entity.js';
import { BirthdayBenefit } from './modules/birthdays/birthday-benefit.entity.js';
import { OutboxEvent } from './modules/outbox/outbox-event.entity.js';
import { WebhookDelivery } from './modules/webhooks/entities/webhook-delivery.entity.js';
import { WebhookSubscription } from './modules/webhooks/entities/webhook-subscription.entity.js';
import { MessageSettings } from './modules/guest-messages/entities/message-settings.entity.js';
import { MessageTemplateOverride } from './modules/guest-messages/entities/message-template.entity.js';
import { SentMessage } from './modules/guest-messages/entities/sent-message.entity.js';
import { GuestCard } from './modules/guest-cards/guest-card.entity.js';

/** Every entity of the plugin; a host sharing its DataSource lists these in `entities`. */
export const REGULARS_ENTITIES = [
  InboxEntry,
  GuestTab,
  TenantSettings,
  AuditEntry,
  IdempotencyKey,
  SeenSignature,
  Customer,
  CustomerContact,
  CustomerTag,
  Identifier,
  CardBatch,
  RateWindow,
  PromotionCategory,
  CustomerCategory,
  TenantRevision,
  SalesRule,
  SalesRuleVersion,
  DailyCounter,
  ImportMapping,
  TabEvaluation,
  AccountType,
  Account,
  LedgerEntry,
  Hold,
  Lot,
  Membership,
  MembershipMember,
  Reward,
  PromoCode,
  PromoCodeUse,
  PromoCodeBatch,
  GiftCard,
  ReferralProgram,
  ReferralCode,
  Referral,
  OfflinePackKey,
  OfflineSpend,
  RuleUsage,
  Visit,
  VisitLine,
  CustomerTotals,
  GuestCard,
  Tier,
  TierMove,
  TierSettings,
  ReportDay,
  ReportDiscount,
  ReportPoints,
  ReportReturn,
  ReportCohort,
  JobRun,
  JobLease,
  JobEffect,
  BirthdayBenefit,
  UiSession,
  OutboxEvent,
  WebhookSubscription,
  WebhookDelivery,
  MessageTemplateOverride,
  MessageSettings,
  SentMessage,
];
