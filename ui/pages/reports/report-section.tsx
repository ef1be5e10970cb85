import { useMemo, useState } from 'preact/hooks';
import { apiFile } from '../../api.js';
import { DataTable, Empty, ErrorNotice } from '../../components.js';
import { t } from '../../i18n/index.js';
import { href } from '../../router.js';
import { chartOf } from './chart-data.js';
import { ReportChart } from './report-chart.js';
import { columnLabel, formatCell, sectionTitle } from './report-format.js';
import { isMeasure, type Report, type ReportSection as Section } from './types.js';

/**
 * The CSV comes from the API, which asks for the session's CSRF header: a plain link
 * cannot send it, so the file is fetched and handed to the browser as a download.
 */
async function downloadCsv(path: string, fileName: string): Promise<void> {
  const csv = await apiFile(path);
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(link.href);
}

/** One section of a report: its chart, the table of the same numbers, and the CSV of them. */
export function ReportSectionView(props: { report: Report; section: Section; csvPath: string }) {
  const { report, section } = props;
  const title = sectionTitle(report.report, section.key);
  const chart = useMemo(() => chartOf(section, report.currency), [section, report.currency]);
  const [failure, setFailure] = useState<unknown>(null);
  const id = `report-${section.key}`;
  const download = async () => {
    setFailure(null);
    try {
      await downloadCsv(props.csvPath, `${report.report}-${section.key}-${report.from}-${report.to}.csv`);
    } catch (error) {
      setFailure(error);
    }
  };
  return (
    <section class="report-section" aria-labelledby={id} data-section={section.key}>
      <div class="row">
        <h2 id={id} class="grow-text">
          {title}
        </h2>
        <button type="button" class="small" aria-label={t('reports.downloadLabel', { section: title })} onClick={() => void download()}>
          {t('reports.download')}
        </button>
      </div>
      {failure !== null && <ErrorNotice error={failure} />}
      {section.rows.length === 0 ? (
        <Empty>{t('reports.noRows')}</Empty>
      ) : (
        <>
          {chart && <ReportChart data={chart} />}
          <DataTable labelledBy={id} class="compact" columns={section.columns.map((column) => ({ label: columnLabel(column.key), amount: isMeasure(column.unit) }))}>
            {section.rows.map((row, index) => (
              <tr key={index}>
                {section.columns.map((column, at) => {
                  const text = formatCell(row[at], column, report.currency);
                  return (
                    <td key={column.key} class={isMeasure(column.unit) ? 'amount' : undefined}>
                      {column.key === 'customer_id' && row[at] ? (
                        <a class="mono" href={href('customers', String(row[at]))}>
                          {text}
                        </a>
                      ) : (
                        text
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </DataTable>
        </>
      )}
    </section>
  );
}
