import { Entity, Index, PrimaryColumn } from 'typeorm';
import { JsonColumn, KeyColumn, TenantIdColumn, TimeColumn } from '../database/columns.js';
import type { RequestActor } from './request-actor.js';

/** A signed-in embedded page: who it acts for, until when. Shared by every instance. */
@Entity('rc_ui_sessions')
@Index('rc_ui_sessions_token', ['tenantId', 'tokenNonce'], { unique: true })
@Index('rc_ui_sessions_expiry', ['tenantId', 'expiresAt'])
export class UiSession {
  @TenantIdColumn()
  tenantId: string;

  /** SHA-256 of the cookie's secret part: a leaked table does not sign anyone in. */
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 64 })
  id: string;

  /** The sign-in token's nonce; unique per tenant, so a token signs in once. */
  @KeyColumn('token_nonce', { length: 64 })
  tokenNonce: string;

  @JsonColumn('actor')
  actor: Omit<RequestActor, 'tenantId'>;

  @KeyColumn('locale', { length: 35, nullable: true })
  locale: string | null;

  /** Sent back by the page in a header on every API call; a cross-site page cannot read it. */
  @KeyColumn('csrf_token', { length: 64 })
  csrfToken: string;

  @TimeColumn('created_at')
  createdAt: Date;

  @TimeColumn('expires_at')
  expiresAt: Date;
}
