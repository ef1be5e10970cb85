import { Module } from '@nestjs/common';
import { OfflinePackKeysRepository } from './offline-pack-keys.repository.js';
import { OfflinePackKeys } from './offline-pack-keys.service.js';

/** The keys that sign offline packs and salt their identifiers. */
@Module({ providers: [OfflinePackKeys, OfflinePackKeysRepository], exports: [OfflinePackKeys] })
export class OfflinePacksModule {}
