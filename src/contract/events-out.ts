import { LANGUAGES } from '../common/languages.js';
import { IDENTIFIER_TYPES } from './contract-values.js';
import { GUEST_MESSAGE_KINDS, GUEST_MESSAGE_PURPOSES } from '../common/guest-messages.js';

/**
 * The events the plugin sends out (CONTRACT.md, "Events out"): every fact a host, a CRM or
 * a marketing tool reacts to, written to the outbox in the transaction of the change itself.
 * Each type's payload is described once, below, as a JSON Schema; its TypeScript type is
 * read off that schema, so the two cannot disagree. Names and fields are binding once
 * published: a field may be added within a version, never renamed or dropped.
 */

declare const PAYLOAD: unique symbol;

/** A JSON Schema (draft-07) that knows the TypeScript type of what it describes. */
export interface JsonSchema<T = unknown> {
  readonly [PAYLOAD]?: T;
  readonly [keyword: string]: unknown;
}

/** The TypeScript type a schema describes. */
export type Described<S> = S extends JsonSchema<infer T> ? T : never;

const schema = <T>(body: Record<string, unknown>): JsonSchema<T> => body as JsonSchema<T>;

const text = (description: string): JsonSchema<string> => schema({ type: 'string', description });
const time = (description: string): JsonSchema<string> => schema({ type: 'string', format: 'date-time', description });
const date = (description: string): JsonSchema<string> => schema({ type: 'string', format: 'date', description });
const flag = (description: string): JsonSchema<boolean> => schema({ type: 'boolean', description });
/** Money is integer minor units, points whole points (CONTRACT.md section 2). */
const whole = (description: string, minimum?: number): JsonSchema<number> => schema({ type: 'integer', description, ...(minimum === undefined ? {} : { minimum }) });
const word = <const W extends string>(values: readonly W[], description: string): JsonSchema<W> => schema({ type: 'string', enum: [...values], description });
const list = <T>(items: JsonSchema<T>, description: string): JsonSchema<T[]> => schema({ type: 'array', items, description });
const amounts = (description: string): JsonSchema<Record<string, number>> => schema({ type: 'object', additionalProperties: { type: 'integer' }, description });

function nullable<T>(inner: JsonSchema<T>): JsonSchema<T | null> {
  const { type, enum: values, ...rest } = inner as Record<string, unknown>;
  return schema({ ...rest, type: [type, 'null'], ...(Array.isArray(values) ? { enum: [...values, null] } : {}) });
}

/** An object whose every property is present (a value that may be missing is null). */
function record<P extends Record<string, JsonSchema>>(description: string, properties: P): JsonSchema<{ [K in keyof P]: Described<P[K]> }> {
  return schema({ type: 'object', description, required: Object.keys(properties), properties });
}

const ERASED = ' Null once the guest is erased.';

const holder = record('Whose account it is: the guest’s own, the family or team membership the guest belongs to, or a gift card’s.', {
  type: word(['customer', 'membership', 'gift_card'], 'customer, membership or gift_card.'),
  id: text('The customer, membership or gift card id.'),
});

const profile = record('The guest’s record as the back office shows it.', {
  kind: word(['individual', 'organisation'], 'A person, or an organisation whose people are guests too.'),
  firstName: nullable(text(`A person’s first name.${ERASED}`)),
  middleName: nullable(text(`A person’s middle name.${ERASED}`)),
  lastName: nullable(text(`A person’s last name.${ERASED}`)),
  organisationName: nullable(text(`An organisation’s name.${ERASED}`)),
  birthDate: nullable(date(`YYYY-MM-DD.${ERASED}`)),
  gender: nullable(word(['female', 'male', 'other'], `As the guest gave it.${ERASED}`)),
  contacts: list(
    record('A phone, e-mail or messenger.', {
      type: text('mobile, work_phone, home_phone, fax, email, messenger or social.'),
      value: text('E.164 for phones, lower case for e-mail.'),
      primary: flag('The one the guest is reached at first among contacts of its type.'),
    }),
    'Empty once the guest is erased.',
  ),
  marketingConsent: flag('Whether the guest agreed to marketing messages.'),
});

const tier = nullable(
  record('A tier of the programme.', {
    code: text('The tier’s code, as the back office gives it.'),
    name: text('The tier’s name.'),
  }),
);

const identifierType = word(IDENTIFIER_TYPES, 'The kind of card, key or app (CONTRACT.md section 4).');

/** A NestJS host hears each event on its EventEmitter2 as `regulars.<type>` (e.g. `regulars.tier.changed`), after commit. */
export const IN_PROCESS_EVENT_PREFIX = 'regulars.';

/** Why an account was credited or debited. */
export const ACCOUNT_MOVE_REASONS = ['accrual', 'deposit', 'redemption', 'manual', 'transfer', 'expiry', 'refund_reversal', 'birthday', 'reset'] as const;
export type AccountMoveReason = (typeof ACCOUNT_MOVE_REASONS)[number];

const accountMove = (direction: string) =>
  record(`What was ${direction} the account, and why.`, {
    entryId: text('The ledger entry (GET /accounts/{id}/entries lists it).'),
    accountId: text('The account.'),
    accountTypeCode: text('The account type’s code (points, bonus…).'),
    holder,
    customerId: nullable(text('The guest whose visit, card or request it was, also when the account is a membership’s; null for none (a membership’s reset).')),
    amount: whole(`How much was ${direction} the account, in its units (minor units for money); always above zero.`, 1),
    balanceAfter: whole('The account’s total balance after the entry.'),
    reason: record('Why.', {
      kind: word(
        ACCOUNT_MOVE_REASONS,
        'accrual (points earned at a close), deposit (money paid onto a gift card: its sale or a top-up), redemption (bonus or points spent on a tab), manual (a manager’s entry), transfer (between accounts, a guest joining a membership), expiry (a lot ran out), refund_reversal (a refund took back what a visit earned or spent), birthday (the birthday benefit), reset (a terminated membership or guest).',
      ),
      tabId: nullable(text('The host’s tab, when a tab caused it.')),
      visitId: nullable(text('The visit, when a visit caused it.')),
      description: nullable(text('The manager’s words for a manual entry, a transfer or a reset.')),
    }),
  });

/** A type's payload schema, what happens to send it, and which of its values are personal. */
interface EventDefinition {
  version: number;
  /** When the event is recorded, for CONTRACT.md and the manifest. */
  when: string;
  data: JsonSchema;
  /**
   * Paths (dotted, into `data`) of the personal values erasure blanks: a value becomes null,
   * a list empty. Every one of them is nullable or a list in `data`.
   */
  personal: readonly string[];
}

const PROFILE_VALUES = ['profile.firstName', 'profile.middleName', 'profile.lastName', 'profile.organisationName', 'profile.birthDate', 'profile.gender', 'profile.contacts'];

/** The types, in the order CONTRACT.md lists them. Their names are binding once published. */
export const OUTGOING_EVENT_TYPES = [
  'customer.created',
  'customer.changed',
  'customer.terminated',
  'customer.erased',
  'identifier.bound',
  'identifier.blocked',
  'identifier.reassigned',
  'account.credited',
  'account.debited',
  'points.expiring',
  'tier.changed',
  'visit.recorded',
  'reward.reachable',
  'birthday.given',
  'coupon.issued',
  'referral.rewarded',
  'membership.changed',
  'job_run.failed',
  'message.requested',
  'webhook.test',
] as const;
export type OutgoingEventType = (typeof OUTGOING_EVENT_TYPES)[number];

const CATALOGUE = {
  'customer.created': {
    version: 1,
    when: 'A guest is registered (back office, import or host).',
    data: record('The new guest.', { customerId: text('The guest.'), profile }),
    personal: PROFILE_VALUES,
  },
  'customer.changed': {
    version: 1,
    when: 'A guest’s record or contacts change.',
    data: record('The guest after the change.', {
      customerId: text('The guest.'),
      changed: list(text('A field of the customer API (firstName, contacts, marketingConsent…).'), 'What changed.'),
      profile,
    }),
    personal: PROFILE_VALUES,
  },
  'customer.terminated': {
    version: 1,
    when: 'A guest’s membership of the programme is terminated.',
    data: record('The terminated guest.', {
      customerId: text('The guest.'),
      terminatedAt: time('When.'),
      reason: nullable(text(`The manager’s words.${ERASED}`)),
    }),
    personal: ['reason'],
  },
  'customer.erased': {
    version: 1,
    when: 'A guest’s personal data is erased (their data rights, or the restaurant’s purge).',
    data: record('The erased guest: from now on known by id only.', { customerId: text('The guest.'), erasedAt: time('When.') }),
    personal: [],
  },
  'identifier.bound': {
    version: 1,
    when: 'A card, key or app id is given to a guest.',
    data: record('The identifier and its holder.', {
      identifierId: text('The identifier.'),
      customerId: text('The guest who holds it now.'),
      type: identifierType,
      value: nullable(text(`The card number or key as the till reads it.${ERASED}`)),
    }),
    personal: ['value'],
  },
  'identifier.blocked': {
    version: 1,
    when: 'A manager blocks an identifier or marks it lost: the till refuses it from now on.',
    data: record('The identifier, and why.', {
      identifierId: text('The identifier.'),
      customerId: nullable(text('Its holder, or null for a card not given to anyone.')),
      type: identifierType,
      value: nullable(text(`The card number or key.${ERASED}`)),
      status: word(['blocked', 'lost'], 'blocked by a manager, or reported lost.'),
      reason: nullable(text(`The manager’s words.${ERASED}`)),
    }),
    personal: ['value', 'reason'],
  },
  'identifier.reassigned': {
    version: 1,
    when: 'An identifier moves from one guest to another (bound with reassign: true).',
    data: record('The identifier, its old and its new holder.', {
      identifierId: text('The identifier.'),
      type: identifierType,
      value: nullable(text(`The card number or key.${ERASED}`)),
      fromCustomerId: text('Who held it.'),
      toCustomerId: text('Who holds it now; the envelope’s customerId.'),
    }),
    personal: ['value'],
  },
  'account.credited': {
    version: 1,
    when: 'An account’s total balance goes up: an accrual, a manual credit, a transfer in, a refund giving spent bonus back, a birthday gift.',
    data: accountMove('added to'),
    personal: [],
  },
  'account.debited': {
    version: 1,
    when: 'An account’s total balance goes down: bonus or points spent, a manual debit, a transfer out, expiry, a refund taking back an accrual, a reset.',
    data: accountMove('taken from'),
    personal: [],
  },
  'points.expiring': {
    version: 1,
    when: 'A lot of points will expire within expiryNoticeDays; once per lot.',
    data: record('What will expire, and when.', {
      accountId: text('The account.'),
      accountTypeCode: text('The account type’s code.'),
      holder,
      lotId: text('The lot: the points of one credit, which expire together.'),
      amount: whole('What is left of the lot and will expire.', 1),
      expiresAt: time('When it expires.'),
    }),
    personal: [],
  },
  'tier.changed': {
    version: 1,
    when: 'A guest moves to another tier: at a close, by the tier job, by hand, or out of every tier when terminated.',
    data: record('The move.', {
      customerId: text('The guest.'),
      moveId: text('The move (GET /customers/{id}/tier-moves lists it).'),
      from: { ...tier, description: 'The tier before, or null for none.' } as typeof tier,
      to: { ...tier, description: 'The tier now, or null for none.' } as typeof tier,
      reason: word(['threshold_reached', 'downgrade', 'manual', 'terminated'], 'threshold_reached (the guest reached the tier’s threshold), downgrade (the tier job), manual (a manager), terminated.'),
    }),
    personal: [],
  },
  'visit.recorded': {
    version: 1,
    when: 'A tab with a guest closes and the visit is recorded.',
    data: record('The visit.', {
      visitId: text('The visit.'),
      customerId: text('The guest.'),
      tabId: text('The host’s tab.'),
      locationId: nullable(text('The host’s location of the tab.')),
      closedAt: time('When the tab closed.'),
      currency: text('ISO 4217 currency of the amounts.'),
      gross: whole('The lines before the plugin’s discounts, in minor units.'),
      discount: whole('The plugin’s discounts, in minor units.'),
      net: whole('What the guest paid, in minor units.'),
      earned: amounts('Points and bonus earned, by account type code.'),
      spent: amounts('Points and bonus spent, by account type code.'),
    }),
    personal: [],
  },
  'reward.reachable': {
    version: 1,
    when: 'A balance goes up past a reward’s price: the guest can take the reward now.',
    data: record('The reward and the balance that reaches it.', {
      customerId: text('The guest.'),
      rewardId: text('The reward.'),
      rewardCode: text('The reward’s code.'),
      rewardName: text('The reward’s name.'),
      accountId: text('The account it is paid from.'),
      accountTypeCode: text('The account type’s code.'),
      price: whole('The reward’s price in the account’s units.', 1),
      balance: whole('The account’s available balance now.'),
    }),
    personal: [],
  },
  'birthday.given': {
    version: 1,
    when: 'The birthday job gives a guest the tenant’s birthday benefit; once a year.',
    data: record('What the guest got.', {
      customerId: text('The guest.'),
      year: whole('The year of the birthday.'),
      credit: nullable(
        record('The points or bonus credited, or null for none.', {
          accountId: text('The account.'),
          accountTypeCode: text('The account type’s code.'),
          amount: whole('In the account’s units.', 1),
        }),
      ),
      category: nullable(
        record('The promotion category the guest has for some days, or null for none.', {
          code: text('The category’s code.'),
          until: date('Its last day, YYYY-MM-DD.'),
        }),
      ),
    }),
    personal: [],
  },
  'coupon.issued': {
    version: 1,
    when: 'Closing a tab gives the guest a next-order coupon (a sales rule of kind issue_coupon), or the birthday job a birthday coupon.',
    data: record('The coupon: a code of the guest’s own.', {
      customerId: text('The guest.'),
      code: text('What the guest types or shows at the till.'),
      categoryCode: text('The promotion category it brings to a later tab.'),
      validFrom: time('From when.'),
      validTo: time('Until when.'),
      tabId: nullable(text('The tab whose close gave it; null for a birthday coupon.')),
      ruleId: nullable(text('The sales rule that gave it; null for a birthday coupon.')),
    }),
    personal: [],
  },
  'referral.rewarded': {
    version: 1,
    when: 'A guest brought by another closes their first visit at the referral programme’s minimum: both are credited; once per new guest.',
    data: record('The referral and what each guest got.', {
      referrerId: text('The guest who brought the new one.'),
      refereeId: text('The new guest.'),
      visitId: text('The new guest’s visit that earned it.'),
      credits: list(
        record('A credit of the reward.', {
          customerId: text('Who got it.'),
          accountId: text('The account credited.'),
          accountTypeCode: text('The account type’s code.'),
          amount: whole('In the account’s units.', 1),
        }),
        'The referrer’s credit and the new guest’s; one left out when its amount rounded away or its account is closed.',
      ),
    }),
    personal: [],
  },
  'membership.changed': {
    version: 1,
    when: 'A family’s or team’s membership is created, a guest joins or leaves it, or it is terminated.',
    data: record('The membership and the guest concerned.', {
      membershipId: text('The membership.'),
      change: word(['created', 'joined', 'left', 'terminated'], 'What happened.'),
      customerId: text('The guest who joined or left; the owner for created and terminated.'),
      ownerCustomerId: text('The guest who answers for the membership.'),
      name: nullable(text(`The membership’s name (often the family’s).${ERASED}`)),
      reason: nullable(text(`Why it was terminated.${ERASED}`)),
    }),
    personal: ['name', 'reason'],
  },
  'job_run.failed': {
    version: 1,
    when: 'A scheduled job’s run for the tenant fails.',
    data: record('The run.', {
      runId: text('The run (GET /jobs/{job}/runs lists it).'),
      job: text('tiers, lot-expiry, hold-release or birthdays.'),
      trigger: word(['schedule', 'api', 'cli'], 'What started it.'),
      startedAt: time('When it started.'),
      failedAt: time('When it failed.'),
      error: text('What went wrong.'),
    }),
    personal: [],
  },
  'message.requested': {
    version: 1,
    when: 'A message to a guest is due and the host sends it (messages.channel webhook); once per fact told.',
    data: record('The rendered message and where it goes.', {
      messageId: text('The message: the id of the event it tells of, the same however often it is handled.'),
      kind: word(GUEST_MESSAGE_KINDS, 'The event type the message tells of.'),
      purpose: word(GUEST_MESSAGE_PURPOSES, 'transactional (the guest’s own points and money) or marketing (sent only with the guest’s consent).'),
      customerId: text('The guest.'),
      language: word(LANGUAGES, 'The language it is written in.'),
      to: record('The guest’s contacts.', {
        email: nullable(text(`The primary e-mail, or null for none.${ERASED}`)),
        phone: nullable(text(`The primary mobile phone (E.164), or null for none.${ERASED}`)),
      }),
      subject: nullable(text(`The subject line.${ERASED}`)),
      text: nullable(text(`The message, plain text.${ERASED}`)),
    }),
    personal: ['to.email', 'to.phone', 'subject', 'text'],
  },
  'webhook.test': {
    version: 1,
    when: 'A manager sends a test (POST /webhooks/{id}/test); it goes to that subscription only, active or not.',
    data: record('Who asked for the test.', {
      subscriptionId: text('The subscription tested.'),
      sentBy: text('The staff member who sent it.'),
    }),
    personal: [],
  },
} satisfies { [T in OutgoingEventType]: EventDefinition };

/** The payload (`data`) of an event type. */
export type OutgoingEventData<T extends OutgoingEventType> = Described<(typeof CATALOGUE)[T]['data']>;

/** An event as a receiver gets it: the envelope of every type, with its payload. */
export interface OutgoingEvent<T extends OutgoingEventType = OutgoingEventType> {
  /** `ev_…`, unique: a receiver deduplicates by it (delivery is at least once). */
  id: string;
  type: T;
  /** The version of the type's payload. */
  version: number;
  tenantId: string;
  /** ISO 8601, when the change happened (and was committed with it). */
  occurredAt: string;
  /** The guest the event is about, its ordering key: a subscriber gets one guest's events in order. */
  customerId: string | null;
  data: OutgoingEventData<T>;
}

/** The version each type is sent with. */
export const OUTGOING_EVENT_VERSIONS = Object.fromEntries(OUTGOING_EVENT_TYPES.map((type) => [type, CATALOGUE[type].version])) as Record<OutgoingEventType, number>;

/** What each type means, in a sentence (the manifest and CONTRACT.md say the same). */
export const OUTGOING_EVENT_WHEN = Object.fromEntries(OUTGOING_EVENT_TYPES.map((type) => [type, CATALOGUE[type].when])) as Record<OutgoingEventType, string>;

/** The JSON Schema of a type's whole event, envelope and payload, for receivers to validate against. */
function envelopeSchema(type: OutgoingEventType): JsonSchema<OutgoingEvent> {
  const { version, when, data } = CATALOGUE[type];
  return schema({
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: `Regulars event ${type}, version ${version}`,
    description: when,
    type: 'object',
    required: ['id', 'type', 'version', 'tenantId', 'occurredAt', 'customerId', 'data'],
    properties: {
      id: { type: 'string', pattern: '^ev_[0-9A-Z]{26}$', description: 'Unique: deduplicate by it.' },
      type: { const: type },
      version: { const: version },
      tenantId: { type: 'string' },
      occurredAt: { type: 'string', format: 'date-time' },
      customerId: { type: ['string', 'null'], description: 'The guest the event is about: the ordering key.' },
      data,
    },
  });
}

export const OUTGOING_EVENT_SCHEMAS = Object.fromEntries(OUTGOING_EVENT_TYPES.map((type) => [type, envelopeSchema(type)])) as Record<OutgoingEventType, JsonSchema<OutgoingEvent>>;

/**
 * The payload with its personal values blanked (a value null, a list empty), as erasure
 * leaves it. Paths a payload lacks are left alone.
 */
export function withoutPersonalValues<T extends OutgoingEventType>(type: T, data: OutgoingEventData<T>): OutgoingEventData<T> {
  const copy = structuredClone(data) as Record<string, unknown>;
  for (const path of CATALOGUE[type].personal as readonly string[]) {
    const keys = path.split('.');
    const last = keys.pop()!;
    let holder: unknown = copy;
    for (const key of keys) holder = holder && typeof holder === 'object' ? (holder as Record<string, unknown>)[key] : undefined;
    if (holder && typeof holder === 'object' && last in holder) {
      const values = holder as Record<string, unknown>;
      values[last] = Array.isArray(values[last]) ? [] : null;
    }
  }
  return copy as OutgoingEventData<T>;
}

/** Whether a type carries personal values at all: only those are rewritten by erasure. */
export const carriesPersonalValues = (type: OutgoingEventType): boolean => CATALOGUE[type].personal.length > 0;
