import { Inject, Injectable } from '@nestjs/common';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import type { RequestActor } from '../../common/security/request-actor.js';
import type { TierSettingsDto, UpdateTierSettingsDto } from './dto/tier.dto.js';
import type { TierSettings } from './entities/tier-settings.entity.js';
import { TiersRepository } from './tiers.repository.js';
import { TiersService } from './tiers.service.js';

/** A tenant that never changed its tier settings: downgrades at every run, to the tier still reached. */
const DEFAULTS = { downgradeEnabled: true, downgradePeriodDays: 0, downgradeTargetTierId: null, lastDowngradeCheckAt: null };

/** How a tenant's customers move down. */
@Injectable()
export class TierSettingsService {
  constructor(
    private readonly repository: TiersRepository,
    private readonly tiers: TiersService,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  async get(tenantId: string): Promise<Omit<TierSettings, 'updatedAt' | 'updatedBy'>> {
    const own = await this.repository.settingsOf(tenantId);
    return { tenantId, ...DEFAULTS, ...own };
  }

  /** Whether the tier job should check downgrades at `now`. */
  downgradesDue(settings: Omit<TierSettings, 'updatedAt' | 'updatedBy'>, now: Date): boolean {
    if (!settings.downgradeEnabled) return false;
    if (!settings.lastDowngradeCheckAt || settings.downgradePeriodDays === 0) return true;
    return now.getTime() - settings.lastDowngradeCheckAt.getTime() >= settings.downgradePeriodDays * 86_400_000;
  }

  async markDowngradesChecked(tenantId: string, at: Date): Promise<void> {
    await this.repository.saveSettings({ updatedAt: at, updatedBy: 'tier-job', ...(await this.get(tenantId)), lastDowngradeCheckAt: at });
  }

  async present(tenantId: string): Promise<TierSettingsDto> {
    const settings = await this.get(tenantId);
    const target = settings.downgradeTargetTierId ? await this.repository.tierById(tenantId, settings.downgradeTargetTierId) : null;
    return {
      downgradeEnabled: settings.downgradeEnabled,
      downgradePeriodDays: settings.downgradePeriodDays,
      downgradeTargetTierCode: target?.code ?? null,
      lastDowngradeCheckAt: settings.lastDowngradeCheckAt?.toISOString() ?? null,
    };
  }

  async update(actor: RequestActor, change: UpdateTierSettingsDto): Promise<TierSettingsDto> {
    const code = change.downgradeTargetTierCode;
    const target = code === undefined || code === null ? code : await this.tiers.byCode(actor.tenantId, code);
    const next: TierSettings = { ...(await this.get(actor.tenantId)), updatedAt: this.config.clock.now(), updatedBy: actor.id };
    if (change.downgradeEnabled !== undefined) next.downgradeEnabled = change.downgradeEnabled;
    if (change.downgradePeriodDays !== undefined) next.downgradePeriodDays = change.downgradePeriodDays;
    if (target !== undefined) next.downgradeTargetTierId = target?.id ?? null;
    await this.repository.saveSettings(next);
    return this.present(actor.tenantId);
  }
}
