import { t } from '../../i18n/index.js';
import { EVERY_TYPE, type EventType, type SubscribedType } from './types.js';

export const eventTypeText = (type: EventType) => t(`webhooks.event.${type}`);

/** What a subscription asks for, in the reader's words (the API keeps `*` alone). */
export const subscribedText = (types: SubscribedType[]) => types.map((type) => (type === EVERY_TYPE ? t('webhooks.types.all') : eventTypeText(type))).join(', ');

const TARGET_LABELS = {
  'broker:rabbitmq': 'webhooks.target.rabbitmq',
  'broker:nats': 'webhooks.target.nats',
  'messages:guest': 'webhooks.target.messages',
} as const;

/** A delivery target beside the subscriptions, by its id: the host's broker, or the messages to guests. */
export const targetText = (id: string) => (id in TARGET_LABELS ? t(TARGET_LABELS[id as keyof typeof TARGET_LABELS]) : id);
