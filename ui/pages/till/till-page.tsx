import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api.js';
import { describeError, Loading, Page, SelectField, TextField } from '../../components.js';
import { t } from '../../i18n/index.js';
import { identify, identifyCustomer, type IdentifyInput, type IdentifyOutcome } from './identify.js';
import { TillCard } from './till-card.js';
import { IDENTIFIER_TYPES, type CustomerCard, type IdentifierType } from './types.js';

type Presented = IdentifierType | 'query';
type State = IdentifyOutcome | { kind: 'idle' } | { kind: 'working' };

/** A refusal in the waiter's words: what happened and what to do next. */
function refusalText(error: unknown, query: string | null): string {
  if (!(error instanceof ApiError)) return describeError(error);
  switch (error.code) {
    case 'unknown_identifier':
      return t('till.refused.unknown');
    case 'identifier_not_bound':
      return t('till.refused.notBound');
    case 'no_match':
      return t('till.refused.noMatch', { query: query ?? '' });
    case 'identifier_blocked':
      return t('till.refused.blocked');
    case 'identifier_lost':
      return t('till.refused.lost');
    case 'customer_terminated':
      return t('till.refused.terminated');
    case 'too_many_identifications':
      return t('till.refused.tooMany', { seconds: Number(error.body.retryAfterSeconds) || 60 });
  }
  if (error.status === 400) return t('till.refused.badInput');
  return describeError(error);
}

/**
 * The till's view of a guest: present a card or type a search, then the card the waiter
 * needs at the table. `#/till?customer=<id>` opens a known customer's card directly.
 */
export function TillPage(props: { params: URLSearchParams }) {
  const [type, setType] = useState<Presented>('query');
  const [value, setValue] = useState('');
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [asked, setAsked] = useState<string | null>(null);
  // A couple or a business lunch: the guests recognised before this one, each with their card.
  const [table, setTable] = useState<CustomerCard[]>([]);
  const input = useRef<HTMLDivElement>(null);
  const customerId = props.params.get('customer');

  const run = async (work: () => Promise<IdentifyOutcome>) => {
    setState({ kind: 'working' });
    const outcome = await work();
    setState(outcome);
    if (outcome.kind === 'card') setValue('');
  };
  useEffect(() => {
    if (customerId) void run(() => identifyCustomer(customerId));
  }, [customerId]);

  const submit = (event: Event) => {
    event.preventDefault();
    if (state.kind === 'working') return;
    const text = value.trim();
    const body: IdentifyInput = type === 'query' ? { query: text } : { identifier: { type, value: text, entryMethod: 'manual' } };
    setAsked(type === 'query' ? text : null);
    void run(() => identify(body));
  };
  const nextGuest = () => {
    setState({ kind: 'idle' });
    setValue('');
    setTable([]);
    input.current?.querySelector('input')?.focus();
  };
  const seatAnother = () => {
    if (state.kind !== 'card') return;
    const seated = state.card;
    setTable((guests) => [...guests.filter((guest) => guest.id !== seated.id), seated]);
    setState({ kind: 'idle' });
    setValue('');
    input.current?.querySelector('input')?.focus();
  };

  return (
    <Page title={t('till.title')}>
      <form class="till-identify" role="search" aria-label={t('till.identifyLabel')} noValidate onSubmit={submit}>
        <SelectField
          label={t('till.field.type')}
          value={type}
          options={[{ value: 'query' as Presented, label: t('till.type.query') }, ...IDENTIFIER_TYPES.map((id) => ({ value: id as Presented, label: t(`till.type.${id}`) }))]}
          onChange={setType}
        />
        <div class="grow" ref={input}>
          <TextField
            label={t('till.field.value')}
            placeholder={type === 'query' ? t('till.field.queryHint') : t('till.field.valueHint')}
            value={value}
            autoFocus
            onInput={setValue}
          />
        </div>
        <div class="row">
          <button class="primary" type="submit" disabled={state.kind === 'working'}>
            {t('till.identify')}
          </button>
          {state.kind === 'card' && (
            <button type="button" onClick={seatAnother}>
              {t('till.seatAnother')}
            </button>
          )}
          {(state.kind !== 'idle' || table.length > 0) && (
            <button type="button" onClick={nextGuest}>
              {t('till.nextGuest')}
            </button>
          )}
        </div>
      </form>
      {state.kind === 'working' && <Loading />}
      {state.kind === 'refused' && (
        <div class="notice error" role="alert">
          {refusalText(state.error, asked)}
        </div>
      )}
      {state.kind === 'choose' && (
        <section class="till-candidates" aria-labelledby="candidates-title">
          <h2 id="candidates-title">{t('till.choose')}</h2>
          <ul>
            {state.candidates.map((candidate) => (
              <li key={candidate.id}>
                <button type="button" onClick={() => void run(() => identifyCustomer(candidate.id))}>
                  {candidate.displayName}
                  <span class="muted small">
                    {' · '}
                    {t(candidate.kind === 'individual' ? 'till.kind.individual' : 'till.kind.organisation')}
                    {candidate.room && ` · ${t('till.room', { room: candidate.room })}`}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {state.more && <p class="muted small">{t('till.moreCandidates')}</p>}
        </section>
      )}
      {table.length > 0 && (
        <section class="till-table" aria-labelledby="at-table">
          <h2 id="at-table">{t('till.atTable')}</h2>
          {table.map((guest) => (
            <div class="till-table-guest" key={guest.id}>
              <TillCard card={guest} />
              <button type="button" class="small" onClick={() => setTable((guests) => guests.filter((other) => other.id !== guest.id))}>
                {t('till.leaves', { name: guest.displayName })}
              </button>
            </div>
          ))}
        </section>
      )}
      {state.kind === 'card' && <TillCard card={state.card} />}
    </Page>
  );
}
