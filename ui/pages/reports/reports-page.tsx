import { useEffect, useState } from 'preact/hooks';
import { api, query } from '../../api.js';
import { Page, Tabs, TextField, WhenLoaded } from '../../components.js';
import { useLoad } from '../../hooks.js';
import { t, type MessageKey } from '../../i18n/index.js';
import { href } from '../../router.js';
import { useSession } from '../../session.js';
import { PeriodFilter, type PeriodChoice } from '../customers/period-filter.js';
import { reportDays } from './report-period.js';
import { reportTitle } from './report-format.js';
import { ReportSectionView } from './report-section.js';
import { REPORTS, type Report, type ReportName } from './types.js';

/** The location filter asks the API once the typing stops, not at every letter. */
function useSettled(value: string, delay = 400): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value]);
  return settled;
}

/**
 * The programme's figures for a period and a location: a tab per report, each section a
 * chart with its table and its CSV. The period and location stay as the manager moves
 * between reports.
 */
export function ReportsPage(props: { report: ReportName }) {
  const session = useSession();
  const [period, setPeriod] = useState<PeriodChoice>({ period: 'month', from: '', to: '' });
  const [location, setLocation] = useState('');
  const locationId = useSettled(location.trim());
  const days = reportDays(period, session.timeZone);
  const path = (extra: Record<string, string> = {}) => `reports/${props.report}${query({ ...days, locationId, ...extra })}`;
  const loaded = useLoad(() => (days ? api<Report>('GET', path()) : Promise.resolve(null)), [props.report, days?.from, days?.to, locationId]);
  // Another report's sections never stand under this report's tab while it loads.
  const answer = loaded.data && loaded.data.report !== props.report ? { ...loaded, data: undefined } : loaded;
  return (
    <Page title={t('reports.title')}>
      <Tabs label={t('reports.list')} tabs={REPORTS.map((id) => ({ id, label: reportTitle(id), href: href('reports', id) }))} active={props.report} />
      <div class="filters report-filters">
        <PeriodFilter value={period} periods={['month', 'half_year', 'year', 'custom']} onChange={setPeriod} />
        <TextField label={t('reports.location')} hint={t('reports.locationHint')} value={location} onInput={setLocation} />
      </div>
      <p class="muted">{t(`reports.about.${props.report}` as MessageKey)}</p>
      {/* Busy while a changed period or location loads: the numbers shown are still the former ones. */}
      <div class="report-sections" aria-busy={loaded.loading}>
        <WhenLoaded load={answer}>
          {(report) =>
            report === null ? (
              <p class="muted">{t('reports.pickDays')}</p>
            ) : (
              report.sections.map((section) => <ReportSectionView key={`${report.report} ${section.key}`} report={report} section={section} csvPath={path({ format: 'csv', section: section.key })} />)
            )
          }
        </WhenLoaded>
      </div>
    </Page>
  );
}
