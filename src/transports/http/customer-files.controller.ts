import { Readable } from 'node:stream';
import { Body, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { CsvError } from 'csv-parse';
import { RegularsController } from '../../common/regulars-controller.decorator.js';
import { CurrentActor, type RequestActor } from '../../common/security/request-actor.js';
import { ActorSigned } from '../../common/security/signed.decorators.js';
import { validateInput, validationFailed } from '../../common/validation/validation.js';
import { ImportFileDto, ImportMappingDto, ImportMappingParamsDto, ImportReportDto } from '../../flows/customer-files/customer-files.dto.js';
import { CustomerImport, type ImportRecord, type ImportReport } from '../../flows/customer-files/customer-import.js';
import { csvRows } from '../../flows/customer-files/file-rows.js';
import { ImportMappings, type SavedMapping } from '../../modules/imports/import-mappings.service.js';

/** A restaurant's existing regulars brought in from the back office, a file of up to about 900 KB at a time. */
@RegularsController('imports', 'imports')
export class CustomerFilesController {
  constructor(
    private readonly imports: CustomerImport,
    private readonly mappings: ImportMappings,
  ) {}

  @Get('mappings/:kind')
  @ActorSigned('customers.write')
  @ApiOperation({ summary: 'The column mapping the next file of a kind is read with: the one the tenant’s last import used, or the plugin’s layout' })
  @ApiOkResponse({ type: ImportMappingDto })
  mapping(@CurrentActor() actor: RequestActor, @Param() params: ImportMappingParamsDto): Promise<SavedMapping> {
    return this.mappings.get(actor.tenantId, validateInput(ImportMappingParamsDto, params).kind);
  }

  @Post()
  @HttpCode(200)
  @ActorSigned('customers.write')
  @ApiOperation({ summary: 'Import customers, or their cards or balances, from a CSV: a dry run lists each bad row with its line and writes nothing' })
  @ApiOkResponse({ type: ImportReportDto })
  async import(@CurrentActor() actor: RequestActor, @Body() body: ImportFileDto): Promise<ImportReport> {
    const request = validateInput(ImportFileDto, body);
    const mapping = (await this.imports.mappingFor(actor.tenantId, request.kind, { preset: request.preset, columns: request.columns, balances: request.balances }))!;
    const lineOffset = (request.firstLine ?? 1) - 1;
    // The whole file is read before anything is written: a file that is not CSV writes nothing.
    const records: ImportRecord[] = [];
    try {
      for await (const { line, record } of csvRows(Readable.from([request.content]))) records.push({ line: line + lineOffset, record });
    } catch (error) {
      if (error instanceof CsvError) throw validationFailed([`content: ${error.message}`]);
      throw error;
    }
    return this.imports.run(asyncOf(records), { actor, kind: request.kind, fileName: request.fileName, mapping, dryRun: request.dryRun });
  }
}

async function* asyncOf<T>(items: T[]): AsyncIterable<T> {
  yield* items;
}
