import { Inject, Injectable } from '@nestjs/common';
import { isUniqueViolation } from '../../common/database/database-errors.js';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { newId } from '../../common/ids.js';
import { validationFailed } from '../../common/validation/validation.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import type { RequestActor } from '../../common/security/request-actor.js';
import { AuditTrail } from '../audit/audit-trail.service.js';
import type { CardBatchDto, CreateCardBatchDto, IssuedCardsDto } from './dto/identifier.dto.js';
import type { CardBatch } from './entities/card-batch.entity.js';
import { IdentificationRepository } from './identification.repository.js';
import { withCheckDigit } from './identifier-values.js';
import { IdentifiersService } from './identifiers.service.js';

function presentBatch(batch: CardBatch): CardBatchDto {
  return {
    id: batch.id,
    name: batch.name,
    type: batch.type,
    prefix: batch.prefix,
    digits: batch.digits,
    checkDigit: batch.checkDigit,
    firstNumber: batch.firstNumber,
    nextNumber: batch.nextNumber,
    lastNumber: batch.lastNumber,
    issued: batch.nextNumber - batch.firstNumber,
    createdAt: batch.createdAt.toISOString(),
  };
}

/** Card issues: a named range of numbers printed on cards, issued impersonal until handed out. */
@Injectable()
export class CardBatchesService {
  constructor(
    private readonly repository: IdentificationRepository,
    private readonly identifiers: IdentifiersService,
    private readonly audit: AuditTrail,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  async create(actor: RequestActor, input: CreateCardBatchDto): Promise<IssuedCardsDto> {
    const problems: string[] = [];
    if (input.lastNumber < input.firstNumber) problems.push('lastNumber: must not be below firstNumber');
    if (input.lastNumber >= 10 ** input.digits) problems.push(`lastNumber: does not fit in ${input.digits} digits`);
    if ((input.checkDigit ?? 'none') !== 'none' && !/^\d*$/.test(input.prefix)) problems.push('prefix: must be digits when the number has a check digit');
    if (problems.length > 0) throw validationFailed(problems);
    const now = this.config.clock.now();
    const batch: CardBatch = {
      tenantId: actor.tenantId,
      id: newId('b', now),
      name: input.name.trim(),
      type: input.type,
      prefix: input.prefix,
      digits: input.digits,
      checkDigit: input.checkDigit ?? 'none',
      firstNumber: input.firstNumber,
      nextNumber: input.firstNumber,
      lastNumber: input.lastNumber,
      createdAt: now,
      createdBy: actor.id,
    };
    try {
      await this.repository.insertCardBatch(batch);
    } catch (error) {
      if (isUniqueViolation(error)) throw new RegularsError('batch_exists', `a card batch named "${batch.name}" exists`);
      throw error;
    }
    await this.audit.record(actor, { subjectType: 'card_batch', subjectId: batch.id, customerId: null, action: 'created' });
    if (!input.issue) return { batch: presentBatch(batch), values: [] };
    return this.issue(actor, batch.id, input.issue);
  }

  /** Issues the next `count` cards of the batch; nothing is issued if any number is taken. */
  async issue(actor: RequestActor, batchId: string, count: number): Promise<IssuedCardsDto> {
    const batch = await this.repository.lockCardBatch(actor.tenantId, batchId);
    if (!batch) throw RegularsError.notFound('card_batch', batchId);
    const remaining = batch.lastNumber - batch.nextNumber + 1;
    if (count > remaining) {
      throw new RegularsError('batch_exhausted', `the batch has ${remaining} numbers left`, { remaining });
    }
    const values = Array.from({ length: count }, (_, i) =>
      withCheckDigit(`${batch.prefix}${String(batch.nextNumber + i).padStart(batch.digits, '0')}`, batch.checkDigit),
    );
    await this.identifiers.insertActive(values.map((value) => this.identifiers.newIdentifier(actor, batch.type, value, { batchId })));
    batch.nextNumber += count;
    await this.repository.setNextCardNumber(actor.tenantId, batchId, batch.nextNumber);
    await this.audit.record(actor, {
      subjectType: 'card_batch',
      subjectId: batchId,
      customerId: null,
      action: 'issued',
      changes: [{ field: 'cards', from: values[0], to: values[values.length - 1] }],
    });
    return { batch: presentBatch(batch), values };
  }

  async list(tenantId: string): Promise<CardBatchDto[]> {
    return (await this.repository.cardBatches(tenantId)).map(presentBatch);
  }
}
