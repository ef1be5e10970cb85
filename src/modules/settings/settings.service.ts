import { Inject, Injectable } from '@nestjs/common';
import { RevisionCache, TenantRevisions } from '../../common/revisions/tenant-revisions.service.js';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import { RegularsOptionsError, resolveCountry } from '../../common/config/resolve-options.js';
import type { RequestActor } from '../../common/security/request-actor.js';
import type { SettingsDto, UpdateSettingsDto } from './dto/settings.dto.js';
import { SettingsRepository } from './settings.repository.js';
import type { TenantSettings } from './tenant-settings.entity.js';

/** A tenant that never changed its settings. */
const NO_SETTINGS: Omit<TenantSettings, 'tenantId' | 'updatedAt' | 'updatedBy'> = {
  defaultCountry: null,
  discountIncludesTax: false,
  discountIncludesService: false,
  accrualIncludesTax: false,
  accrualIncludesService: false,
  accrueOnBonusPayments: false,
  accrueOnGiftCardPayments: false,
  giftCardSalesLikeAnyLine: false,
  offlineAllowance: null,
};

@Injectable()
export class SettingsService {
  /** Read at every identify and evaluate, changed once in a while. */
  private readonly settings: RevisionCache<SettingsDto>;

  constructor(
    private readonly repository: SettingsRepository,
    private readonly revisions: TenantRevisions,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {
    this.settings = new RevisionCache(revisions, async (tenantId) => this.present(await this.repository.settingsOf(tenantId)));
  }

  get(tenantId: string): Promise<SettingsDto> {
    return this.settings.get(tenantId);
  }

  /** The country national phone numbers of this tenant belong to, if any. */
  async defaultCountry(tenantId: string): Promise<string | null> {
    return (await this.get(tenantId)).effectiveDefaultCountry;
  }

  async update(actor: RequestActor, change: UpdateSettingsDto): Promise<SettingsDto> {
    if (change.defaultCountry) {
      try {
        resolveCountry('defaultCountry', change.defaultCountry);
      } catch (error) {
        if (error instanceof RegularsOptionsError) {
          throw new RegularsError('bad_country', `defaultCountry: ${change.defaultCountry} is not a country with phone numbering`);
        }
        throw error;
      }
    }
    const current = await this.repository.settingsOf(actor.tenantId);
    const next: TenantSettings = {
      ...NO_SETTINGS,
      ...current,
      tenantId: actor.tenantId,
      updatedAt: this.config.clock.now(),
      updatedBy: actor.id,
    };
    if (change.defaultCountry !== undefined) next.defaultCountry = change.defaultCountry;
    if (change.discountBase) [next.discountIncludesTax, next.discountIncludesService] = [change.discountBase.includeTax, change.discountBase.includeServiceCharge];
    if (change.accrualBase) [next.accrualIncludesTax, next.accrualIncludesService] = [change.accrualBase.includeTax, change.accrualBase.includeServiceCharge];
    if (change.accrueOnBonusPayments !== undefined) next.accrueOnBonusPayments = change.accrueOnBonusPayments;
    if (change.accrueOnGiftCardPayments !== undefined) next.accrueOnGiftCardPayments = change.accrueOnGiftCardPayments;
    if (change.giftCardSalesLikeAnyLine !== undefined) next.giftCardSalesLikeAnyLine = change.giftCardSalesLikeAnyLine;
    if (change.offlineAllowance !== undefined) next.offlineAllowance = change.offlineAllowance;
    await this.repository.saveSettings(next);
    await this.revisions.bump(actor.tenantId);
    return this.present(next);
  }

  private present(own: TenantSettings | null): SettingsDto {
    const settings = { ...NO_SETTINGS, ...own };
    return {
      defaultCountry: settings.defaultCountry,
      effectiveDefaultCountry: settings.defaultCountry ?? this.config.defaultCountry,
      timeZone: this.config.timeZone,
      defaultCurrency: this.config.defaultCurrency,
      discountBase: { includeTax: settings.discountIncludesTax, includeServiceCharge: settings.discountIncludesService },
      accrualBase: { includeTax: settings.accrualIncludesTax, includeServiceCharge: settings.accrualIncludesService },
      accrueOnBonusPayments: settings.accrueOnBonusPayments,
      accrueOnGiftCardPayments: settings.accrueOnGiftCardPayments,
      giftCardSalesLikeAnyLine: settings.giftCardSalesLikeAnyLine,
      offlineAllowance: settings.offlineAllowance,
    };
  }
}
