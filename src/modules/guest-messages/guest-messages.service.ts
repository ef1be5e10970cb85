import { Inject, Injectable } from '@nestjs/common';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import { clockMinutes } from '../../common/config/resolve-options.js';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { LANGUAGES, type Language } from '../../common/languages.js';
import type { RequestActor } from '../../common/security/request-actor.js';
import type { OutgoingEvent, OutgoingEventData } from '../../contract/events-out.js';
import { GUEST_MESSAGE_KINDS, PURPOSE_OF, type GuestMessage, type GuestMessageKind } from '../../common/guest-messages.js';
import { AccountTypesService } from '../accounts/account-types.service.js';
import { ContactsService } from '../customers/contacts.service.js';
import { CustomersService } from '../customers/customers.service.js';
import type { Customer } from '../customers/entities/customer.entity.js';
import { DEFAULT_TEMPLATES, PLACEHOLDERS, type MessageTemplate } from './default-templates.js';
import type { MessageSettingsDto, MessageTemplateDto, PreviewDto, PreviewInputDto, TemplateInputDto, UpdateMessageSettingsDto } from './dto/guest-message.dto.js';
import type { MessageTemplateOverride } from './entities/message-template.entity.js';
import { GuestMessagesRepository } from './guest-messages.repository.js';
import { render, unknownPlaceholders, valuesOf, type RenderedMessage } from './message-rendering.js';
import { clockText, type QuietWindow } from './quiet-hours.js';

/** How a guest with no name of their own is greeted. */
const GUEST: Record<Language, string> = { en: 'guest', ru: 'гость', vi: 'quý khách', sv: 'gäst' };

/** The facts a preview without a chosen guest tells of: a regular's ordinary evening. */
const SAMPLE_FACTS: { [K in GuestMessageKind]: OutgoingEventData<K> } = {
  'points.expiring': { accountId: 'a_sample', accountTypeCode: 'points', holder: { type: 'customer', id: 'c_sample' }, lotId: 'l_sample', amount: 500, expiresAt: '2027-01-31T12:00:00.000Z' },
  'account.credited': {
    entryId: 'le_sample',
    accountId: 'a_sample',
    accountTypeCode: 'points',
    holder: { type: 'customer', id: 'c_sample' },
    customerId: 'c_sample',
    amount: 240,
    balanceAfter: 1740,
    reason: { kind: 'accrual', tabId: 'tab-sample', visitId: null, description: null },
  },
  'tier.changed': { customerId: 'c_sample', moveId: 'tm_sample', from: { code: 'SILVER', name: 'Silver' }, to: { code: 'GOLD', name: 'Gold' }, reason: 'threshold_reached' },
  'reward.reachable': { customerId: 'c_sample', rewardId: 'rw_sample', rewardCode: 'DESSERT', rewardName: 'Dessert of the day', accountId: 'a_sample', accountTypeCode: 'points', price: 1500, balance: 1740 },
  'birthday.given': { customerId: 'c_sample', year: 2027, credit: { accountId: 'a_sample', accountTypeCode: 'points', amount: 500 }, category: null },
};

const SAMPLE_NAME: Record<Language, string> = { en: 'Anna', ru: 'Анна', vi: 'Lan', sv: 'Anna' };

/**
 * The words of the messages guests get: the plugin's templates in every language, a
 * tenant's own in their place, the tenant's quiet hours, and a message written for a
 * guest from a fact.
 */
@Injectable()
export class GuestMessagesService {
  constructor(
    private readonly repository: GuestMessagesRepository,
    private readonly customers: CustomersService,
    private readonly contacts: ContactsService,
    private readonly accountTypes: AccountTypesService,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  async templates(tenantId: string): Promise<MessageTemplateDto[]> {
    const own = new Map((await this.repository.templatesOf(tenantId)).map((template) => [`${template.kind} ${template.language}`, template]));
    return GUEST_MESSAGE_KINDS.flatMap((kind) => LANGUAGES.map((language) => present(kind, language, own.get(`${kind} ${language}`) ?? null)));
  }

  async template(tenantId: string, kind: GuestMessageKind, language: Language): Promise<MessageTemplateDto> {
    return present(kind, language, await this.repository.template(tenantId, kind, language));
  }

  async saveTemplate(actor: RequestActor, kind: GuestMessageKind, language: Language, input: TemplateInputDto): Promise<MessageTemplateDto> {
    checkPlaceholders(kind, input);
    const template: MessageTemplateOverride = { tenantId: actor.tenantId, kind, language, subject: input.subject, body: input.body, updatedAt: this.config.clock.now(), updatedBy: actor.id };
    await this.repository.saveTemplate(template);
    return present(kind, language, template);
  }

  /** Back to the plugin's words; resetting a template that was never changed is no error. */
  async resetTemplate(actor: RequestActor, kind: GuestMessageKind, language: Language): Promise<MessageTemplateDto> {
    await this.repository.deleteTemplate(actor.tenantId, kind, language);
    return present(kind, language, null);
  }

  async settings(tenantId: string): Promise<MessageSettingsDto> {
    const window = await this.quietHours(tenantId);
    return {
      channel: this.config.messages?.channel ?? null,
      defaultLanguage: this.config.messages?.defaultLanguage ?? 'en',
      timeZone: this.config.timeZone,
      quietHours: window && { from: clockText(window.from), until: clockText(window.until) },
    };
  }

  async saveSettings(actor: RequestActor, input: UpdateMessageSettingsDto): Promise<MessageSettingsDto> {
    const window = input.quietHours;
    if (window && window.from === window.until) throw RegularsError.invalid(['quietHours.until: must be another time than quietHours.from (null for no quiet hours)']);
    await this.repository.saveSettings({ tenantId: actor.tenantId, quietFrom: window?.from ?? null, quietUntil: window?.until ?? null, updatedAt: this.config.clock.now(), updatedBy: actor.id });
    return this.settings(actor.tenantId);
  }

  /** The tenant's quiet hours, or the option's when it set none of its own (whose own default is resolved with the options); null for none. */
  async quietHours(tenantId: string): Promise<QuietWindow | null> {
    const own = await this.repository.settingsOf(tenantId);
    if (!own) return this.config.messages?.quietHours ?? null;
    const from = clockMinutes(own.quietFrom);
    const until = clockMinutes(own.quietUntil);
    return from === null || until === null ? null : { from, until };
  }

  /** A template rendered as a guest would get it: the one given (unsaved words) or the tenant's, for a chosen guest or a sample one. */
  async preview(tenantId: string, input: PreviewInputDto): Promise<PreviewDto> {
    const customer = input.customerId ? await this.customers.find(tenantId, input.customerId) : null;
    const language = input.language ?? customer?.language ?? this.config.messages?.defaultLanguage ?? 'en';
    const template = input.subject !== undefined && input.body !== undefined ? { subject: input.subject, body: input.body } : await this.wordsOf(tenantId, input.kind, language);
    checkPlaceholders(input.kind, template);
    const event: OutgoingEvent = { id: 'ev_preview', type: input.kind, version: 1, tenantId, occurredAt: this.config.clock.now().toISOString(), customerId: customer?.id ?? null, data: SAMPLE_FACTS[input.kind] };
    const rendered = render(template, valuesOf(event, { language, name: customer ? nameOf(customer, language) : SAMPLE_NAME[language], unit: 'points', timeZone: this.config.timeZone }));
    return { kind: input.kind, language, ...rendered };
  }

  /** The message a fact makes for its guest, in the guest's language, or why there is none. */
  async compose(event: OutgoingEvent & { type: GuestMessageKind; customerId: string }): Promise<GuestMessage | { skipped: string }> {
    const customer = await this.customers.peek(event.tenantId, event.customerId);
    if (!customer || customer.status !== 'active') return { skipped: 'the guest is no longer a member' };
    const purpose = PURPOSE_OF[event.type];
    if (purpose === 'marketing' && !customer.marketingConsent) return { skipped: 'the guest has not consented to marketing messages' };
    const contacts = (await this.contacts.forCustomers(event.tenantId, [customer.id])).get(customer.id) ?? [];
    const first = (types: string[]) => (contacts.find((contact) => types.includes(contact.type) && contact.primarySlot === 'primary') ?? contacts.find((contact) => types.includes(contact.type)))?.value ?? null;
    const to = { email: first(['email']), phone: first(['mobile']) };
    if (this.config.messages?.channel === 'smtp' ? !to.email : !to.email && !to.phone) return { skipped: this.config.messages?.channel === 'smtp' ? 'the guest has no e-mail address' : 'the guest has no e-mail address or mobile phone' };
    const language = customer.language ?? this.config.messages?.defaultLanguage ?? 'en';
    const rendered: RenderedMessage = render(
      await this.wordsOf(event.tenantId, event.type, language),
      valuesOf(event, { language, name: nameOf(customer, language), unit: await this.unitOf(event), timeZone: this.config.timeZone }),
    );
    return { id: event.id, eventId: event.id, kind: event.type, purpose, tenantId: event.tenantId, customerId: customer.id, language, to, ...rendered };
  }

  private async wordsOf(tenantId: string, kind: GuestMessageKind, language: Language): Promise<MessageTemplate> {
    return (await this.repository.template(tenantId, kind, language)) ?? DEFAULT_TEMPLATES[kind][language];
  }

  /** The unit of the account a fact is about; a type deleted since reads as points. */
  private async unitOf(event: OutgoingEvent): Promise<string | null> {
    const data = event.data as { accountTypeCode?: string; credit?: { accountTypeCode: string } | null };
    const code = data.accountTypeCode ?? data.credit?.accountTypeCode;
    if (!code) return null;
    return (await this.accountTypes.byCode(event.tenantId, code).catch(() => null))?.unit ?? 'points';
  }
}

function present(kind: GuestMessageKind, language: Language, own: MessageTemplateOverride | null): MessageTemplateDto {
  const words = own ?? DEFAULT_TEMPLATES[kind][language];
  return {
    kind,
    language,
    purpose: PURPOSE_OF[kind],
    subject: words.subject,
    body: words.body,
    custom: own !== null,
    placeholders: [...PLACEHOLDERS[kind]],
    updatedAt: own?.updatedAt.toISOString() ?? null,
    updatedBy: own?.updatedBy ?? null,
  };
}

function checkPlaceholders(kind: GuestMessageKind, template: MessageTemplate): void {
  const problems = (['subject', 'body'] as const).flatMap((field) =>
    unknownPlaceholders(kind, template[field]).map((name) => `${field}: {{${name}}} is not a placeholder of ${kind}; it has ${PLACEHOLDERS[kind].map((known) => `{{${known}}}`).join(', ')}`),
  );
  if (problems.length > 0) throw RegularsError.invalid(problems);
}

function nameOf(customer: Customer, language: Language): string {
  return (customer.kind === 'organisation' ? customer.organisationName : customer.firstName) ?? GUEST[language];
}
