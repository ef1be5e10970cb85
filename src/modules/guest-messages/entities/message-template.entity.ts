import { Column, Entity, PrimaryColumn } from 'typeorm';
import { KeyColumn, TenantIdColumn, TimeColumn } from '../../../common/database/columns.js';
import type { Language } from '../../../common/languages.js';
import type { GuestMessageKind } from '../../../common/guest-messages.js';

/** A tenant's own words for one kind of message in one language, in place of the plugin's. */
@Entity('rc_message_templates')
export class MessageTemplateOverride {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'kind', type: 'varchar', length: 64 })
  kind: GuestMessageKind;

  @PrimaryColumn({ name: 'language', type: 'varchar', length: 8 })
  language: Language;

  @KeyColumn('subject', { length: 200 })
  subject: string;

  @Column({ name: 'body', type: 'text' })
  body: string;

  @TimeColumn('updated_at')
  updatedAt: Date;

  @KeyColumn('updated_by')
  updatedBy: string;
}
