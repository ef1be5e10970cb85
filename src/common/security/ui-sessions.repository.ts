import { Injectable } from '@nestjs/common';
import { LessThan } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work.js';
import { UiSession } from './ui-session.entity.js';

/** The embedded pages' sessions. */
@Injectable()
export class UiSessionsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  session(tenantId: string, id: string): Promise<UiSession | null> {
    return this.uow.read((manager) => manager.findOneBy(UiSession, { tenantId, id }));
  }

  /**
   * Refused with a unique violation when the sign-in token's nonce opened a session already.
   * Each write of a session is a statement of its own: signing in checks the token with the
   * host's secrets first, which must not run inside a transaction (on SQLite, under the writer lock).
   */
  async insertSession(session: UiSession): Promise<void> {
    await this.uow.statement((manager) => manager.insert(UiSession, session));
  }

  async deleteSession(tenantId: string, id: string): Promise<void> {
    await this.uow.statement((manager) => manager.delete(UiSession, { tenantId, id }));
  }

  async deleteExpiredSessions(tenantId: string, now: Date): Promise<void> {
    await this.uow.statement((manager) => manager.delete(UiSession, { tenantId, expiresAt: LessThan(now) }));
  }
}
