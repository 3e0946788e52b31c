/**
 * The second round of hostile input: special files as output and input, symlink loops,
 * unreadable folders, full disks, runaway rule sets, terminal escapes. Each case here
 * lost data, hung or crashed before it was fixed (the built bin, spawned).
 */
import * as fs from 'fs';
import * as path from 'path';
import { spawn, spawnSync } from 'child_process';
import { BIN, binArgs, ROOT, runCli, tempDir } from '../helpers';

const SEED = path.join(ROOT, 'seeds', '000_f9955ed6df11a9aa.txt');
const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs the bin without blocking the test's event loop (for a FIFO's reader to run beside it). */
function runCliAsync(args: string[], cwd = ROOT): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, binArgs(args), { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Reads a FIFO to its end in a child process; resolves with what it read. */
function drainFifo(fifo: string): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn('cat', [fifo]);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', () => resolve(out));
  });
}

const lines = (s: string) => s.trim().split('\n').filter(Boolean);

describe('-o onto what is not a plain new file', () => {
  const expected = runCli(['--format', 'jsonl', SEED]).stdout;

  test('a FIFO is written, not replaced, and its reader gets every record', async () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'pipe');
    spawnSync('mkfifo', [fifo]);
    const [read, run] = await Promise.all([drainFifo(fifo), runCliAsync(['--format', 'jsonl', '-o', fifo, SEED])]);
    expect(run.status).toBe(0);
    expect(read).toBe(expected);
    expect(fs.lstatSync(fifo).isFIFO()).toBe(true);
  });

  test('/dev/stdout delivers the records to standard output', () => {
    const { status, stdout } = runCli(['--format', 'jsonl', '-o', '/dev/stdout', SEED]);
    expect(status).toBe(0);
    expect(stdout).toBe(expected);
  });

  (asRoot ? test : test.skip)('a character device is written in place, never turned into a file', () => {
    const dir = tempDir();
    const device = path.join(dir, 'null');
    expect(spawnSync('mknod', [device, 'c', '1', '3']).status).toBe(0);
    const { status } = runCli(['--format', 'jsonl', '-o', device, SEED]);
    expect(status).toBe(0);
    expect(fs.lstatSync(device).isCharacterDevice()).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['null']);
  });

  test("a symlink's target is written and the link kept", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'real.jsonl'), 'old');
    fs.symlinkSync('real.jsonl', path.join(dir, 'link.jsonl'));
    const { status } = runCli(['--format', 'jsonl', '-o', path.join(dir, 'link.jsonl'), SEED]);
    expect(status).toBe(0);
    expect(fs.lstatSync(path.join(dir, 'link.jsonl')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'real.jsonl'), 'utf8')).toBe(expected);
    // A link to a file that does not exist yet creates that file.
    fs.symlinkSync('new.jsonl', path.join(dir, 'dangling.jsonl'));
    expect(runCli(['--format', 'jsonl', '-o', path.join(dir, 'dangling.jsonl'), SEED]).status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'new.jsonl'), 'utf8')).toBe(expected);
    expect(fs.readdirSync(dir).sort()).toEqual(['dangling.jsonl', 'link.jsonl', 'new.jsonl', 'real.jsonl']);
  });

  test('an existing file keeps its mode', () => {
    const dir = tempDir();
    const out = path.join(dir, 'private.jsonl');
    fs.writeFileSync(out, 'old');
    fs.chmodSync(out, 0o600);
    expect(runCli(['--format', 'jsonl', '-o', out, SEED]).status).toBe(0);
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(out, 'utf8')).toBe(expected);
  });
});

describe('output that cannot be written', () => {
  test('a missing folder, a folder as output, a read-only folder: one line, exit 2, before any work', () => {
    const dir = tempDir();
    const cases: Array<[string, RegExp]> = [
      [path.join(dir, 'missing', 'out.json'), /missing\/out\.json: cannot write the output: its folder does not exist$/],
      [dir, /: cannot write the output: is a folder$/],
    ];
    if (!asRoot) {
      const locked = path.join(dir, 'locked');
      fs.mkdirSync(locked, 0o555);
      cases.push([path.join(locked, 'out.json'), /cannot write the output: permission denied$/]);
    }
    for (const [target, message] of cases) {
      const { status, stdout, stderr } = runCli(['-o', target, SEED]);
      expect([target, status]).toEqual([target, 2]);
      expect(stdout).toBe('');
      expect(lines(stderr)).toHaveLength(1);
      expect(stderr.trim()).toMatch(message);
    }
  });

  test('a full disk behind standard output (the bin run from its #! line): one line, no stack trace, exit 1', () => {
    const result = spawnSync('bash', ['-c', `${BIN} ${SEED} > /dev/full`], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('extract: standard output: cannot write the output: no space left on the device');
  });

  test('-o >(cmd) reaches the command', () => {
    const result = spawnSync(
      'bash',
      ['-c', `node ${BIN} --format jsonl -o >(wc -l > count.txt) ${SEED}; while [ ! -s count.txt ]; do sleep 0.05; done; cat count.txt`],
      {
        cwd: tempDir(),
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      },
    );
    expect(result.status).toBe(0);
    expect(Number(result.stdout.trim())).toBeGreaterThan(50);
  });

  test('a usage error writes nothing to standard output', () => {
    for (const args of [
      ['--timeout', '0'],
      ['--jobs', 'x'],
      ['--types', 'nosuch'],
      ['--date', '2020-13-01'],
    ]) {
      const { status, stdout } = runCli([...args, SEED]);
      expect([args, status, stdout]).toEqual([args, 2, '']);
    }
  });
});

describe('folders that loop, and folders that cannot be read', () => {
  test('a symlink loop is reported once and each real file read once', () => {
    const dir = tempDir();
    const inner = path.join(dir, 'a', 'b');
    fs.mkdirSync(inner, { recursive: true });
    fs.copyFileSync(SEED, path.join(inner, 'x.txt'));
    fs.symlinkSync('..', path.join(inner, 'up'));
    fs.symlinkSync('../..', path.join(inner, 'top'));
    fs.symlinkSync('x.txt', path.join(inner, 'same.txt'));
    for (const input of [dir, path.join(dir, '**', '*.txt')]) {
      const { status, stdout, stderr } = runCli(['--format', 'jsonl', input]);
      expect(status).toBe(0);
      expect(lines(stdout).filter((l) => l.includes('"type":"meta"'))).toHaveLength(1);
      const warnings = lines(stderr);
      expect(warnings).toHaveLength(2);
      for (const w of warnings) expect(w).toMatch(/^extract: warning: .*: symbolic link back into a folder being read; not followed$/);
    }
  });

  test('a path past PATH_MAX is one line naming it; the rest is processed, exit 1', () => {
    const dir = tempDir();
    fs.copyFileSync(SEED, path.join(dir, 'top.txt'));
    // Built a step at a time with relative paths: no single call sees the whole path.
    const name = 'd'.repeat(200);
    const script = `import os\nos.chdir(${JSON.stringify(dir)})\nfor i in range(25):\n    os.mkdir(${JSON.stringify(name)}); os.chdir(${JSON.stringify(name)})\nopen('deep.txt','w').write('x')\n`;
    expect(spawnSync('python3', ['-c', script]).status).toBe(0);
    const deep = path.join(dir, ...Array(21).fill(name));
    const { status, stdout, stderr } = runCli(['--format', 'jsonl', dir]);
    expect(status).toBe(1);
    expect(lines(stdout).filter((l) => l.includes('"type":"meta"'))).toHaveLength(1);
    expect(lines(stderr)).toHaveLength(1);
    expect(stderr).toMatch(/^extract: .*d{200}: cannot read folder: the path is too long\n$/);
    expect(stderr).not.toMatch(/internal error|\n\s+at /);
    expect(deep.length).toBeGreaterThan(4096);
  });

  (asRoot ? test.skip : test)('an unreadable subfolder is one line naming it; the rest is processed, exit 1', () => {
    const dir = tempDir();
    fs.copyFileSync(SEED, path.join(dir, 'top.txt'));
    fs.mkdirSync(path.join(dir, 'locked'));
    fs.chmodSync(path.join(dir, 'locked'), 0);
    const { status, stdout, stderr } = runCli(['--format', 'jsonl', dir]);
    expect(status).toBe(1);
    expect(stdout).toContain('"type":"meta"');
    expect(stderr.trim()).toBe(`extract: ${path.join(dir, 'locked')}: cannot read folder: permission denied`);
  });
});

describe('inputs that are not regular files', () => {
  test('a FIFO is read once and the run ends', async () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'in.txt');
    spawnSync('mkfifo', [fifo]);
    const writer = spawn('bash', ['-c', `cat ${SEED} > ${fifo}`]);
    const run = await runCliAsync(['--format', 'jsonl', fifo]);
    await new Promise((r) => (writer.exitCode === null ? writer.on('exit', r) : r(null)));
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(runCli(['--format', 'jsonl', SEED]).stdout.split(SEED).join(fifo));
  });

  test('/dev/zero is refused as binary at once, in bounded memory', () => {
    const { status, stdout, stderr } = runCli(['--format', 'jsonl', '/dev/zero', SEED]);
    expect(status).toBe(1);
    expect(stderr.trim()).toBe('extract: /dev/zero: not a text file (binary content)');
    expect(stdout).toContain(`"doc":"${SEED}","type":"meta"`);
  });

  test('a stream longer than the cap is refused with a message', async () => {
    const { readStream } = await import('../../src/cli/documents');
    const dir = tempDir();
    const fifo = path.join(dir, 'big.txt');
    spawnSync('mkfifo', [fifo]);
    const writer = spawn('bash', ['-c', `yes 'nhiệm kỳ 2020-2025' | head -c 200000 > ${fifo}`]);
    const read = await readStream(fifo, 100000);
    writer.kill();
    expect(read.error).toMatch(/^more than .* MB from a pipe or device; save it to a file/);
  });
});

describe('--jobs', () => {
  test('a huge --jobs is capped with a warning and starts no more workers than documents', async () => {
    const { workersFor } = await import('../../src/cli/pool');
    expect(workersFor([SEED], { jobs: 8, parts: { largeBytes: 4e6, sizes: { partBytes: 1, marginBytes: 1 } } })).toBe(1);
    expect(workersFor([SEED, SEED, SEED], { jobs: 2 })).toBe(2);
    const started = Date.now();
    const { status, stderr, stdout } = runCli(['--jobs', '1000', '--format', 'jsonl', SEED]);
    expect(status).toBe(0);
    expect(stderr).toMatch(/^extract: warning: --jobs 1000 is more than 4 per core on this machine \(\d+ cores\); using \d+\n$/);
    expect(lines(stdout).length).toBeGreaterThan(50);
    expect(Date.now() - started).toBeLessThan(30000);
  });
});

describe('bytes the decoder must not pass over in silence', () => {
  const text = fs.readFileSync(SEED, 'utf8');
  const dir = tempDir();
  const write = (name: string, bytes: Buffer) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    return file;
  };

  test('a NUL byte past the first 8 KB is refused as binary', () => {
    const file = write('late-nul.txt', Buffer.concat([Buffer.from(text.repeat(2)), Buffer.from([0]), Buffer.from('x')]));
    expect(Buffer.byteLength(text.repeat(2))).toBeGreaterThan(8192);
    const { status, stderr } = runCli([file]);
    expect(status).toBe(1);
    expect(stderr.trim()).toBe(`extract: ${file}: not a text file (binary content)`);
  });

  test('bad bytes after a UTF-8 byte-order mark, and a lone surrogate in UTF-16, are read with a warning', () => {
    const bom = write('bom-bad.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text), Buffer.from([0xff, 0xfe])]));
    const lone = write(
      'lone.txt',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le'), Buffer.from([0x00, 0xd8, 0x61, 0x00])]),
    );
    for (const [file, warning] of [
      [bom, 'holds bytes that are not valid UTF-8 after its byte-order mark; they are read as U+FFFD (try --encoding)'],
      [
        lone,
        'holds code units that are not valid UTF-16LE (a lone surrogate) after its byte-order mark; they are read as U+FFFD (try --encoding)',
      ],
    ]) {
      const { status, stdout, stderr } = runCli(['--format', 'jsonl', file]);
      expect(status).toBe(0);
      expect(stderr.trim()).toBe(`extract: warning: ${file}: ${warning}`);
      expect(lines(stdout).length).toBeGreaterThan(50);
    }
  });

  test('UTF-16 without a byte-order mark is refused with the --encoding that reads it', () => {
    const file = write('utf16-nobom.txt', Buffer.from(text, 'utf16le'));
    const { status, stderr } = runCli([file]);
    expect(status).toBe(1);
    expect(stderr.trim()).toBe(
      `extract: ${file}: not a text file (binary content); it looks like UTF-16LE without a byte-order mark: try --encoding utf-16le`,
    );
    expect(runCli(['--encoding', 'utf-16le', '--format', 'jsonl', file]).stdout).toContain('"type":"meta"');
  });

  test('a long UTF-8 file with a byte-order mark and a bad byte: read whole, warned, no false "changed"', () => {
    const body = Buffer.from((text + '\n\n').repeat(Math.ceil(4.2e6 / Buffer.byteLength(text))));
    const file = write(
      'long-bom-bad.txt',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body.subarray(0, 100000), Buffer.from([0xff]), body.subarray(100000)]),
    );
    const { status, stderr } = runCli(['--format', 'jsonl', '--types', 'term', file]);
    expect(stderr.trim()).toBe(
      `extract: warning: ${file}: holds bytes that are not valid UTF-8 after its byte-order mark; they are read as U+FFFD (try --encoding)`,
    );
    expect(status).toBe(0);
  });
});

describe('rule sets that pass the checks but would fail every document', () => {
  const dir = tempDir();
  const ruleFile = (name: string, body: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, `type: evil\n${body}`);
    return file;
  };
  const rule = (id: string, pattern: string, extra = '') => `  - id: ${id}\n    pattern: '${pattern}'\n    normalized: '{match}'\n${extra}`;

  test.each([
    [
      'a block that doubles forty times',
      () =>
        ruleFile(
          'double.yaml',
          `blocks:\n  a0: 'x'\n${Array.from({ length: 40 }, (_, i) => `  a${i + 1}: '{a${i}}{a${i}}'\n`).join('')}rules:\n${rule('evil.double', '{a40}')}`,
        ),
      /^extract: .*double\.yaml:\d+:\d+ rule evil\.double: block \{a\d+\} expands to more than 100,000 characters \(the limit for one pattern\)$/,
    ],
    [
      '20,000 nested groups',
      () => ruleFile('nested.yaml', `rules:\n${rule('evil.nested', '('.repeat(20000) + 'x' + ')'.repeat(20000))}`),
      /^extract: .*nested\.yaml:4:14 rule evil\.nested: groups nest more than 100 deep in the expanded pattern \(the limit\)$/,
    ],
    [
      '5,000 rules',
      () => ruleFile('many.yaml', `rules:\n${Array.from({ length: 5000 }, (_, i) => rule(`evil.r${i}`, `x${i}y`)).join('')}`),
      /^extract: .*many\.yaml:\d+:5 5,\d{3} rules in effect, more than the limit of 2,000$/,
    ],
    [
      'a block of 100,000 words',
      () =>
        ruleFile(
          'words.yaml',
          `blocks:\n  big:\n    words: [${Array.from({ length: 100000 }, (_, i) => `w${i}q`).join(',')}]\nrules:\n${rule('evil.words', '{big}')}`,
        ),
      /^extract: .*words\.yaml:4:12 block "big" has 100,000 words, more than the limit of 20,000$/,
    ],
  ])('%s is refused when it loads, naming the limit', (_what, make, message) => {
    const file = make();
    for (const args of [
      ['--rules', file, SEED],
      ['rules', 'test', file],
    ]) {
      const { status, stdout, stderr } = runCli(args);
      expect(status).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.trim()).toMatch(message);
    }
  });

  test('a rule with a million matches keeps its first 100,000, with a warning naming it; the document is kept', () => {
    const rules = ruleFile('every.yaml', `rules:\n${rule('evil.every', 'a', '    boundaries: false\n')}`);
    const file = path.join(dir, 'aaa.txt');
    fs.writeFileSync(file, `Tin\n\nnhiệm kỳ 2020-2025 ${'a'.repeat(1_000_000)}\n`);
    const { status, stdout, stderr } = runCli(['--rules', rules, '--format', 'jsonl', file]);
    expect(status).toBe(0);
    expect(stderr.trim()).toBe(
      `extract: warning: ${file}: rule evil.every matched more than 100,000 times; only the first 100,000 are kept`,
    );
    const out = lines(stdout);
    expect(out.filter((l) => l.includes('"type":"evil"'))).toHaveLength(100000);
    expect(out.filter((l) => l.includes('"normalized":"nhiệm kỳ 2020-2025"'))).toHaveLength(1);
  });

  test('a pattern that can match nothing does not loop on an emoji after a letter', () => {
    const rules = ruleFile('empty.yaml', `rules:\n${rule('evil.empty', 'x*')}`);
    const file = path.join(dir, 'emoji.txt');
    fs.writeFileSync(file, 'Tin\n\nchữ😀 và 😀😀x nữa, kỳ họp thứ 2\n');
    const { status, stdout, stderr } = runCli(['--rules', rules, '--timeout', '5', '--format', 'jsonl', file]);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(
      lines(stdout)
        .filter((l) => l.includes('"type":"evil"'))
        .map((l) => JSON.parse(l).text),
    ).toEqual(['x']);
  });
});

describe('control characters from data are shown, never sent to the terminal', () => {
  const ESC = '\u001b';
  const article = `Tin ${ESC}]0;pwned\u0007 mới\n\nSáng 2/3, Bí thư Tỉnh ủy ${ESC}[2J${ESC}[31mdự kỳ họp thứ 2\u009b31m, nhiệm kỳ 2020-2025.\u202e\n`;

  test('extract show renders escape sequences of the article as visible stand-ins, colour or not', async () => {
    const { renderTerminal } = await import('../../src/output/terminal');
    const { extract } = await import('../../src/extract/extract');
    const result = extract(article, { keepText: true });
    for (const colour of [true, false]) {
      const out = renderTerminal(`bad${ESC}[1mname.txt`, result, colour);
      // Only the colours the view paints itself (SGR sequences) may remain.
      const unpainted = out.replace(/\u001b\[[0-9;]*m/g, '');
      expect(unpainted).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
      expect(unpainted).toContain('␛]0;pwned␇');
      // (Without colour the figure `31m` is marked: `<U+009B>[31m](statistic)`.)
      expect(unpainted).toMatch(/<U\+009B>\[?31m/);
      expect(unpainted).toContain('<U+202E>');
      if (!colour) expect(out).not.toContain(ESC);
    }
  });

  test('the CLI view and file names in messages carry no control character', () => {
    const dir = tempDir();
    const file = path.join(dir, `odd\n${ESC}[31mname.txt`);
    fs.writeFileSync(file, article);
    const show = runCli(['show', file]);
    expect(show.status).toBe(0);
    expect(show.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(show.stdout).toContain('kỳ họp thứ 2');
    const missing = runCli([path.join(dir, `gone\n${ESC}]0;x\u0007.txt`)]);
    expect(missing.status).toBe(1);
    expect(lines(missing.stderr)).toHaveLength(1);
    expect(missing.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(missing.stderr).toContain('gone␊␛]0;x␇.txt: no such file or folder');
  });
});

describe('a copy of the built-in rules, edited, runs on its own', () => {
  test('--no-builtin-rules --rules copy gives the built-in output, and an edit to the copy takes effect', () => {
    const dir = tempDir();
    const copy = path.join(dir, 'my-rules');
    fs.cpSync(path.join(ROOT, 'rules'), copy, { recursive: true });
    const builtin = runCli(['--format', 'jsonl', SEED]);
    const copied = runCli(['--no-builtin-rules', '--rules', copy, '--format', 'jsonl', SEED]);
    expect(copied.stderr).toBe('');
    expect(copied.status).toBe(0);
    expect(copied.stdout).toBe(builtin.stdout);
    const gazetteers = path.join(copy, 'gazetteers.yaml');
    fs.writeFileSync(
      gazetteers,
      fs.readFileSync(gazetteers, 'utf8').replace('words: [Giáo dục và Đào tạo,', 'words: [Thủy sản, Giáo dục và Đào tạo,'),
    );
    const file = path.join(dir, 'a.txt');
    fs.writeFileSync(file, 'Tin\n\nBộ trưởng Bộ Thủy sản Tạ Quang Ngọc phát biểu.\n');
    const edited = runCli(['--no-builtin-rules', '--rules', copy, '--types', 'title', '--format', 'jsonl', file]);
    expect(edited.stdout).toContain('"normalized":"Bộ trưởng Bộ Thủy sản"');
  });
});

describe('extract rules list --stats', () => {
  test("reports each rule's longest expanded pattern and the longest of all", () => {
    const { status, stdout } = runCli(['rules', 'list', '--stats']);
    expect(status).toBe(0);
    expect(stdout.split('\n')[0]).toMatch(/^id\s+type\s+file\s+examples\s+patterns\s+longest$/);
    const summary = stdout.trim().split('\n').pop()!;
    expect(summary).toMatch(/^\d+ rules, \d+ patterns, \d+ characters expanded; the longest pattern: \d+ characters \([\w.-]+\)$/);
    const longest = Number(/longest pattern: (\d+)/.exec(summary)![1]);
    const perRule = stdout
      .trim()
      .split('\n')
      .slice(1, -1)
      .map((l) => Number(l.trim().split(/\s+/).pop()));
    expect(Math.max(...perRule)).toBe(longest);
  });
});
