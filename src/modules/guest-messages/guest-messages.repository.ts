import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import type { Language } from '../../common/languages.js';
import type { GuestMessageKind } from '../../common/guest-messages.js';
import { MessageSettings } from './entities/message-settings.entity.js';
import { MessageTemplateOverride } from './entities/message-template.entity.js';
import { SentMessage } from './entities/sent-message.entity.js';

/** The tenant's own templates and quiet hours, and the facts guests were told of. */
@Injectable()
export class GuestMessagesRepository {
  constructor(private readonly uow: UnitOfWork) {}

  templatesOf(tenantId: string): Promise<MessageTemplateOverride[]> {
    return this.uow.read((manager) => manager.find(MessageTemplateOverride, { where: { tenantId } }));
  }

  template(tenantId: string, kind: GuestMessageKind, language: Language): Promise<MessageTemplateOverride | null> {
    return this.uow.read((manager) => manager.findOneBy(MessageTemplateOverride, { tenantId, kind, language }));
  }

  async saveTemplate(template: MessageTemplateOverride): Promise<void> {
    await this.uow.manager.upsert(MessageTemplateOverride, template, ['tenantId', 'kind', 'language']);
  }

  async deleteTemplate(tenantId: string, kind: GuestMessageKind, language: Language): Promise<void> {
    await this.uow.manager.delete(MessageTemplateOverride, { tenantId, kind, language });
  }

  settingsOf(tenantId: string): Promise<MessageSettings | null> {
    return this.uow.read((manager) => manager.findOneBy(MessageSettings, { tenantId }));
  }

  async saveSettings(settings: MessageSettings): Promise<void> {
    await this.uow.manager.upsert(MessageSettings, settings, ['tenantId']);
  }

  async wasSent(tenantId: string, eventId: string): Promise<boolean> {
    return (await this.uow.read((manager) => manager.countBy(SentMessage, { tenantId, eventId }))) > 0;
  }

  /** The fact's message, once: a second record of it fails on the key (isUniqueViolation). */
  async insertSent(message: SentMessage): Promise<void> {
    await this.uow.manager.insert(SentMessage, message);
  }
}
