/**
 * A restaurant's file cut into parts the import takes one request at a time: each part
 * starts with the file's heading row and says which line of the whole file that heading
 * stands for, so a refused row is named by its line in the whole file.
 */

export interface CsvPart {
  /** The heading row and this part's rows, as the file has them. */
  content: string;
  /** The line of the whole file this part's heading stands for (the first part's is 1). */
  firstLine: number;
  /** Its rows that are not blank, as the import counts them. */
  rows: number;
}

export interface PartLimits {
  rows: number;
  /** Bytes of the content as JSON sends it: under the API's 900,000 characters and, with the rest of the body, under its 1 MiB. */
  bytes: number;
}

export const PART_LIMITS: PartLimits = { rows: 2000, bytes: 899_000 };

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/** What a UTF-16 unit weighs in a JSON body: escaped controls and quotes, UTF-8 beyond ASCII (a surrogate pair's two units at 3 each, more than its 4). */
function jsonBytes(code: number): number {
  if (code === LF || code === CR || code === 0x09 || code === QUOTE || code === 0x5c) return 2;
  if (code < 0x20) return 6;
  if (code < 0x80) return 1;
  return code < 0x800 ? 2 : 3;
}

const isBlank = (code: number) => code === 0x20 || code === 0x09 || code === 0xfeff;

/**
 * Cuts at line breaks outside quoted cells (a doubled `""` inside quotes turns the state
 * twice, so it stays quoted). Lines are counted as csv-parse counts them, which the API
 * reads with: a break between rows is one line however it is written, and inside a quoted
 * cell each CR and each LF is one. A file of the heading alone is one part of no rows.
 */
export function cutIntoParts(text: string, limits: PartLimits = PART_LIMITS): CsvPart[] {
  const parts: CsvPart[] = [];
  let heading: { text: string; lines: number; bytes: number } | null = null;
  let part: { start: number; end: number; firstLine: number; rows: number; bytes: number } | null = null;
  const close = () => {
    if (part && heading) parts.push({ content: heading.text + text.slice(part.start, part.end), firstLine: part.firstLine, rows: part.rows });
  };

  let quoted = false;
  let lines = 0;
  let row = { start: 0, linesBefore: 0, bytes: 0, blank: true };
  const endRow = (end: number) => {
    if (!heading) {
      heading = { text: text.slice(0, end), lines, bytes: row.bytes };
    } else {
      const rows = row.blank ? 0 : 1;
      if (!part || part.rows + rows > limits.rows || heading.bytes + part.bytes + row.bytes > limits.bytes) {
        close();
        part = { start: row.start, end, firstLine: row.linesBefore - heading.lines + 1, rows: 0, bytes: 0 };
      }
      part.end = end;
      part.rows += rows;
      part.bytes += row.bytes;
    }
    row = { start: end, linesBefore: lines, bytes: 0, blank: true };
  };

  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    row.bytes += jsonBytes(code);
    if (code === QUOTE) {
      quoted = !quoted;
      row.blank = false;
    } else if (code === CR || code === LF) {
      lines += 1;
      if (quoted) continue;
      if (code === CR && text.charCodeAt(at + 1) === LF) {
        at += 1;
        row.bytes += 2;
      }
      endRow(at + 1);
    } else if (!isBlank(code)) {
      row.blank = false;
    }
  }
  if (row.start < text.length) endRow(text.length);
  if (!part) return [{ content: text, firstLine: 1, rows: 0 }];
  close();
  return parts;
}
