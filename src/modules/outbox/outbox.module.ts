import { Module } from '@nestjs/common';
import { OutboxRepository } from './outbox.repository.js';
import { Outbox } from './outbox.service.js';

/** The transactional outbox: modules and flows record the facts that leave the plugin here. */
@Module({ providers: [OutboxRepository, Outbox], exports: [Outbox] })
export class OutboxModule {}
