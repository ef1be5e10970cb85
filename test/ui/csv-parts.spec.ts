import { Readable } from 'node:stream';
import { csvRows } from '../../src/flows/customer-files/file-rows.js';
import { cutIntoParts, PART_LIMITS } from '../../ui/pages/customers/csv-parts.js';

/** The rows the API reads from a part, named by their line in the whole file as the controller names them. */
async function rowsOf(content: string, firstLine = 1): Promise<[number, Record<string, string | undefined>][]> {
  const rows: [number, Record<string, string | undefined>][] = [];
  for await (const { line, record } of csvRows(Readable.from([content]))) rows.push([line + firstLine - 1, record]);
  return rows;
}

/**
 * The import page cuts a large file into parts; read part by part, the file must give the
 * same rows on the same lines as read whole, however its rows and breaks are written.
 */
describe('a CSV cut into parts for the import page', () => {
  const files = {
    'line feeds, a quoted break, a doubled quote, blank lines and a byte-order mark': '\ufeffa,b\n1,2\n"x\ny",3\n\n4,5\n"q""\nz",6\n   \n7,8',
    'CR LF, with CR LF inside quotes (csv-parse counts both)': 'a,b\r\n1,2\r\n"x\r\ny",3\r\n\r\n4,5\r\n"q""\r\n""z",6\r\n',
    'CR alone, semicolons': 'a;b\r1;2\r"x\ry";3\r\r4;5\r',
    'a heading of two lines': '"a\nA",b\n1,2\n4,5\n6,7\n',
    'letters beyond ASCII': 'a,b\n1,Ёлка\n2,Phở\n3,😀\n4,x\n',
  };
  for (const [name, text] of Object.entries(files)) {
    it(`reads the same rows on the same lines: ${name}`, async () => {
      const whole = await rowsOf(text);
      for (const limits of [{ rows: 1, bytes: PART_LIMITS.bytes }, { rows: 2, bytes: 24 }, PART_LIMITS]) {
        const parts = cutIntoParts(text, limits);
        const pieced = (await Promise.all(parts.map((part) => rowsOf(part.content, part.firstLine)))).flat();
        expect(pieced).toEqual(whole);
        expect(parts.reduce((rows, part) => rows + part.rows, 0)).toBe(whole.length);
      }
    });
  }

  it('sends a file of the heading alone as one part of no rows', () => {
    expect(cutIntoParts('a,b\n')).toEqual([{ content: 'a,b\n', firstLine: 1, rows: 0 }]);
    expect(cutIntoParts('a,b')).toEqual([{ content: 'a,b', firstLine: 1, rows: 0 }]);
  });

  it('keeps each part to 2,000 rows and its body under the API’s limits, each starting with the heading', () => {
    const heading = 'external_id,name';
    const short = [heading, ...Array.from({ length: 4500 }, (_, i) => `g-${i},"Guest ""${i}"""`)].join('\n');
    expect(cutIntoParts(short).map((part) => [part.firstLine, part.rows])).toEqual([
      [1, 2000],
      [2001, 2000],
      [4001, 500],
    ]);
    const long = [heading, ...Array.from({ length: 3000 }, (_, i) => `g-${i},${'Ж'.repeat(400)}`)].join('\n');
    for (const part of cutIntoParts(long)) {
      expect(part.content.startsWith(`${heading}\n`)).toBe(true);
      expect(part.content.length).toBeLessThan(900_000);
      expect(Buffer.byteLength(JSON.stringify({ content: part.content }))).toBeLessThan(PART_LIMITS.bytes + 100);
    }
  });
});
