/**
 * The second round of hostile input: special files as output and input, symlink loops,
 * unreadable folders, full disks, runaway rule sets, terminal escapes. Each case here
 * lost data, hung or crashed before it was fixed (the built bin, spawned).
 */
import * as fs from 'fs';
import * as path from 'path';
import { spawn, spawnSync } from 'child_process';
import { BIN, ROOT, runCli, tempDir } from '../helpers';

const SEED = path.join(ROOT, 'seeds', '000_f9955ed6df11a9aa.txt');
const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs the bin without blocking the test's event loop (for a FIFO's reader to run beside it). */
function runCliAsync(args: string[], cwd = ROOT): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
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

  test('a full disk behind standard output: one line, no stack trace, exit 1', () => {
    const result = spawnSync('bash', ['-c', `node ${BIN} ${SEED} > /dev/full`], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('extract: standard output: cannot write the output: no space left on the device');
  });

  test('-o >(cmd) reaches the command', () => {
    const result = spawnSync('bash', ['-c', `node ${BIN} --format jsonl -o >(wc -l > count.txt) ${SEED}; while [ ! -s count.txt ]; do sleep 0.05; done; cat count.txt`], {
      cwd: tempDir(),
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(result.status).toBe(0);
    expect(Number(result.stdout.trim())).toBeGreaterThan(50);
  });

  test('a usage error writes nothing to standard output', () => {
    for (const args of [['--timeout', '0'], ['--jobs', 'x'], ['--types', 'nosuch'], ['--date', '2020-13-01']]) {
      const { status, stdout } = runCli([...args, SEED]);
      expect([args, status, stdout]).toEqual([args, 2, '']);
    }
  });
});
