/**
 * `@regulars/plugin/engine`: the pricing engine alone, for a host that prices a tab where the
 * plugin cannot be reached (a till offline, a browser). It re-exports the pure engine folder and
 * nothing else, so a bundle of it carries no Nest, no TypeORM and no Node built-in; its input and
 * output types are part of CONTRACT.md.
 */
export { evaluate, type RuleBook } from './modules/sales-rules/engine/evaluate.js';
export { describeEffect, reasonFor } from './modules/sales-rules/engine/describe.js';
export type {
  Accrual,
  AccrualRule,
  AmountOffPer,
  AppliedDiscount,
  Base,
  BundleComponent,
  CategoriesBySource,
  Category,
  Conditions,
  CouponToIssue,
  DailyOperation,
  Effect,
  EffectKind,
  EffectOf,
  Evaluation,
  EvaluationSettings,
  LimitKind,
  LimitResult,
  LineResult,
  NotApplied,
  Rule,
  RuleEffectKind,
  Scope,
  Stacking,
  Tab,
  TabLine,
  UsageToday,
  WhyNot,
  WhyNotReason,
} from './modules/sales-rules/engine/types.js';
