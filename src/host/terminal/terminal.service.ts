import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { validateInput, validationFailed } from '../../common/validation/validation.js';
import { REGULARS_CONFIG } from '../../config/regulars.constants.js';
import type { RegularsConfig } from '../../config/regulars-options.js';
import { IdentifyDto } from '../../modules/identification/dto/identifier.dto.js';
import { IdentifyService } from '../../modules/identification/identify.service.js';
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
    return customerCard(identified, this.config.clock.now(), this.config.timeZone);
  }
}

function requirePermission(actor: RequestActor, permission: string): void {
  if (!actor.permissions.includes(permission)) throw new ForbiddenException(`the actor lacks the permission ${permission}`);
}
