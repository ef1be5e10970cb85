import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import type { ImportRecord } from './customer-import.js';

/** The file's rows with their line numbers (the header is line 1), read as a stream. */
export async function* rowsOf(path: string): AsyncIterable<ImportRecord> {
  if (extname(path).toLowerCase() === '.xlsx') yield* xlsxRows(path);
  else yield* csvRows(createReadStream(path));
}

/**
 * About how many rows a file has, for a progress bar: a CSV's lines after the heading (a
 * cell holding a line break counts twice); null for an XLSX, which says only as it is read.
 */
export async function countRows(path: string): Promise<number | null> {
  if (extname(path).toLowerCase() === '.xlsx') return null;
  let lines = 0;
  let last = 0x0a;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) lines += 1;
    last = chunk[chunk.length - 1] ?? last;
  }
  return Math.max(0, lines + (last === 0x0a ? 0 : 1) - 1);
}

/** A CSV's rows (comma, semicolon or tab; a byte-order mark is skipped), each with the line it ends on. */
export async function* csvRows(input: Readable): AsyncIterable<ImportRecord> {
  const parser = input.pipe(parse({ columns: true, bom: true, skip_empty_lines: true, trim: true, delimiter: [',', ';', '\t'], relax_column_count: true, info: true }));
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) yield { line: info.lines, record };
}

async function* xlsxRows(path: string): AsyncIterable<ImportRecord> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit' });
  for await (const sheet of workbook) {
    let headers: string[] | null = null;
    for await (const row of sheet) {
      const values = (row.values as unknown[]).slice(1).map((value) => textOf(value));
      if (!headers) {
        headers = values;
        continue;
      }
      if (values.every((value) => value === '')) continue;
      yield { line: row.number, record: Object.fromEntries(headers.map((header, i) => [header, values[i] ?? ''])) };
    }
    return;
  }
}

/** A cell as text: dates as YYYY-MM-DD, numbers as written, rich text and formulas by what they show. */
function textOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const cell = value as { text?: string; result?: unknown; richText?: { text: string }[] };
    if (cell.richText) return cell.richText.map((part) => part.text).join('');
    if ('result' in cell) return textOf(cell.result);
    return cell.text ?? '';
  }
  return String(value).trim();
}

