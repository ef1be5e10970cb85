/** The public face of the plugin: what a host imports. Anything else is internal. */
export { RegularsModule } from './regulars.module.js';
export type {
  RegularsOptions,
  RegularsDatabaseOptions,
  TenantSecret,
  TenantSecretResolver,
} from './config/regulars-options.js';
export { RegularsOptionsError } from './config/resolve-options.js';
export { RegularsError } from './common/errors/regulars-error.js';
export { RegularsErrorFilter } from './common/errors/regulars-error.filter.js';
export { createDataSource } from './config/database.js';
export { CONTRACT_VERSION } from './config/regulars.constants.js';
export type { Clock } from './common/clock.js';
export { REGULARS_ENTITIES } from './entities.js';
export { REGULARS_MIGRATIONS } from '../migrations/index.js';
export { GuestTabHooks } from './host/guest-tab-hooks.js';
export { TerminalService } from './host/terminal/terminal.service.js';
export type { CustomerCardDto as CustomerCard } from './modules/customer-cards/customer-card.dto.js';
export type { IdentifyDto as IdentifyRequest } from './modules/identification/dto/identifier.dto.js';
export type { EvaluateRequestDto as EvaluateRequest, TabEvaluationDto as TabEvaluation } from './modules/sales-rules/dto/evaluation.dto.js';
export type { CreateHoldDto as HoldRequest, HoldDto as Hold } from './modules/accounts/dto/hold.dto.js';
export type { RejectedEvent } from './host/event-emitter-transport.js';
export * from './host/contract/contract-values.js';
export type { EventEffect, EventResult } from './host/contract/event-result.js';
export type { GuestTabEventDto as GuestTabEvent } from './host/contract/guest-tab-event.dto.js';
export type { TabSnapshotDto as TabSnapshot } from './host/contract/tab-snapshot.dto.js';
export { PERMISSIONS, type Permission } from './host/security/permissions.js';
export type { RequestActor } from './host/security/request-actor.js';
export { signRequest, ACTOR_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './host/security/signature.js';
export { regularsOpenApiDocument, setupRegularsOpenApi } from './openapi.js';
export { mintUiToken, UI_TOKEN_MAX_SECONDS, type MintUiTokenInput } from './host/security/ui-token.js';
