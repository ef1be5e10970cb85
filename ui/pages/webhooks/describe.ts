import { t } from '../../i18n/index.js';
import { EVERY_TYPE, type EventType, type SubscribedType } from './types.js';

export const eventTypeText = (type: EventType) => t(`webhooks.event.${type}`);

/** What a subscription asks for, in the reader's words (the API keeps `*` alone). */
export const subscribedText = (types: SubscribedType[]) => types.map((type) => (type === EVERY_TYPE ? t('webhooks.types.all') : eventTypeText(type))).join(', ');
