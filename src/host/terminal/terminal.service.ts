import { ForbiddenException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { validateInput, validationFailed } from '../../common/validation/validation.js';
import { REGULARS_CONFIG } from '../../config/regulars.constants.js';
import type { RegularsConfig } from '../../config/regulars-options.js';
import { IdentifyDto } from '../../modules/identification/dto/identifier.dto.js';
import { IdentifyService } from '../../modules/identification/identify.service.js';
import { EvaluateRequestDto, type TabEvaluationDto } from '../../modules/sales-rules/dto/evaluation.dto.js';
import { TabEvaluator } from '../../modules/sales-rules/tab-evaluator.service.js';
import { DailyUsage } from '../../modules/usage/daily-usage.service.js';
import { tabSnapshotProblems } from '../guest-tab-hooks.js';
import type { RequestActor } from '../security/request-actor.js';
import type { CustomerCardDto } from './customer-card.dto.js';
import { customerCard } from './customer-card.js';

/**
 * The terminal calls for in-process hosts, with the inputs and answers of the HTTP
 * calls (CONTRACT.md section 4): the HTTP controller is a thin shell around this.
 */
@Injectable()
export class TerminalService {
  constructor(
    private readonly identification: IdentifyService,
    private readonly evaluator: TabEvaluator,
    private readonly usage: DailyUsage,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  /**
   * The customer card for an identifier or a search text. Refusals are RegularsErrors:
   * 404 unknown, 423 blocked identifier or terminated customer, 300 with candidates for
   * an ambiguous search, 429 past the terminal's rate limit.
   */
  async identify(actor: RequestActor, input: unknown): Promise<CustomerCardDto> {
    requirePermission(actor, 'terminal.use');
    const request = validateInput(IdentifyDto, input);
    if ((request.identifier === undefined) === (request.query === undefined)) {
      throw validationFailed(['identifier: give exactly one of identifier or query']);
    }
    const identified = await this.identification.identify(actor, request);
    const now = this.config.clock.now();
    // Counted before the card is built, so the limits it shows include this identification.
    await this.usage.add(actor.tenantId, identified.customer.id, this.usage.dayOf(now), 'identifications');
    const { evaluation } = await this.evaluator.forCustomer(actor.tenantId, identified.customer.id, now);
    return customerCard(identified, now, this.config.timeZone, evaluation);
  }

  /**
   * What the till would charge and accrue for the tab as it stands: discounts per line
   * with the category and rule version behind each, totals, points, limits. Writes nothing.
   */
  async evaluate(actor: RequestActor, input: unknown): Promise<TabEvaluationDto> {
    requirePermission(actor, 'terminal.use');
    const request = validateInput(EvaluateRequestDto, input);
    const problems = tabSnapshotProblems(request.tab);
    if (problems.length > 0) throw validationFailed(problems);
    if (request.benefits?.length) {
      throw new RegularsError('unknown_benefit', `benefits: no reward ${request.benefits[0]} is on offer`, HttpStatus.UNPROCESSABLE_ENTITY);
    }
    const { customerId, evaluation } = await this.evaluator.evaluate(actor.tenantId, request.tab, this.config.clock.now());
    return { customerId, ...evaluation, benefits: [] };
  }
}

function requirePermission(actor: RequestActor, permission: string): void {
  if (!actor.permissions.includes(permission)) throw new ForbiddenException(`the actor lacks the permission ${permission}`);
}
