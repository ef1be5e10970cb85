import { Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces } from '@nestjs/swagger';
import { RegularsController } from '../../common/regulars-controller.decorator.js';
import { CurrentActor, type RequestActor } from '../../common/security/request-actor.js';
import { ActorSigned } from '../../common/security/signed.decorators.js';
import { ReportDto, ReportParamsDto, ReportQueryDto, type ReportCell } from './dto/report.dto.js';
import { ReportsService } from './reports.service.js';

@RegularsController('reports', 'reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get(':report')
  @ActorSigned('reports.read')
  @ApiOperation({ summary: 'A report over a period of business days: its sections of rows to chart, or one section as CSV' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: ReportDto, description: 'With format=csv: text/csv of the section, a header line of its column keys, then its rows.' })
  async report(@CurrentActor() actor: RequestActor, @Param() params: ReportParamsDto, @Query() query: ReportQueryDto): Promise<ReportDto | StreamableFile> {
    const report = await this.reports.report(actor.tenantId, params.report, query);
    if (query.format !== 'csv') return report;
    // The type is the file's, set on success only: a refusal stays JSON.
    const [section] = report.sections;
    const lines = [section.columns.map(({ key }) => key), ...section.rows].map((row) => row.map(csvCell).join(','));
    return new StreamableFile(Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8'), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="${params.report}-${section.key}-${report.from}-${report.to}.csv"`,
    });
  }
}

/** A CSV cell: quoted when it must be, and text a spreadsheet would take for a formula made plain text. */
function csvCell(cell: ReportCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  const text = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
