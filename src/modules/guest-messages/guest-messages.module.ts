import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { CustomersModule } from '../customers/customers.module.js';
import { OutboxModule } from '../outbox/outbox.module.js';
import { GuestMessageRelay } from './guest-message-relay.js';
import { GuestMessagesController } from './guest-messages.controller.js';
import { GuestMessagesRepository } from './guest-messages.repository.js';
import { GuestMessagesService } from './guest-messages.service.js';
import { SmtpMailer } from './smtp-mailer.js';

/** Messages to guests: templates, quiet hours, and the sending the webhook relay hands them (GuestMessageRelay). */
@Module({
  imports: [CustomersModule, AccountsModule, OutboxModule],
  controllers: [GuestMessagesController],
  providers: [GuestMessagesRepository, GuestMessagesService, GuestMessageRelay, SmtpMailer],
  exports: [GuestMessageRelay],
})
export class GuestMessagesModule {}
