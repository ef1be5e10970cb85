import { useId } from 'preact/hooks';
import { TextField } from '../../components.js';
import { t, type MessageKey } from '../../i18n/index.js';

/** The periods the visit statistics know; `all` is the history's "no period". */
export type Period = 'all' | 'month' | 'half_year' | 'year' | 'custom';

export interface PeriodChoice {
  period: Period;
  /** Calendar days (`2026-11-01`) in the tenant's zone, for a custom period. */
  from: string;
  to: string;
}

const LABELS: Record<Period, MessageKey> = {
  all: 'card.period.all',
  month: 'period.month',
  half_year: 'period.halfYear',
  year: 'period.year',
  custom: 'period.custom',
};

/** Milliseconds the zone is ahead of UTC at that instant. */
function zoneOffset(at: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
      .formatToParts(new Date(at))
      .map((part) => [part.type, Number(part.value)]),
  );
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) - Math.floor(at / 1000) * 1000;
}

/** The instant a calendar day starts in the tenant's zone (not the browser's). */
export function startOfDay(day: string, timeZone: string): Date {
  const [year, month, date] = day.split('-').map(Number);
  const wall = Date.UTC(year, month - 1, date);
  const guess = wall - zoneOffset(wall, timeZone);
  // A day that starts next to a clock change has the offset of its own start, not midnight UTC's.
  return new Date(wall - zoneOffset(guess, timeZone));
}

const nextDay = (day: string) => {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, date + 1)).toISOString().slice(0, 10);
};

/**
 * The API's `from`/`to` for a choice: a custom period runs from the first day's start to
 * the last day's end in the tenant's zone; the others end now, as the API counts them.
 */
export function periodRange(choice: PeriodChoice, timeZone: string, now = new Date()): { from?: string; to?: string } {
  if (choice.period === 'all') return {};
  if (choice.period === 'custom') {
    return {
      from: choice.from ? startOfDay(choice.from, timeZone).toISOString() : undefined,
      to: choice.to ? new Date(startOfDay(nextDay(choice.to), timeZone).getTime() - 1).toISOString() : undefined,
    };
  }
  const start = new Date(now);
  start.setUTCMonth(start.getUTCMonth() - (choice.period === 'month' ? 1 : choice.period === 'half_year' ? 6 : 12));
  return { from: start.toISOString(), to: now.toISOString() };
}

/** Month, half year, year or from–to, as radio buttons and two dates. */
export function PeriodFilter(props: { value: PeriodChoice; periods: Period[]; onChange: (value: PeriodChoice) => void }) {
  const { value, onChange } = props;
  const name = useId();
  return (
    <div class="period-filter">
      <fieldset class="segmented">
        <legend>{t('card.period')}</legend>
        {props.periods.map((period) => (
          <label key={period}>
            <input type="radio" name={name} value={period} checked={value.period === period} onChange={() => onChange({ ...value, period })} />
            {t(LABELS[period])}
          </label>
        ))}
      </fieldset>
      {value.period === 'custom' && (
        <div class="row">
          <TextField type="date" label={t('period.from')} value={value.from} onInput={(from) => onChange({ ...value, from })} />
          <TextField type="date" label={t('period.to')} value={value.to} onInput={(to) => onChange({ ...value, to })} />
        </div>
      )}
    </div>
  );
}
