import { Readable } from 'node:stream';
import { Body, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { CsvError } from 'csv-parse';
import { RegularsController } from '../../common/regulars-controller.decorator.js';
import { CurrentActor, type RequestActor } from '../../common/security/request-actor.js';
import { ActorSigned } from '../../common/security/signed.decorators.js';
import { validateInput, validationFailed } from '../../common/validation/validation.js';
import { ImportFileDto, ImportReportDto } from '../../flows/customer-files/customer-files.dto.js';
import { CustomerImport, type ImportRecord, type ImportReport } from '../../flows/customer-files/customer-import.js';
import { csvRows } from '../../flows/customer-files/file-rows.js';
import { mappingFor } from '../../modules/imports/customer-rows.js';

/** A restaurant's existing regulars brought in from the back office, a file of up to about 900 KB at a time. */
@RegularsController('imports', 'imports')
export class CustomerFilesController {
  constructor(private readonly imports: CustomerImport) {}

  @Post()
  @HttpCode(200)
  @ActorSigned('customers.write')
  @ApiOperation({ summary: 'Import customers, or their cards or balances, from a CSV: a dry run lists each bad row with its line and writes nothing' })
  @ApiOkResponse({ type: ImportReportDto })
  async import(@CurrentActor() actor: RequestActor, @Body() body: ImportFileDto): Promise<ImportReport> {
    const request = validateInput(ImportFileDto, body);
    const mapping = mappingFor(request.kind, request.preset ?? 'regulars', request.balances ?? [])!;
    // The whole file is read before anything is written: a file that is not CSV writes nothing.
    const records: ImportRecord[] = [];
    try {
      for await (const record of csvRows(Readable.from([request.content]))) records.push(record);
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
