/** The `extract` command as a user runs it: the built bin spawned on real files. */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'csv-parse/sync';
import { RECORD_COLUMNS } from '../../src/output/table';
import { ROOT, runCli, SEEDS, tempDir } from '../helpers';

const SEED = 'seeds/003_c1d1f7f42b3b49c0.txt';
/** The Nghệ An article: a dateline, a money figure with its metric, a title with its holder. */
const NGHE_AN = 'seeds/000_f9955ed6df11a9aa.txt';

describe('extract <inputs>', () => {
  test('default JSON: an array with doc, meta and records per document', () => {
    const { status, stdout, stderr } = runCli(['seeds/000_f9955ed6df11a9aa.txt', SEED]);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const docs = JSON.parse(stdout);
    expect(docs).toHaveLength(2);
    expect(docs[1].doc).toBe(SEED);
    expect(docs[1].meta).toMatchObject({
      headline: 'Ban chấp hành Đảng bộ tỉnh Thái Bình thảo luận một số nội dung quan trọng',
      published: '2020-12-03T18:00:30',
    });
    const term = docs[1].records.find((r: { type: string }) => r.type === 'term');
    expect(Object.keys(term)).toEqual(['doc', 'type', 'text', 'normalized', 'value', 'start', 'end', 'line', 'column', 'rule', 'context']);
  });

  test('every seed through a shell glob, and the same through a quoted glob the tool expands', () => {
    const shell = runCli(
      SEEDS.map((s) => path.relative(ROOT, s)),
      {},
    );
    const quoted = runCli(['seeds/*.txt']);
    expect(quoted.status).toBe(0);
    expect(JSON.parse(quoted.stdout).map((d: { doc: string }) => d.doc)).toEqual(
      JSON.parse(shell.stdout).map((d: { doc: string }) => d.doc),
    );
    expect(JSON.parse(quoted.stdout)).toHaveLength(5);
  });

  test('a folder means its .txt files, recursively', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'a', 'b'), { recursive: true });
    fs.copyFileSync(path.join(ROOT, SEED), path.join(dir, 'a', 'b', 'x.txt'));
    fs.writeFileSync(path.join(dir, 'notes.md'), 'nhiệm kỳ 2020-2025');
    const { status, stdout } = runCli(['--format', 'jsonl', dir]);
    expect(status).toBe(0);
    const docs = new Set(
      stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).doc),
    );
    expect([...docs]).toEqual([path.join(dir, 'a', 'b', 'x.txt')]);
  });

  test('JSON Lines: a meta record, then one record per line', () => {
    const { status, stdout } = runCli(['--format', 'jsonl', SEED]);
    expect(status).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({
      doc: SEED,
      type: 'meta',
      headline: expect.any(String),
      published: '2020-12-03T18:00:30',
      source: null,
      author: 'Phạm Ngọc',
    });
    expect(lines.slice(1).every((r) => r.doc === SEED && typeof r.start === 'number')).toBe(true);
    expect(lines).toContainEqual(expect.objectContaining({ type: 'term', normalized: 'kỳ họp thứ 2', rule: 'term.ky-hop' }));
  });

  test.each([
    ['csv', ','],
    ['tsv', '\t'],
  ])('%s: records only, one fixed header, typed columns, value as JSON', (format, delimiter) => {
    const { status, stdout } = runCli(['--format', format, NGHE_AN]);
    expect(status).toBe(0);
    const rows: Array<Record<string, string>> = parse(stdout, { delimiter, columns: true });
    expect(Object.keys(rows[0])).toEqual([...RECORD_COLUMNS]);
    expect(rows.some((r) => r.type === 'meta')).toBe(false);
    expect(rows.every((r) => r.headline.startsWith('Ban Thường vụ Tỉnh ủy Nghệ An') && r.published === '2021-03-02')).toBe(true);
    const term = rows.find((r) => r.type === 'term' && r.normalized === 'nhiệm kỳ 2020-2025')!;
    expect(JSON.parse(term.value)).toEqual({ kind: 'nhiệm kỳ', from: 2020, to: 2025, body: null });
    expect([term.kind, term.from, term.to]).toEqual(['nhiệm kỳ', '2020', '2025']);
    const money = rows.find((r) => r.normalized === '17363000000000 VND')!;
    expect([money.number, money.currency, money.quantity, money.metric]).toEqual(['17363000000000', 'VND', 'money', 'Thu ngân sách']);
    const title = rows.find((r) => r.type === 'title' && r.person === 'Thái Thanh Quý')!;
    expect([title.role, title.organization]).toEqual(['Ủy viên', 'Ban Chấp hành Trung ương Đảng']);
  });

  test('csv reads as pandas would type it: offsets always whole numbers, number columns only numbers', () => {
    const { stdout } = runCli(['--format', 'csv', ...SEEDS]);
    const rows: Array<Record<string, string>> = parse(stdout, { columns: true });
    const isNumber = (cell: string) => cell !== '' && Number.isFinite(Number(cell));
    for (const column of ['start', 'end', 'line', 'column']) expect(rows.filter((r) => !/^\d+$/.test(r[column]))).toEqual([]);
    for (const column of ['number', 'of', 'year', 'month', 'day', 'from', 'to']) {
      expect(rows.filter((r) => r[column] !== '' && !isNumber(r[column])).map((r) => r[column])).toEqual([]);
    }
    // A document reference's number is a code, not a number: it stays in normalized and value.
    const document = rows.find((r) => r.type === 'document' && JSON.parse(r.value).number !== undefined);
    if (document) expect(document.number).toBe('');
  });

  test('--columns chooses and orders the columns; --no-context leaves context out of every format', () => {
    const picked = runCli(['--format', 'csv', '--columns', 'type,normalized,number', NGHE_AN]);
    expect(picked.stdout.split('\n')[0]).toBe('type,normalized,number');
    expect(picked.stdout).toContain('\nstatistic,4.45%,4.45\n');
    const bad = runCli(['--format', 'csv', '--columns', 'type,nomalized', SEED]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--columns: no column "nomalized" \(columns: doc, headline/);
    expect(runCli(['--format', 'jsonl', '--columns', 'type', SEED]).status).toBe(2);
    const csv = runCli(['--format', 'csv', '--no-context', SEED]).stdout;
    expect(csv.split('\n')[0]).not.toContain('context');
    for (const format of ['json', 'jsonl']) expect(runCli(['--format', format, '--no-context', SEED]).stdout).not.toContain('"context"');
    expect(runCli(['--format', 'jsonl', SEED]).stdout).toContain('"context"');
  });

  test('--meta-output writes the documents to a table of their own', () => {
    const dir = tempDir();
    const meta = path.join(dir, 'documents.csv');
    const { status, stdout } = runCli(['--format', 'csv', '--meta-output', meta, ...SEEDS]);
    expect(status).toBe(0);
    const documents: Array<Record<string, string>> = parse(fs.readFileSync(meta, 'utf8'), { columns: true });
    expect(documents.map((d) => d.doc)).toEqual(SEEDS);
    expect(Object.keys(documents[0])).toEqual(['doc', 'headline', 'published', 'source', 'author']);
    expect(documents[0].published).toBe('2021-03-02');
    expect(stdout.split('\n')[0].startsWith('doc,headline,published,type,')).toBe(true);
    expect(runCli(['--format', 'jsonl', '--meta-output', meta, SEED]).status).toBe(2);
  });

  test('--bom with JSON is ignored, with a warning', () => {
    const { status, stdout, stderr } = runCli(['--format', 'json', '--bom', SEED]);
    expect(status).toBe(0);
    expect(stdout.startsWith('[')).toBe(true);
    expect(stderr).toContain('--bom applies to csv and tsv only; ignored for json');
  });

  test('--bom starts CSV with a byte-order mark for Excel', () => {
    const { stdout } = runCli(['--format', 'csv', '--bom', SEED]);
    expect(stdout.startsWith('\uFEFFdoc,headline,')).toBe(true);
  });

  test('--types keeps only the named types; an unknown type is a usage error', () => {
    const { stdout } = runCli(['--format', 'jsonl', '--types', 'term', SEED]);
    const types = new Set(
      stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).type),
    );
    expect(types).toEqual(new Set(['meta', 'term']));
    const bad = runCli(['--types', 'dates', SEED]);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toMatch(/^extract: --types: no rule makes records of type "dates"/);
  });

  test('- reads standard input', () => {
    const { status, stdout } = runCli(['--format', 'jsonl', '-'], {
      input: 'Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 21, nhiệm kỳ 2015 - 2020\n',
    });
    expect(status).toBe(0);
    const records = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(records[0].doc).toBe('-');
    expect(records.map((r) => r.normalized)).toEqual(expect.arrayContaining(['lần thứ 21', 'nhiệm kỳ 2015-2020']));
  });

  test('--date sets the reference date for day-month dates', () => {
    const input = 'Tiêu đề\n\nSáng 2/3, hội nghị khai mạc.\n';
    const { stdout } = runCli(['--format', 'jsonl', '--types', 'date', '--date', '2019-05-01', '-'], { input });
    const date = JSON.parse(stdout.trim().split('\n')[1]);
    expect(date).toMatchObject({ normalized: '2019-03-02', value: { inferred: ['year'], reference: 'option' } });
    expect(runCli(['--date', '2019-02-30', '-'], { input }).status).toBe(2);
  });

  test('-o writes the file whole, and refuses to overwrite an input', () => {
    const dir = tempDir();
    const input = path.join(dir, 'a.txt');
    fs.copyFileSync(path.join(ROOT, SEED), input);
    const out = path.join(dir, 'out.jsonl');
    const ok = runCli(['--format', 'jsonl', '-o', out, input]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toBe('');
    expect(fs.readFileSync(out, 'utf8')).toBe(runCli(['--format', 'jsonl', input]).stdout);
    expect(fs.readdirSync(dir).sort()).toEqual(['a.txt', 'out.jsonl']);

    const refused = runCli(['-o', input, input]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/is one of the inputs; refusing to overwrite it/);
    const viaFolder = runCli(['-o', input, dir]);
    expect(viaFolder.status).toBe(2);
    expect(fs.readFileSync(input, 'utf8')).toBe(fs.readFileSync(path.join(ROOT, SEED), 'utf8'));
  });

  test('a missing file is reported on one line; the other files are still processed; exit 1', () => {
    const { status, stdout, stderr } = runCli(['--format', 'jsonl', 'no-such.txt', SEED]);
    expect(status).toBe(1);
    expect(stderr.trim()).toBe('extract: no-such.txt: no such file or folder');
    expect(stdout).toContain('"type":"meta"');
  });

  test('--help shows every option with examples; --version the version; no inputs is a usage error', () => {
    const help = runCli(['--help']);
    expect(help.status).toBe(0);
    for (const option of [
      '--format',
      '--output',
      '--types',
      '--rules',
      '--no-builtin-rules',
      '--date',
      '--quiet',
      '--bom',
      '--version',
      'Examples:',
      'Exit codes',
    ]) {
      expect(help.stdout).toContain(option);
    }
    expect(runCli(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const none = runCli([]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/no inputs given/);
    expect(runCli(['--format', 'xml', SEED]).status).toBe(2);
  });

  test('a broken rule file: one line with file, line, column and rule id; exit 2; no output', () => {
    const dir = tempDir();
    const file = path.join(dir, 'bad.yaml');
    fs.writeFileSync(file, "type: event\nrules:\n  - id: event.bad\n    pattern: 'Hội nghị {nope}'\n    normalized: x\n");
    const { status, stdout, stderr } = runCli(['--rules', file, SEED]);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(
      new RegExp(`^extract: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:4:14 rule event\\.bad: unknown block \\{nope\\}`),
    );
  });
});

describe('a new record type in YAML alone', () => {
  const dir = tempDir();
  const rules = path.join(dir, 'event.yaml');
  fs.writeFileSync(
    rules,
    `type: event
rules:
  - id: event.meeting
    description: A named meeting, congress or session
    pattern: '(?<kind>Hội nghị|Đại hội|kỳ họp)(?: (?:lần thứ|thứ) (?<n>{ordinal_number}))'
    normalized: '{kind:lower} {n:ordinal}'
    value: { kind: '{kind:lower}', number: '{n:ordinal}' }
    examples:
      - text: 'Hội nghị lần thứ 3 Ban Chấp hành Đảng bộ tỉnh'
        normalized: 'hội nghị 3'
      - text: 'Đại hội lần thứ XIX'
        normalized: 'đại hội 19'
      - text: 'hội nghị trực tuyến'
        none: true
`,
  );

  test.each(['json', 'jsonl', 'csv'])('event records come out in %s', (format) => {
    const { status, stdout } = runCli(['--rules', rules, '--types', 'event', '--format', format, 'seeds/004_d6215770de576872.txt']);
    expect(status).toBe(0);
    expect(stdout).toContain('hội nghị 3');
    if (format === 'csv') expect(stdout).toMatch(/\nseeds\/004_d6215770de576872\.txt,[^\n]*,event,Hội nghị lần thứ 3,hội nghị 3,/);
  });

  test('rules list shows it beside the built-in rules; rules test runs its examples', () => {
    const list = runCli(['rules', 'list', '--rules', rules]);
    expect(list.stdout).toMatch(/^id\s+type\s+file\s+examples$/m);
    expect(list.stdout).toMatch(/event\.meeting\s+event\s+\S*event\.yaml:3\s+3/);
    expect(list.stdout).toMatch(/term\.khoa\s+term\s+rules\/term\.yaml:\d+\s+\d+/);
    const tested = runCli(['rules', 'test', rules]);
    expect(tested.status).toBe(0);
    expect(tested.stdout).toMatch(/^rules: \d+ passed, 0 failed$/m);
  });

  test('rules test prints each failing example with text, expected and actual, and exits 1', () => {
    const failing = path.join(dir, 'failing.yaml');
    fs.writeFileSync(
      failing,
      `type: event
rules:
  - id: event.wrong
    pattern: 'kỳ họp thứ (?<n>\\d+)'
    normalized: 'session {n:int}'
    examples:
      - text: 'kỳ họp thứ 2'
        normalized: 'session 3'
`,
    );
    const { status, stdout } = runCli(['rules', 'test', failing]);
    expect(status).toBe(1);
    expect(stdout).toContain('FAIL ');
    expect(stdout).toContain('event.wrong');
    expect(stdout).toContain('text:     kỳ họp thứ 2');
    expect(stdout).toContain('expected: a match with normalized "session 3"');
    expect(stdout).toContain('got:      event.wrong "kỳ họp thứ 2" → "session 2"');
    expect(stdout).toMatch(/1 failed/);
  });

  test('--no-builtin-rules runs the user rules alone', () => {
    const { stdout } = runCli(['--no-builtin-rules', '--rules', rules, '--format', 'jsonl', 'seeds/004_d6215770de576872.txt']);
    const types = new Set(
      stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).type),
    );
    expect(types).toEqual(new Set(['meta', 'event']));
  });
});

describe('extract eval', () => {
  const gold = path.join(ROOT, 'test', 'fixtures', 'gold-seeds.jsonl');

  test('prints precision, recall and F1 per type and published/headline accuracy', () => {
    const { status, stdout } = runCli(['eval', '--gold', gold, 'seeds/*.txt']);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^documents: 5$/m);
    expect(stdout).toMatch(/^term\s+1\.000\s+1\.000\s+1\.000/m);
    expect(stdout).toMatch(/^headline\s+accuracy 1\.000 \(5\/5\)$/m);
  });

  test('--json for machines, --misses lists misses and false hits', () => {
    const { stdout } = runCli(['eval', '--gold', gold, '--json', '--misses', 'seeds/*.txt']);
    const report = JSON.parse(stdout);
    expect(report.types.document).toMatchObject({ precision: 1, recall: 1, f1: 1 });
    expect(Array.isArray(report.misses)).toBe(true);
    const onlyTerms = runCli(['eval', '--gold', gold, '--types', 'term,document', 'seeds/*.txt']);
    expect(onlyTerms.stdout).toMatch(/^term\s/m);
    expect(onlyTerms.stdout).not.toMatch(/^date\s/m);
    expect(runCli(['eval', '--gold', gold, '--types', 'x', 'seeds/*.txt']).status).toBe(2);
  });
});

describe('extract people', () => {
  test('one row per distinct person with titles, places, documents and mentions', () => {
    const { status, stdout } = runCli(['people', 'seeds/*.txt']);
    expect(status).toBe(0);
    const people = JSON.parse(stdout) as Array<{
      person: string;
      titles: string[];
      places: string[];
      documents: string[];
      mentions: number;
    }>;
    const quy = people.find((p) => p.person === 'Thái Thanh Quý')!;
    expect(quy.titles).toEqual(
      expect.arrayContaining(['Bí thư Tỉnh ủy', 'Ủy viên Ban Chấp hành Trung ương Đảng', 'Ủy viên dự khuyết Trung ương Đảng']),
    );
    expect(quy.documents).toEqual(['seeds/000_f9955ed6df11a9aa.txt', 'seeds/002_3a75aa43bb829af5.txt']);
    expect(quy.mentions).toBeGreaterThanOrEqual(5);
    expect(people.find((p) => p.person === 'Ngô Đông Hải')!.places).toEqual(['Thái Bình']);
    expect(people.map((p) => p.person)).not.toContain('Thái Hòa');
    expect(new Set(people.map((p) => p.person)).size).toBe(people.length);
  });

  test('CSV with one fixed header', () => {
    const { stdout } = runCli(['people', '--format', 'csv', 'seeds/003_c1d1f7f42b3b49c0.txt']);
    const rows: string[][] = parse(stdout);
    expect(rows[0]).toEqual(['person', 'titles', 'places', 'documents', 'mentions']);
    expect(rows).toContainEqual([
      'Nguyễn Khắc Thận',
      'Phó Bí thư Tỉnh ủy; Chủ tịch Ủy ban nhân dân tỉnh',
      '',
      'seeds/003_c1d1f7f42b3b49c0.txt',
      '1',
    ]);
  });

  describe('--positions: who held which post when', () => {
    test('one row per person, title and place, with the first and last article date and the documents', () => {
      const { status, stdout } = runCli(['people', '--positions', '--format', 'csv', 'seeds/*.txt']);
      expect(status).toBe(0);
      const rows: Array<Record<string, string>> = parse(stdout, { columns: true });
      expect(Object.keys(rows[0])).toEqual(['person', 'title', 'place', 'first', 'last', 'documents', 'mentions']);
      expect(rows).toContainEqual({
        person: 'Thái Thanh Quý',
        title: 'Bí thư Tỉnh ủy',
        place: '',
        first: '2020-07-23',
        last: '2021-03-02',
        documents: 'seeds/000_f9955ed6df11a9aa.txt; seeds/002_3a75aa43bb829af5.txt',
        mentions: expect.stringMatching(/^\d+$/),
      });
      // Seen without its place and with one place: one post.
      expect(rows.filter((r) => r.person === 'Ngô Đông Hải' && r.title === 'Bí thư Tỉnh ủy').map((r) => r.place)).toEqual(['Thái Bình']);
    });

    test('a place under one spelling, and the reference date for an article without one', () => {
      const file = path.join(tempDir(), 'city.txt');
      fs.writeFileSync(file, 'Tin\n\nÔng Nguyễn Văn An, Chủ tịch UBND TP.HCM, cho biết. Chủ tịch UBND TPHCM Nguyễn Văn An nói thêm.\n');
      const { status, stdout } = runCli(['people', '--positions', '--format', 'json', '--date', '2024-05-01', file]);
      expect(status).toBe(0);
      expect(JSON.parse(stdout)).toEqual([
        {
          person: 'Nguyễn Văn An',
          title: 'Chủ tịch Ủy ban nhân dân thành phố',
          place: 'Thành phố Hồ Chí Minh',
          first: '2024-05-01',
          last: '2024-05-01',
          documents: [file],
          mentions: 2,
        },
      ]);
    });
  });
});
