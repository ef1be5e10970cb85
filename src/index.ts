/** The public face of the plugin: what a host imports. Anything else is internal. */
export { RegularsModule } from './regulars.module.js';
export type {
  RegularsOptions,
  RegularsDatabaseOptions,
  RegularsWebhookOptions,
  RegularsMessagesOptions,
  RegularsSmtpOptions,
  QuietHours,
  TenantSecret,
  TenantSecretResolver,
} from './common/config/regulars-options.js';
export { RegularsOptionsError } from './common/config/resolve-options.js';
export { RegularsError } from './common/errors/regulars-error.js';
export { ERROR_CODES, type ErrorCode } from './common/errors/error-codes.js';
export { RegularsErrorFilter } from './common/errors/regulars-error.filter.js';
export { maskPersonalData } from './common/personal-data/mask-personal-data.js';
export { createDataSource } from './database.js';
export { CONTRACT_VERSION } from './common/config/regulars.constants.js';
export type { Clock } from './common/clock.js';
export { REGULARS_ENTITIES } from './entities.js';
export { REGULARS_MIGRATIONS } from '../migrations/index.js';
export { GuestTabHooks } from './flows/guest-tab/guest-tab-hooks.js';
export { TerminalService } from './flows/till/terminal.service.js';
export type { CustomerCardDto as CustomerCard } from './flows/customer-card/customer-card.dto.js';
export type { IdentifyDto as IdentifyRequest } from './modules/identification/dto/identifier.dto.js';
export type { EvaluateRequestDto as EvaluateRequest, TabEvaluationDto as TabEvaluation } from './flows/evaluation/evaluation.dto.js';
export type { CreateHoldDto as HoldRequest, HoldDto as Hold } from './modules/accounts/dto/hold.dto.js';
export type { OfflinePackDto as OfflinePack, OfflineGuestDto as OfflineGuest, OfflinePackKeyDto as OfflinePackKey, OfflinePackQueryDto as OfflinePackRequest, SignedOfflinePack } from './flows/till/offline-pack.dto.js';
export type { RejectedEvent } from './transports/event-emitter-transport.js';
export * from './contract/contract-values.js';
export type { EventEffect } from './contract/event-effect.js';
export type { EventResult } from './flows/guest-tab/event-result.js';
export type { GuestTabEventDto as GuestTabEvent } from './contract/guest-tab-event.dto.js';
export type { TabSnapshotDto as TabSnapshot } from './contract/tab-snapshot.dto.js';
export { PERMISSIONS, type Permission } from './common/security/permissions.js';
export type { RequestActor } from './common/security/request-actor.js';
export {
  signRequest,
  verifyWebhook,
  type VerifyWebhookInput,
  ACTOR_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  EVENT_ID_HEADER,
  EVENT_TYPE_HEADER,
  DELIVERY_ID_HEADER,
} from './common/security/signature.js';
export {
  OUTGOING_EVENT_TYPES,
  OUTGOING_EVENT_SCHEMAS,
  OUTGOING_EVENT_VERSIONS,
  ACCOUNT_MOVE_REASONS,
  IN_PROCESS_EVENT_PREFIX,
  type OutgoingEvent,
  type OutgoingEventType,
  type OutgoingEventData,
  type AccountMoveReason,
  type JsonSchema,
} from './contract/events-out.js';
export { WebhookRelay } from './modules/webhooks/webhook-relay.js';
export {
  GUEST_MESSAGE_KINDS,
  GUEST_MESSAGE_PURPOSES,
  type GuestMessage,
  type GuestMessageKind,
  type GuestMessagePurpose,
  type GuestMessenger,
} from './common/guest-messages.js';
export { LANGUAGES, type Language } from './common/languages.js';
export { regularsOpenApiDocument, setupRegularsOpenApi } from './openapi.js';
export { mintUiToken, UI_TOKEN_MAX_SECONDS, type MintUiTokenInput } from './common/security/ui-token.js';
