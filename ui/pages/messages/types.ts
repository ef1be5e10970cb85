import { valuesOf, type Schema } from '../../schema.js';

/** The API's message templates, settings and previews, as the page reads them. */
export type MessageTemplate = Schema<'MessageTemplateDto'>;
export type MessageSettings = Schema<'MessageSettingsDto'>;
export type Preview = Schema<'PreviewDto'>;
export type MessageKind = MessageTemplate['kind'];
export type MessageLanguage = MessageTemplate['language'];

export const MESSAGE_KINDS = valuesOf<MessageKind>({ 'points.expiring': true, 'account.credited': true, 'tier.changed': true, 'reward.reachable': true, 'birthday.given': true });
export const MESSAGE_LANGUAGES = valuesOf<MessageLanguage>({ en: true, ru: true, vi: true, sv: true });
