import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { OfflineController } from './offline.controller.js';
import { OfflinePackKeys } from './offline-pack-keys.service.js';
import { OfflineSpends } from './offline-spends.service.js';
import { OfflineRepository } from './offline.repository.js';

/** Tills serving regulars offline: the keys that sign their packs, and what they spent offline. */
@Module({ imports: [AccountsModule], controllers: [OfflineController], providers: [OfflinePackKeys, OfflineSpends, OfflineRepository], exports: [OfflinePackKeys, OfflineSpends] })
export class OfflineModule {}
