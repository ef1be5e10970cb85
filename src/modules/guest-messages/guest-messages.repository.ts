import { Injectable } from '@nestjs/common';
import { bindable, placeholders } from '../../common/database/bulk-writes.js';
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

  /** Up to `limit` event ids of the tenant's facts told before `before`, in id order after `after`. */
  async sentBefore(tenantId: string, before: Date, after: string, limit: number): Promise<string[]> {
    const manager = this.uow.manager;
    const rows: { eventId: string }[] = await manager.query(
      'SELECT event_id AS eventId FROM rc_sent_messages WHERE tenant_id = ? AND sent_at < ? AND event_id > ? ORDER BY event_id LIMIT ?',
      [tenantId, bindable(manager, SentMessage, 'sentAt', before), after, limit],
    );
    return rows.map((row) => row.eventId);
  }

  async deleteSent(tenantId: string, eventIds: string[]): Promise<void> {
    if (eventIds.length > 0) await this.uow.manager.query(`DELETE FROM rc_sent_messages WHERE tenant_id = ? AND event_id IN (${placeholders(eventIds)})`, [tenantId, ...eventIds]);
  }
}
