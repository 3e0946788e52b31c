/** Messy input, broken and hostile rules: nothing crashes, nothing is lost (the built bin, spawned). */
import * as fs from 'fs';
import * as path from 'path';
import { spawn, spawnSync } from 'child_process';
import * as iconv from 'iconv-lite';
import { BIN, HAS_SHARED, ROOT, runCli, SHARED, tempDir, waitFor } from '../helpers';

const SEED = path.join(ROOT, 'seeds', '000_f9955ed6df11a9aa.txt');

/** The seed without the few characters legacy Vietnamese encodings cannot hold, one for one. */
function representable(text: string): string {
  return text
    .normalize('NFC')
    .replace(/…/g, '.')
    .replace(/[“”]/g, '"')
    .replace(/\u00A0/g, ' ');
}

/** Windows-1258 keeps â ê ô ă ơ ư precomposed and writes the tone as a combining mark. */
function toWindows1258(text: string): Buffer {
  const parts: Buffer[] = [];
  for (const ch of text) {
    const direct = iconv.encode(ch, 'windows1258');
    if (iconv.decode(direct, 'windows1258') === ch) {
      parts.push(direct);
      continue;
    }
    const decomposed = ch.normalize('NFD');
    const tone = decomposed.match(/[\u0300\u0301\u0303\u0309\u0323]/u)?.[0] ?? '';
    parts.push(iconv.encode(decomposed.replace(tone, '').normalize('NFC') + tone, 'windows1258'));
  }
  return Buffer.concat(parts);
}

const recordsOf = (jsonl: string) =>
  jsonl
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
    .map(({ doc, ...rest }) => ({ doc: path.basename(doc), ...rest }));

describe('encodings', () => {
  const dir = tempDir();
  const text = representable(fs.readFileSync(SEED, 'utf8'));
  const encoded: Record<string, Buffer> = {
    'utf8.txt': Buffer.from(text, 'utf8'),
    'utf8-bom.txt': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]),
    'utf16le.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    'utf16be.txt': Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]),
    'nfd.txt': Buffer.from(text.normalize('NFD'), 'utf8'),
    'windows1258.txt': toWindows1258(text),
    'viscii.txt': iconv.encode(text, 'viscii'),
    'tcvn3.txt': iconv.encode(text, 'tcvn'),
  };
  for (const [name, bytes] of Object.entries(encoded)) fs.writeFileSync(path.join(dir, name), bytes);

  test('every encoding gives the same records as UTF-8, detected without being told', () => {
    const { status, stdout, stderr } = runCli(['--format', 'jsonl', dir]);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const byDoc = new Map<string, unknown[]>();
    for (const r of recordsOf(stdout)) byDoc.set(r.doc, [...(byDoc.get(r.doc) ?? []), { ...r, doc: undefined }]);
    const reference = byDoc.get('utf8.txt')!;
    expect(reference.length).toBeGreaterThan(50);
    for (const name of Object.keys(encoded)) expect([name, byDoc.get(name)]).toEqual([name, reference]);
  });

  test('--encoding forces one; an unknown name is a usage error', () => {
    const forced = runCli(['--format', 'jsonl', '--encoding', 'viscii', path.join(dir, 'viscii.txt')]);
    expect(recordsOf(forced.stdout).length).toBeGreaterThan(50);
    expect(runCli(['--encoding', 'klingon', path.join(dir, 'utf8.txt')]).status).toBe(2);
  });

  test('text in no known encoding is read as UTF-8 with a warning naming the file', () => {
    const odd = path.join(dir, 'odd.bin.txt');
    fs.writeFileSync(
      odd,
      Buffer.concat([Buffer.from('Tin\n\n'), Buffer.from([0xc3, 0x28, 0xa0, 0xa1]), Buffer.from(' nhiệm kỳ 2020-2025\n')]),
    );
    const { status, stderr, stdout } = runCli(['--format', 'jsonl', odd]);
    expect(status).toBe(0);
    expect(stderr).toMatch(/^extract: warning: .*odd\.bin\.txt: not valid UTF-8/);
    expect(stdout).toContain('nhiệm kỳ 2020-2025');
  });
});

const describeShared = HAS_SHARED ? describe : describe.skip;
describeShared('a VNTC file as published (UTF-16 LE, BOM, CRLF)', () => {
  test('gives the same records as its UTF-8 copy', () => {
    const raw = runCli(['--format', 'jsonl', path.join(SHARED, 'corpus', 'raw', '001-utf16.txt')]);
    const utf8 = runCli(['--format', 'jsonl', path.join(SHARED, 'corpus', 'dev', '001.txt')]);
    // Offsets, lines and context windows move with the two-character CRLF line ends.
    const strip = (out: string) => recordsOf(out).map(({ doc: _doc, start: _s, end: _e, line: _l, column: _c, context: _x, ...r }) => r);
    expect(strip(raw.stdout)).toEqual(strip(utf8.stdout));
  });
});

describe('messy text', () => {
  test('CRLF, CR, tabs, no-break and zero-width spaces, HTML entities: offsets stay true', () => {
    const dir = tempDir();
    const file = path.join(dir, 'messy.txt');
    const messy =
      'Tin\r\n\r\nSáng\u00A02/3,\tBí thư Tỉnh ủy Thái\u200BThanh Quý dự Hội nghị lần thứ 21,\rnhiệm kỳ 2020 –\u00A02025.\r\n' +
      'Sở GD&amp;ĐT có 1.200 giáo viên &gt; 5% so với năm 2019; Nghị quyết số 04&#8209;NQ/TW.\n';
    fs.writeFileSync(file, messy);
    const { status, stdout } = runCli(['--format', 'json', file]);
    expect(status).toBe(0);
    const [doc] = JSON.parse(stdout);
    const documentText = messy.replace('&amp;', '&').replace('&gt;', '>').replace('&#8209;', '\u2011').normalize('NFC');
    for (const r of doc.records) expect(documentText.slice(r.start, r.end)).toBe(r.text);
    const normalized = doc.records.map((r: { normalized: string }) => r.normalized);
    expect(normalized).toEqual(expect.arrayContaining(['lần thứ 21', 'nhiệm kỳ 2020-2025', '1200', '5%', '04-NQ/TW']));
  });

  test('empty and whitespace-only files give metadata and no records', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'empty.txt'), '');
    fs.writeFileSync(path.join(dir, 'blank.txt'), ' \n\t\r\n  \n');
    const { status, stdout } = runCli(['--format', 'json', dir]);
    expect(status).toBe(0);
    const docs = JSON.parse(stdout);
    expect(docs).toHaveLength(2);
    for (const d of docs) expect(d).toMatchObject({ meta: { headline: null, published: null }, records: [] });
  });

  test('a long single line (2 MB) is processed', () => {
    const dir = tempDir();
    const line = 'Bí thư Tỉnh ủy Thái Thanh Quý dự kỳ họp thứ 2, nhiệm kỳ 2020-2025, tăng 4,45%. '.repeat(25000);
    fs.writeFileSync(path.join(dir, 'long.txt'), line);
    const { status, stdout } = runCli(['--format', 'jsonl', '--types', 'term', path.join(dir, 'long.txt')]);
    expect(status).toBe(0);
    expect(stdout.trim().split('\n').length).toBe(1 + 50000);
  }, 60000);
});

describe('files that cannot be read', () => {
  test('a binary file, a missing file and a folder with no text are reported one line each; the rest is processed', () => {
    const dir = tempDir();
    const bin = path.join(dir, 'image.txt');
    fs.writeFileSync(bin, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
    const emptyDir = path.join(dir, 'nothing');
    fs.mkdirSync(emptyDir);
    const { status, stdout, stderr } = runCli(['--format', 'jsonl', bin, 'missing.txt', emptyDir, SEED]);
    expect(status).toBe(1);
    const lines = stderr.trim().split('\n').sort();
    expect(lines).toEqual(
      [
        `extract: ${bin}: not a text file (binary content)`,
        `extract: ${emptyDir}: folder holds no .txt files`,
        'extract: missing.txt: no such file or folder',
      ].sort(),
    );
    expect(stdout).toContain('"doc":"' + SEED + '","type":"meta"');
  });

  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  (asRoot ? test.skip : test)('an unreadable file is reported (permissions)', () => {
    const dir = tempDir();
    const locked = path.join(dir, 'locked.txt');
    fs.writeFileSync(locked, 'nhiệm kỳ 2020-2025');
    fs.chmodSync(locked, 0);
    const { status, stderr } = runCli([locked, SEED]);
    expect(status).toBe(1);
    expect(stderr).toContain(`extract: ${locked}: permission denied`);
  });

  test('a path given twice is read once, with a warning', () => {
    const { stdout, stderr } = runCli(['--format', 'jsonl', SEED, SEED]);
    expect(stderr).toContain('given more than once, read once');
    expect(stdout.split('\n').filter((l) => l.includes('"type":"meta"'))).toHaveLength(1);
  });

  test('a folder with thousands of files', () => {
    const dir = tempDir();
    for (let i = 0; i < 2000; i++)
      fs.writeFileSync(path.join(dir, `${String(i).padStart(4, '0')}.txt`), `Tin ${i}\n\nkỳ họp thứ ${(i % 20) + 1}\n`);
    const { status, stdout } = runCli(['--format', 'jsonl', '--types', 'term', dir]);
    expect(status).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.type === 'meta')).toHaveLength(2000);
    expect(lines.filter((l) => l.type === 'term')).toHaveLength(2000);
    expect(lines[0].doc).toBe(path.join(dir, '0000.txt'));
  });
});

describe('hostile rules', () => {
  test('a rule with catastrophic backtracking is stopped by the time budget and named; the run goes on', () => {
    const dir = tempDir();
    const rules = path.join(dir, 'evil.yaml');
    fs.writeFileSync(
      rules,
      "type: evil\nrules:\n  - id: evil.nested\n    pattern: '(?:(?:[\\p{L}]+\\s?)+)+:'\n    normalized: '{match}'\n",
    );
    const words = ['nhiệm', 'kỳ', 'Đảng', 'bộ', 'tỉnh', 'khóa', 'Hội', 'nghị', 'Ban', 'Chấp', 'hành'];
    let body = '';
    for (let i = 0; body.length < 100000; i++) body += words[(i * 7) % words.length] + ' ';
    const file = path.join(dir, 'adversarial.txt');
    // The colon up front: without one anywhere the rule could not match, and would not run.
    fs.writeFileSync(file, `Tiêu đề: x\n\nnhiệm kỳ 2020-2025. ${body}\n`);
    const started = Date.now();
    const { status, stdout, stderr } = runCli(['--rules', rules, '--timeout', '3', '--format', 'jsonl', file, SEED]);
    // Stopped, not left to run for ever: a bound far above what the budget gives on an idle
    // machine (about 13-17 s: the budget, a fresh worker, the document again), for a busy one.
    expect(Date.now() - started).toBeLessThan(40000);
    expect(status).toBe(1);
    expect(stderr).toContain(`extract: ${file}: rule evil.nested overran the time budget`);
    expect(stdout).toContain('"normalized":"nhiệm kỳ 2020-2025"');
    expect(stdout).toContain(`"doc":"${SEED}","type":"meta"`);
  });
});

describe('output', () => {
  test('extract … | head -1 exits quietly', () => {
    const result = spawnSync('bash', ['-o', 'pipefail', '-c', `node ${BIN} --format jsonl seeds/*.txt seeds/*.txt | head -1`], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(result.stderr.replace(/extract: warning: .*given more than once.*\n/g, '')).toBe('');
  });

  test('Ctrl-C during a run leaves no partial output file', async () => {
    const dir = tempDir();
    const rules = path.join(dir, 'slow.yaml');
    fs.writeFileSync(
      rules,
      "type: slow\nrules:\n  - id: slow.nested\n    pattern: '(?:(?:[\\p{L}]+\\s?)+)+:'\n    normalized: '{match}'\n",
    );
    const file = path.join(dir, 'input.txt');
    fs.writeFileSync(file, 'Tin\n\n' + 'nhiệm kỳ khóa Đảng bộ '.repeat(5000));
    const out = path.join(dir, 'out.jsonl');
    const child = spawn(process.execPath, [BIN, '--rules', rules, '--timeout', '60', '--format', 'jsonl', '-o', out, SEED, file], {
      cwd: ROOT,
    });
    // Mid-run: the output is open as a temporary file, and the slow rule keeps the run going for a minute.
    await waitFor(() => fs.readdirSync(dir).some((f) => f.endsWith('.tmp')), 'the temporary output file');
    child.kill('SIGINT');
    await new Promise((r) => child.on('exit', r));
    expect(fs.readdirSync(dir).sort()).toEqual(['input.txt', 'slow.yaml']);
  });
});

describe('--jobs', () => {
  const corpus = [path.join(ROOT, 'seeds'), ...(HAS_SHARED ? [path.join(SHARED, 'corpus', 'dev')] : [])];

  test.each(['jsonl', 'html'])('a small input extracted in the main thread gives what a worker gives (%s)', (format) => {
    const inProcess = runCli(['--format', format, ...corpus]);
    const pooled = runCli(['--format', format, '--jobs', '1', ...corpus]);
    expect(inProcess.status).toBe(0);
    expect(inProcess.stdout).toBe(pooled.stdout);
    expect(inProcess.stderr).toBe(pooled.stderr);
  });

  test('standard input, in the main thread and through a worker, gives the same records', () => {
    const input = fs.readFileSync(SEED);
    const inProcess = runCli(['--format', 'jsonl', '-'], { input });
    const pooled = runCli(['--format', 'jsonl', '--jobs', '1', '-'], { input });
    expect(inProcess.status).toBe(0);
    expect(inProcess.stdout).toBe(pooled.stdout);
  });

  test('--jobs 1 and --jobs 2 give byte-identical output, in input order', () => {
    const one = runCli(['--format', 'jsonl', '--jobs', '1', ...corpus]);
    const two = runCli(['--format', 'jsonl', '--jobs', '2', ...corpus]);
    expect(one.status).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    const docs = one.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((r) => r.type === 'meta')
      .map((r) => r.doc);
    expect(docs).toEqual([...docs].sort());
    expect(runCli(['--jobs', '0', 'seeds']).status).toBe(2);
  }, 120000);

  test('no progress line when stderr is not a terminal', () => {
    const { stderr } = runCli(['--format', 'jsonl', 'seeds', 'seeds/*.txt', ...(HAS_SHARED ? [path.join(SHARED, 'corpus', 'dev')] : [])]);
    expect(stderr).not.toContain('MB/s');
  });
});
