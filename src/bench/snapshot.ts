/**
 * The records of fixed inputs, kept so that work meant to change no record (speed, the
 * engine's internals) can prove it: the seeds' JSON Lines whole, and for the corpus in
 * ../shared (dev, dev2 and a slice of VNTC, whose text stays out of the repository) a
 * digest of each document's lines. `npm run snapshot` rewrites them, on purpose, in a
 * commit that says why the records changed; test/eval/snapshot.test.ts compares.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { spawnSync } from 'child_process';
import { binArgs } from './bin';

export const ROOT = path.resolve(__dirname, '..', '..');
export const SHARED = path.resolve(ROOT, '..', 'shared');
export const SNAPSHOT_DIR = path.join(ROOT, 'test', 'snapshots');
/** Every VNTC article whose index is a multiple of this is in the slice (256 of 12,767). */
export const VNTC_STRIDE = 50;

/** Documents run together, named by their path relative to `cwd`, as the output's `doc` shows them. */
export interface SnapshotGroup {
  name: string;
  cwd: string;
  /** `cwd` is a folder made for the group (the VNTC slice's), removed by `releaseGroup`. */
  temporary?: boolean;
  docs: string[];
}

function txtFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort();
}

/** Writes every `stride`-th VNTC article to a folder as a file (VNTC's own name), for a group. */
export function vntcSlice(stride = VNTC_STRIDE): SnapshotGroup | undefined {
  const archive = path.join(SHARED, 'corpus', 'vntc-politics.jsonl.gz');
  if (!fs.existsSync(archive)) return undefined;
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'extract-snapshot-'));
  fs.mkdirSync(path.join(cwd, 'vntc'));
  const lines = zlib.gunzipSync(fs.readFileSync(archive)).toString('utf8').split('\n');
  const docs: string[] = [];
  lines.forEach((line, i) => {
    if (i % stride !== 0 || line.trim() === '') return;
    const article = JSON.parse(line) as { name: string; text: string };
    const doc = path.join('vntc', article.name);
    fs.writeFileSync(path.join(cwd, doc), article.text);
    docs.push(doc);
  });
  return { name: 'vntc', cwd, docs, temporary: true };
}

/** The groups there are: the seeds always; dev, dev2 and the VNTC slice beside ../shared. */
export function snapshotGroups(): SnapshotGroup[] {
  const groups: SnapshotGroup[] = [{ name: 'seeds', cwd: ROOT, docs: txtFiles(path.join(ROOT, 'seeds')).map((f) => path.join('seeds', f)) }];
  const corpus = path.join(SHARED, 'corpus');
  for (const name of ['dev', 'dev2']) {
    if (fs.existsSync(path.join(corpus, name))) groups.push({ name, cwd: corpus, docs: txtFiles(path.join(corpus, name)).map((f) => path.join(name, f)) });
  }
  const vntc = vntcSlice();
  if (vntc) groups.push(vntc);
  return groups;
}

/** Runs the built bin on a group with `args` (JSON Lines, quiet): each document's output lines. */
export function runGroup(group: SnapshotGroup, args: string[] = []): Map<string, string[]> {
  const run = spawnSync(process.execPath, binArgs(['--format', 'jsonl', '--quiet', ...args, ...group.docs]), {
    cwd: group.cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 1 << 30,
  });
  if (run.status !== 0) throw new Error(`extract on ${group.name} exited ${run.status}: ${run.stderr}`);
  return linesByDoc(run.stdout, group.docs);
}

/** JSON Lines output by document, in order (each of `docs` present, with no lines if it gave none). */
function linesByDoc(jsonl: string, docs: string[] = []): Map<string, string[]> {
  const byDoc = new Map<string, string[]>(docs.map((d) => [d, []]));
  for (const line of jsonl.split('\n')) {
    if (line === '') continue;
    const doc = (JSON.parse(line) as { doc: string }).doc;
    let lines = byDoc.get(doc);
    if (!lines) byDoc.set(doc, (lines = []));
    lines.push(line);
  }
  return byDoc;
}

/** A document's lines, summed up: how many, and their SHA-256. */
export function digestOf(lines: string[]): string {
  return `${lines.length} ${crypto.createHash('sha256').update(lines.join('\n')).digest('hex')}`;
}

/** Where a group's stored copy is: the seeds' lines whole, the others' digests. */
export function snapshotFile(group: string): string {
  return path.join(SNAPSHOT_DIR, group === 'seeds' ? 'seeds.jsonl' : `${group}.digests.json`);
}

/** The stored copy of a group, as digests per document (undefined when none is stored). */
export function storedDigests(group: string): Map<string, string> | undefined {
  const file = snapshotFile(group);
  if (!fs.existsSync(file)) return undefined;
  if (group !== 'seeds') return new Map(Object.entries(JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>));
  return digests(linesByDoc(fs.readFileSync(file, 'utf8')));
}

export function digests(byDoc: Map<string, string[]>): Map<string, string> {
  return new Map([...byDoc].map(([doc, lines]) => [doc, digestOf(lines)]));
}

function writeSnapshot(group: SnapshotGroup, byDoc: Map<string, string[]>): void {
  fs.mkdirSync(SNAPSHOT_DIR, { recursive: true });
  const file = snapshotFile(group.name);
  if (group.name === 'seeds') fs.writeFileSync(file, [...byDoc.values()].flat().join('\n') + '\n');
  else fs.writeFileSync(file, JSON.stringify(Object.fromEntries(digests(byDoc)), null, 1) + '\n');
  process.stdout.write(`${path.relative(ROOT, file)}: ${byDoc.size} documents\n`);
}

/**
 * Removes the folder made for a group (the VNTC slice's), and no other: the seeds' and the
 * corpus's folders are the checkout's and ../shared, wherever they are (under /tmp too).
 */
export function releaseGroup(group: SnapshotGroup): void {
  if (group.temporary) fs.rmSync(group.cwd, { recursive: true, force: true });
}

if (require.main === module) {
  for (const group of snapshotGroups()) {
    writeSnapshot(group, runGroup(group));
    releaseGroup(group);
  }
}
