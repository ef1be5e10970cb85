import { HttpStatus } from '@nestjs/common';

/**
 * Every `code` a refusal of the plugin can answer, with its HTTP status and what it means to
 * the restaurant and to the host's engineer. Services throw by code and the status follows
 * from here, so one code always answers one status; CONTRACT.md lists the same table
 * (test/architecture/error-codes.spec.ts keeps the two in step).
 *
 * `refused` alone has no status of its own: it passes on a refusal of the host's or the
 * framework's with the status it was thrown with.
 */
export const ERROR_CODES = {
  ambiguous: { status: HttpStatus.AMBIGUOUS, meaning: 'Several guests match the phone or search at the till; `candidates` lists them, pick one and identify again by `customerId`.' },

  bad_cursor: { status: HttpStatus.BAD_REQUEST, meaning: 'A list was asked for with a `cursor` this API never gave out; start the list again without one.' },
  invalid_input: { status: HttpStatus.BAD_REQUEST, meaning: 'A field is missing or wrong; `message` lists each `field: what is wrong`, nothing was written. Fix the request.' },
  invalid_json: { status: HttpStatus.BAD_REQUEST, meaning: 'The body is not JSON; the host must send `application/json`.' },

  unauthorized: { status: HttpStatus.UNAUTHORIZED, meaning: 'The signature, actor header or page session is missing, wrong or expired; check the tenant secret and clocks, or open the page from the back office again.' },

  forbidden: { status: HttpStatus.FORBIDDEN, meaning: 'The staff member lacks the permission the call needs; give their role that permission in the host.' },

  identifier_not_bound: { status: HttpStatus.NOT_FOUND, meaning: 'The card was issued but never given to a guest; bind it to the guest in the back office.' },
  no_match: { status: HttpStatus.NOT_FOUND, meaning: 'No guest matches what was typed at the till; check the spelling or create the guest.' },
  not_found: { status: HttpStatus.NOT_FOUND, meaning: 'The customer, account, tier or other record named in the path does not exist for this restaurant (another restaurant’s id answers the same).' },
  unknown_identifier: { status: HttpStatus.NOT_FOUND, meaning: 'No guest has this card or phone; check the number, or register the card or guest.' },
  unknown_job: { status: HttpStatus.NOT_FOUND, meaning: 'There is no background job of that name; the message lists the jobs there are.' },

  method_not_allowed: { status: HttpStatus.METHOD_NOT_ALLOWED, meaning: 'The path exists but not for this HTTP method; check the method against the API document.' },

  account_closed: { status: HttpStatus.CONFLICT, meaning: 'The account was closed and takes nothing more; use another account of the guest.' },
  account_frozen: { status: HttpStatus.CONFLICT, meaning: 'A manager froze the account: it still earns but gives nothing out; unfreeze it before the guest spends from it.' },
  account_not_empty: { status: HttpStatus.CONFLICT, meaning: 'Only an account with nothing on it and nothing held can be closed; spend, reset or release what is on it first.' },
  account_type_exists: { status: HttpStatus.CONFLICT, meaning: 'An account type with this code exists already; choose another code.' },
  account_type_inactive: { status: HttpStatus.CONFLICT, meaning: 'The account type is no longer offered, so no new account of it opens; reactivate the type or use another.' },
  already_member: { status: HttpStatus.CONFLICT, meaning: 'The guest already belongs to a membership; take them out of it before they join another.' },
  balance_owed: { status: HttpStatus.CONFLICT, meaning: 'The guest owes on a credit account and cannot join a membership; settle the debt first.' },
  batch_exhausted: { status: HttpStatus.CONFLICT, meaning: 'The card batch has fewer numbers left than asked for (`remaining`); issue fewer cards or start a new batch.' },
  batch_exists: { status: HttpStatus.CONFLICT, meaning: 'A card batch of this name exists already; choose another name.' },
  already_referred: { status: HttpStatus.CONFLICT, meaning: 'Another guest brought this guest already; a guest is referred once.' },
  bonus_payment_cap: { status: HttpStatus.CONFLICT, meaning: 'A sales rule caps what bonus may pay of this tab (a share of the bill, some products not at all); `left` is what bonus may still pay. Hold less and take the rest in money.' },
  capture_exceeds_hold: { status: HttpStatus.CONFLICT, meaning: 'A close pays more bonus from a hold than the hold took; the host must pay at most the held amount.' },
  category_exists: { status: HttpStatus.CONFLICT, meaning: 'A promotion category with this code exists already; choose another code.' },
  code_batch_exists: { status: HttpStatus.CONFLICT, meaning: 'A batch of promo codes of this name exists already; choose another name.' },
  code_exists: { status: HttpStatus.CONFLICT, meaning: 'The promo code exists already (codes are compared in upper case without spaces or dashes); choose another.' },
  contact_exists: { status: HttpStatus.CONFLICT, meaning: 'The guest already has this phone or e-mail; nothing to add.' },
  daily_limit: { status: HttpStatus.CONFLICT, meaning: 'The guest reached a limit for today: a sales rule’s daily operations (`limit`), or the bonus they may spend a day (`left`); serve them without it, or hold less.' },
  gift_card_exists: { status: HttpStatus.CONFLICT, meaning: 'A gift card with this code was sold already; take another card.' },
  gift_card_topped_up: { status: HttpStatus.CONFLICT, meaning: 'The card was topped up since its sale: refund the top-ups first, then the sale that voids the card.' },
  gift_card_used: { status: HttpStatus.CONFLICT, meaning: 'The gift card has paid for something (or is held for a tab), so its sale can no longer be refunded; what is on it stays spendable.' },
  gift_card_void: { status: HttpStatus.CONFLICT, meaning: 'The gift card’s sale was refunded and the card voided; it pays for nothing and takes no top-up.' },
  hold_captured: { status: HttpStatus.CONFLICT, meaning: 'The bonus hold was already taken by a closed tab; it can no longer be released or taken again.' },
  hold_released: { status: HttpStatus.CONFLICT, meaning: 'The bonus hold was released (cancelled, detached or expired); hold the bonus again before paying with it.' },
  identifier_exists: { status: HttpStatus.CONFLICT, meaning: 'The card or phone is active already (`holders` names whose); block it or take it off that guest first.' },
  identifier_has_holder: { status: HttpStatus.CONFLICT, meaning: 'The card belongs to another guest; bind it with `reassign: true` to move it to this one.' },
  insufficient_balance: { status: HttpStatus.CONFLICT, meaning: 'The account has less available than asked for; hold or spend less.' },
  job_ran: { status: HttpStatus.CONFLICT, meaning: 'The scheduled job already ran for this tick; nothing to do.' },
  job_running: { status: HttpStatus.CONFLICT, meaning: 'The job is running right now (here or in another instance); wait for it to finish.' },
  membership_ended: { status: HttpStatus.CONFLICT, meaning: 'The family or team membership was terminated; it takes no members or changes any more.' },
  open_holds: { status: HttpStatus.CONFLICT, meaning: 'The guest has bonus held on an open tab; close or cancel the tab before they join a membership.' },
  owner_cannot_leave: { status: HttpStatus.CONFLICT, meaning: 'The owner answers for the membership and cannot leave it; terminate the membership instead.' },
  possible_duplicate: { status: HttpStatus.CONFLICT, meaning: 'A guest with the same phone or name exists (`candidates`); open that one, or create anyway with `allowDuplicate: true`.' },
  replayed_request: { status: HttpStatus.CONFLICT, meaning: 'This exact signed request was received already and nothing was written again; sign a new request, or retry with the same Idempotency-Key.' },
  reward_exists: { status: HttpStatus.CONFLICT, meaning: 'A reward with this code exists already; choose another code.' },
  tab_finished: { status: HttpStatus.CONFLICT, meaning: 'The tab was already closed or cancelled; nothing more can be held for it.' },
  tier_exists: { status: HttpStatus.CONFLICT, meaning: 'A tier with this code or rank exists already; choose another.' },

  idempotency_key_erased: { status: HttpStatus.GONE, meaning: 'The first answer under this Idempotency-Key held data of a guest erased since; nothing was written, use a new key.' },

  body_too_large: { status: HttpStatus.PAYLOAD_TOO_LARGE, meaning: 'The body is larger than `bodyLimitBytes`; send less, or raise the option.' },

  unsupported_media_type: { status: HttpStatus.UNSUPPORTED_MEDIA_TYPE, meaning: 'The body was compressed; the host must send it uncompressed.' },

  bad_country: { status: HttpStatus.UNPROCESSABLE_ENTITY, meaning: 'The default country for phone numbers is not one with phone numbering; use its two-letter code, such as `SE`.' },
  balance_limit: { status: HttpStatus.UNPROCESSABLE_ENTITY, meaning: 'The entry would take a balance past 10^15; nothing was written, check the amount.' },
  confirmation_mismatch: { status: HttpStatus.UNPROCESSABLE_ENTITY, meaning: 'A purge of personal data must name the restaurant being purged in `confirmTenantId`; nothing was erased.' },
  empty_benefit: { status: HttpStatus.UNPROCESSABLE_ENTITY, meaning: 'An enabled birthday benefit gives nothing; give it an account credit, a category or a coupon.' },
  gift_card_type_needed: { status: HttpStatus.UNPROCESSABLE_ENTITY, meaning: 'A gift card is an account of a type of kind `gift_card`: create one, or name which of several with `accountType`.' },
  idempotency_key_reused: { status: HttpStatus.UNPROCESSABLE_ENTITY, meaning: 'The Idempotency-Key was used for a different request or by another staff member; nothing was written, use a new key.' },
  incompatible_accounts: { status: HttpStatus.UNPROCESSABLE_ENTITY, meaning: 'Transfers go only between accounts of the same type and kind of holder.' },
  incomplete_benefit: { status: HttpStatus.UNPROCESSABLE_ENTITY, meaning: 'A birthday credit needs both its account type and its amount, or neither.' },
  no_customer: { status: HttpStatus.UNPROCESSABLE_ENTITY, meaning: 'A `customer_attached` event names no guest; the host must send the guest in `tab.customer`.' },
  not_guest_account: { status: HttpStatus.UNPROCESSABLE_ENTITY, meaning: 'The account is not the tab’s guest’s (or their membership’s); attach the paying guest to their own tab.' },
  private_target: { status: HttpStatus.UNPROCESSABLE_ENTITY, meaning: 'The webhook URL points at localhost or a loopback, private, link-local, unique-local or unspecified address; give a public address, or let the host set `webhooks.allowPrivateTargets`.' },
  referral_refused: { status: HttpStatus.UNPROCESSABLE_ENTITY, meaning: 'The referral is refused (`reason`): a guest’s own code (`self_referral`), a new guest with the referrer’s phone (`shared_phone`), or a guest who has visited already (`not_new`).' },
  refund_exceeds_line: { status: HttpStatus.UNPROCESSABLE_ENTITY, meaning: 'A refund gives back more of a line than was bought; the host must refund at most the quantity sold.' },
  refund_exceeds_paid: { status: HttpStatus.UNPROCESSABLE_ENTITY, meaning: 'A refund gives back more than is left of what the guest paid; the host must refund less.' },
  reward_mismatch: { status: HttpStatus.UNPROCESSABLE_ENTITY, meaning: 'A reward hold names another account or price than the reward’s; hold the price `evaluate` offered, from its account.' },
  same_account: { status: HttpStatus.UNPROCESSABLE_ENTITY, meaning: 'A transfer names the same account twice; choose two accounts.' },
  total_limit: { status: HttpStatus.UNPROCESSABLE_ENTITY, meaning: 'A close would take the guest’s running totals past 10^15; nothing was written, check the tab’s amounts.' },
  unknown_account_type: { status: HttpStatus.UNPROCESSABLE_ENTITY, meaning: 'No account type has this code; create it first or fix the code.' },
  unknown_benefit: { status: HttpStatus.UNPROCESSABLE_ENTITY, meaning: 'The reward is not on offer to this guest now (outside its dates, days or hours); offer what `evaluate` lists.' },
  unknown_category: { status: HttpStatus.UNPROCESSABLE_ENTITY, meaning: 'No promotion category has this code; create it first or fix the code.' },
  unknown_hold: { status: HttpStatus.UNPROCESSABLE_ENTITY, meaning: 'A bonus payment names a hold of another tab, or none; pay only with this tab’s holds.' },
  unknown_line: { status: HttpStatus.UNPROCESSABLE_ENTITY, meaning: 'A refund names a line that is not on the tab; the host must refund the tab’s own line ids.' },
  unknown_organisation: { status: HttpStatus.UNPROCESSABLE_ENTITY, meaning: 'The organisation the guest is to belong to does not exist; create the company first.' },
  unknown_tier: { status: HttpStatus.UNPROCESSABLE_ENTITY, meaning: 'No tier has this code; create it first or fix the code.' },

  customer_terminated: { status: HttpStatus.LOCKED, meaning: 'The guest’s membership was terminated; they are not served as a regular any more.' },
  identifier_blocked: { status: HttpStatus.LOCKED, meaning: 'The card was blocked by a manager (`reason` says why); keep it and serve the guest without it.' },
  identifier_lost: { status: HttpStatus.LOCKED, meaning: 'The card was reported lost; keep it and serve the guest without it.' },

  idempotency_key_required: { status: HttpStatus.PRECONDITION_REQUIRED, meaning: 'This write moves money or points and needs an Idempotency-Key; the host must send one, the same on every retry.' },

  too_many_identifications: { status: HttpStatus.TOO_MANY_REQUESTS, meaning: 'Too many guest look-ups from this till or restaurant this minute; wait `retryAfterSeconds` and try again.' },

  internal_error: { status: HttpStatus.INTERNAL_SERVER_ERROR, meaning: 'A bug in the plugin, never the host’s fault; the plugin log has the details, report it.' },

  busy: { status: HttpStatus.SERVICE_UNAVAILABLE, meaning: 'The database was locked by other work or could not be reached; nothing was written, send the same request again after `Retry-After`.' },
  unavailable: { status: HttpStatus.SERVICE_UNAVAILABLE, meaning: 'The embedded pages were not built, or the host’s framework answered 503; build the package, or ask the host’s engineer.' },

  refused: { status: null, meaning: 'A refusal of the host’s or the framework’s with a status no other code covers (a host rate limit’s 429, say); the status is theirs and the message says why.' },
} as const satisfies Record<string, { status: HttpStatus | null; meaning: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;
