import { Module } from '@nestjs/common';
import { BrokerPublisher } from './broker-publisher.js';

/** The host's message brokers as delivery targets of the outbox (the webhook relay sends to them). */
@Module({
  providers: [BrokerPublisher],
  exports: [BrokerPublisher],
})
export class BrokersModule {}
