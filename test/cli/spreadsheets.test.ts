/**
 * Tabular output opened in a spreadsheet: no cell may start a formula. An article whose
 * text begins a cell with `=`, `+`, `-` or `@` (a headline `=HYPERLINK(…)`, a context
 * that opens on a minus sign) is written with a leading `'`, which Excel and LibreOffice
 * show as text; numbers stay numbers.
 */
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { pathToFileURL } from 'url';
import { parse } from 'csv-parse/sync';
import { runCli, tempDir } from '../helpers';

const FORMULA_START = /^[=+\-@\t\r]/;

function hostileArticle(): string {
  const dir = tempDir();
  const file = path.join(dir, 'formulas.txt');
  fs.writeFileSync(
    file,
    [
      '=HYPERLINK("http://example.com/x","Bấm vào đây")',
      '',
      '+Thứ Ba, 02/03/2021 - 10:00',
      '',
      '-Ông Nguyễn Văn A, Bí thư Tỉnh ủy, cho biết nhiệm kỳ 2020-2025 thu ngân sách đạt 17.363 tỷ đồng.',
      '@Bà Trần Thị B giữ chức Chủ tịch UBND tỉnh; tỷ lệ hộ nghèo giảm -3,42%.',
      '',
    ].join('\n'),
  );
  return file;
}

const cellsOf = (text: string, delimiter: string): string[][] =>
  parse(text.replace(/^\uFEFF/, ''), { delimiter, relax_column_count: true });

describe.each([
  ['csv', ','],
  ['tsv', '\t'],
])('%s', (format, delimiter) => {
  const file = hostileArticle();

  test('records: no cell starts a formula, and the headline is kept as text', () => {
    const { status, stdout } = runCli(['--format', format, '--bom', file]);
    expect(status).toBe(0);
    const rows = cellsOf(stdout, delimiter);
    expect(rows.length).toBeGreaterThan(3);
    const risky = rows.flat().filter((cell) => FORMULA_START.test(cell) && !Number.isFinite(Number(cell)));
    expect(risky).toEqual([]);
    expect(rows[1][1]).toBe(`'=HYPERLINK("http://example.com/x","Bấm vào đây")`);
  });

  test('the documents table (--meta-output) too', () => {
    const meta = path.join(tempDir(), `documents.${format}`);
    expect(runCli(['--format', format, '--meta-output', meta, file]).status).toBe(0);
    const rows = cellsOf(fs.readFileSync(meta, 'utf8'), delimiter);
    expect(rows[1][1]).toBe(`'=HYPERLINK("http://example.com/x","Bấm vào đây")`);
    expect(rows.flat().filter((cell) => FORMULA_START.test(cell))).toEqual([]);
  });

  test('the people and positions tables, where a document named like a formula is text', () => {
    const dir = tempDir();
    fs.copyFileSync(file, path.join(dir, '=SUM(A1).txt'));
    for (const args of [['people'], ['people', '--positions']]) {
      const { status, stdout } = runCli([...args, '--format', format, '=SUM(A1).txt'], { cwd: dir });
      expect(status).toBe(0);
      const cells = cellsOf(stdout, delimiter).flat();
      expect(cells).toContain(`'=SUM(A1).txt`);
      expect(cells.filter((cell) => FORMULA_START.test(cell) && !Number.isFinite(Number(cell)))).toEqual([]);
    }
  });

  test('the people table too', () => {
    const { status, stdout } = runCli(['people', '--format', format, file]);
    expect(status).toBe(0);
    expect(
      cellsOf(stdout, delimiter)
        .flat()
        .filter((cell) => FORMULA_START.test(cell) && !Number.isFinite(Number(cell))),
    ).toEqual([]);
  });
});

describe('xlsx', () => {
  const file = hostileArticle();
  const out = path.join(tempDir(), 'records.xlsx');
  const run = runCli(['--format', 'xlsx', '-o', out, file, 'seeds/000_f9955ed6df11a9aa.txt']);

  async function workbook() {
    const Excel = (await import('exceljs')).default;
    const book = new Excel.Workbook();
    await book.xlsx.readFile(out);
    return { Excel, book };
  }

  test('one workbook: records, documents and people, each with a frozen header', async () => {
    expect(run.status).toBe(0);
    const { book } = await workbook();
    expect(book.worksheets.map((s) => s.name)).toEqual(['records', 'documents', 'people']);
    for (const sheet of book.worksheets) expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(book.getWorksheet('documents')!.rowCount).toBe(3);
  });

  test('typed cells, and text that looks like a formula is text', async () => {
    const { Excel, book } = await workbook();
    const records = book.getWorksheet('records')!;
    const header = (records.getRow(1).values as unknown[]).slice(1);
    const at = (name: string) => header.indexOf(name) + 1;
    const rows = records.getRows(2, records.rowCount - 1)!;
    const money = rows.find((r) => r.getCell(at('normalized')).value === '17363000000000 VND')!;
    expect(money.getCell(at('number')).type).toBe(Excel.ValueType.Number);
    expect(money.getCell(at('start')).type).toBe(Excel.ValueType.Number);
    const headline = book.getWorksheet('documents')!.getRow(2).getCell(2);
    expect([headline.type, headline.value]).toEqual([Excel.ValueType.String, '=HYPERLINK("http://example.com/x","Bấm vào đây")']);
    let formulas = 0;
    book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => (formulas += cell.type === Excel.ValueType.Formula ? 1 : 0))));
    expect(formulas).toBe(0);
  });
});

/** LibreOffice where it is installed (.ci/run installs Debian's package): the path the users took. */
const hasLibreOffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' }).status === 0;

(hasLibreOffice ? describe : describe.skip)('opened in LibreOffice and saved as xlsx', () => {
  const file = hostileArticle();
  const dir = tempDir();
  // A profile of its own, so a desktop LibreOffice that is open, or another run, does not hold the lock.
  const profile = pathToFileURL(path.join(dir, 'profile')).href;

  /** `soffice --convert-to xlsx`, with an import filter when given; the converted workbook's cells. */
  async function convertedCells(input: string, infilter?: string): Promise<Array<{ text: string; formula: boolean }>> {
    const out = path.join(dir, 'converted');
    const args = ['--headless', `-env:UserInstallation=${profile}`, ...(infilter ? [`--infilter=${infilter}`] : [])];
    const run = spawnSync('soffice', [...args, '--convert-to', 'xlsx', '--outdir', out, input], { encoding: 'utf8', timeout: 120_000 });
    expect(run.status).toBe(0);
    const Excel = (await import('exceljs')).default;
    const book = new Excel.Workbook();
    await book.xlsx.readFile(path.join(out, path.basename(input).replace(/\.\w+$/, '.xlsx')));
    const cells: Array<{ text: string; formula: boolean }> = [];
    book.eachSheet((sheet) =>
      sheet.eachRow((row) =>
        row.eachCell((cell) => cells.push({ text: String(cell.value), formula: cell.type === Excel.ValueType.Formula })),
      ),
    );
    return cells;
  }

  test('CSV read as UTF-8 (filter options 44,34,76): no formula cell, the diacritics intact', async () => {
    const csv = path.join(dir, 'records.csv');
    expect(runCli(['--format', 'csv', '--bom', '-o', csv, file]).status).toBe(0);
    const cells = await convertedCells(csv, 'CSV:44,34,76,1');
    expect(cells.filter((c) => c.formula)).toEqual([]);
    expect(cells.map((c) => c.text)).toContain(`'=HYPERLINK("http://example.com/x","Bấm vào đây")`);
    expect(cells.map((c) => c.text)).toContain('Nguyễn Văn A');
  });

  test('our xlsx needs no options: every sheet, no formula cell, the headline as text', async () => {
    const xlsx = path.join(dir, 'records.xlsx');
    expect(runCli(['--format', 'xlsx', '-o', xlsx, file]).status).toBe(0);
    const cells = await convertedCells(xlsx);
    expect(cells.filter((c) => c.formula)).toEqual([]);
    expect(cells.map((c) => c.text)).toContain('=HYPERLINK("http://example.com/x","Bấm vào đây")');
    expect(cells.map((c) => c.text)).toContain('Nguyễn Văn A');
  });
});
