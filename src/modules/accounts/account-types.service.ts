import { Inject, Injectable } from '@nestjs/common';
import { isUniqueViolation } from '../../common/database/database-errors.js';
import { RevisionCache, TenantRevisions } from '../../common/revisions/tenant-revisions.service.js';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { newId } from '../../common/ids.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import type { RequestActor } from '../../common/security/request-actor.js';
import type { AccountTypeDto, CreateAccountTypeDto, UpdateAccountTypeDto } from './dto/account-type.dto.js';
import type { AccountKind, AccountType, ExpiryPolicy } from './entities/account-type.entity.js';
import { AccountsRepository } from './accounts.repository.js';

export function presentAccountType(type: AccountType): AccountTypeDto {
  const { tenantId: _tenant, createdAt: _created, updatedAt: _updated, updatedBy: _by, ...shown } = type;
  return shown;
}

/** The kinds of purse a tenant offers. */
@Injectable()
export class AccountTypesService {
  /** Every account shown, held or accrued to needs its type: kept per tenant revision. */
  private readonly types: RevisionCache<AccountType[]>;

  constructor(
    private readonly repository: AccountsRepository,
    private readonly revisions: TenantRevisions,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {
    this.types = new RevisionCache(revisions, (tenantId) => this.repository.accountTypesOf(tenantId));
  }

  async create(actor: RequestActor, input: CreateAccountTypeDto): Promise<AccountTypeDto> {
    const now = this.config.clock.now();
    const type: AccountType = {
      tenantId: actor.tenantId,
      id: newId('at', now),
      code: input.code,
      name: input.name,
      kind: input.kind,
      unit: input.unit,
      roundingStep: input.roundingStep ?? 1,
      allowNegative: input.allowNegative ?? false,
      creditLimit: input.creditLimit ?? 0,
      expiry: (input.expiry as ExpiryPolicy | undefined) ?? { kind: 'never' },
      dailySpendLimit: input.dailySpendLimit ?? null,
      active: true,
      createdAt: now,
      updatedAt: now,
      updatedBy: actor.id,
    };
    try {
      await this.repository.insertAccountType({ ...type, expiry: plainPolicy(type.expiry) });
    } catch (error) {
      if (isUniqueViolation(error)) throw new RegularsError('account_type_exists', `code: an account type ${input.code} exists`);
      throw error;
    }
    await this.revisions.bump(actor.tenantId);
    return presentAccountType(type);
  }

  async update(actor: RequestActor, id: string, input: UpdateAccountTypeDto): Promise<AccountTypeDto> {
    const type = await this.repository.accountType(actor.tenantId, id);
    if (!type) throw RegularsError.notFound('account_type', id);
    Object.assign(type, Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)));
    type.expiry = plainPolicy(type.expiry);
    Object.assign(type, { updatedAt: this.config.clock.now(), updatedBy: actor.id });
    await this.repository.saveAccountType(type);
    await this.revisions.bump(actor.tenantId);
    return presentAccountType(type);
  }

  async list(tenantId: string): Promise<AccountTypeDto[]> {
    return (await this.types.get(tenantId)).map(presentAccountType);
  }

  /** A type to read (the kept copy is shared: change one only through update()). */
  async get(tenantId: string, id: string): Promise<AccountType> {
    const type = (await this.types.get(tenantId)).find((candidate) => candidate.id === id);
    if (!type) throw RegularsError.notFound('account_type', id);
    return type;
  }

  /** The types of a kind still offered. */
  async activeOfKind(tenantId: string, kind: AccountKind): Promise<AccountType[]> {
    return (await this.types.get(tenantId)).filter((type) => type.kind === kind && type.active);
  }

  async byCode(tenantId: string, code: string): Promise<AccountType> {
    const type = (await this.types.get(tenantId)).find((candidate) => candidate.code === code);
    if (!type) throw new RegularsError('unknown_account_type', `there is no account type ${code}`);
    return type;
  }
}

/** Only the fields of the policy's kind are kept. */
function plainPolicy(policy: ExpiryPolicy): ExpiryPolicy {
  if (policy.kind === 'days_after_credit') return { kind: policy.kind, days: policy.days };
  if (policy.kind === 'end_of_period') return { kind: policy.kind, period: policy.period };
  return { kind: 'never' };
}
