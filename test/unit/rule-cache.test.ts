/**
 * The rule-set cache (src/extract/rule-cache.ts): a stored rule set runs like the one it
 * was stored from; an entry is used only while everything it was made from is unchanged,
 * and a damaged, misplaced or stale one is compiled again, never trusted.
 */
import * as fs from 'fs';
import * as path from 'path';
import { extract } from '../../src/extract/extract';
import { compileRuleFiles, loadRuleSet } from '../../src/extract/rule-set';
import { restoreRuleSet, storeRuleSet, StoredRuleSet } from '../../src/rules/stored';
import { BIN, readSeed, runCli, SEEDS, tempDir } from '../helpers';

const EVENT_RULE = (word: string) => `
type: event
rules:
  - id: event.flood
    pattern: '${word}'
    normalized: '{match}'
    examples:
      - text: 'trận ${word} lớn'
        normalized: '${word}'
`;

/** Sets EXTRACT_CACHE_DIR for one test. */
function withCacheDir(dir: string | undefined, run: () => void): void {
  const before = process.env.EXTRACT_CACHE_DIR;
  if (dir === undefined) delete process.env.EXTRACT_CACHE_DIR;
  else process.env.EXTRACT_CACHE_DIR = dir;
  try {
    run();
  } finally {
    if (before === undefined) delete process.env.EXTRACT_CACHE_DIR;
    else process.env.EXTRACT_CACHE_DIR = before;
  }
}

const entries = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')) : []);
const typesOf = (text: string, rules: ReturnType<typeof loadRuleSet>) => extract(text, { rules }).records.map((r) => `${r.type}:${r.text}`);

test('a rule set stored and restored gives the records of the one it was stored from', () => {
  const compiled = compileRuleFiles();
  const restored = restoreRuleSet(JSON.parse(JSON.stringify(storeRuleSet(compiled))) as StoredRuleSet);
  expect(restored.rules.map((r) => r.def.id)).toEqual(compiled.rules.map((r) => r.def.id));
  for (const seed of SEEDS) {
    const text = readSeed(path.basename(seed));
    expect(extract(text, { rules: restored })).toEqual(extract(text, { rules: compiled }));
  }
});

describe('user rules in the cache folder', () => {
  const text = 'Mưa lớn gây lũ quét và sạt lở ở Yên Bái ngày 12/9/2020.';

  test('the first run writes an entry, the next reads it, and an edit to the file makes a new one', () => {
    const cache = tempDir();
    const ruleFile = path.join(tempDir(), 'event.yaml');
    fs.writeFileSync(ruleFile, EVENT_RULE('lũ quét'));
    withCacheDir(cache, () => {
      expect(typesOf(text, loadRuleSet({ paths: [ruleFile] }))).toContain('event:lũ quét');
      expect(entries(cache)).toHaveLength(1);
      expect(typesOf(text, loadRuleSet({ paths: [ruleFile] }))).toContain('event:lũ quét');
      expect(entries(cache)).toHaveLength(1);
      fs.writeFileSync(ruleFile, EVENT_RULE('sạt lở'));
      const edited = typesOf(text, loadRuleSet({ paths: [ruleFile] }));
      expect(edited).toContain('event:sạt lở');
      expect(edited).not.toContain('event:lũ quét');
      expect(entries(cache)).toHaveLength(2);
    });
  });

  test('a damaged entry, or one under another rule set’s name, is compiled again and written whole', () => {
    const cache = tempDir();
    const dir = tempDir();
    const floods = path.join(dir, 'floods.yaml');
    const slides = path.join(dir, 'slides.yaml');
    fs.writeFileSync(floods, EVENT_RULE('lũ quét'));
    fs.writeFileSync(slides, EVENT_RULE('sạt lở'));
    withCacheDir(cache, () => {
      loadRuleSet({ paths: [floods] });
      const [floodEntry] = entries(cache);
      loadRuleSet({ paths: [slides] });
      const slideEntry = entries(cache).find((e) => e !== floodEntry)!;
      // The slides' entry replaced by the floods' (a valid entry, for another key).
      fs.copyFileSync(path.join(cache, floodEntry), path.join(cache, slideEntry));
      expect(typesOf(text, loadRuleSet({ paths: [slides] }))).toContain('event:sạt lở');
      // One character of the floods' entry changed: its digest no longer matches.
      const file = path.join(cache, floodEntry);
      const damaged = fs.readFileSync(file, 'utf8').replace('lũ quét', 'lũ quex');
      fs.writeFileSync(file, damaged);
      expect(typesOf(text, loadRuleSet({ paths: [floods] }))).toContain('event:lũ quét');
      expect(fs.readFileSync(file, 'utf8')).not.toContain('lũ quex');
      // Cut short, as by a crash mid-write (entries are renamed into place, but a disk can still fail).
      fs.writeFileSync(file, damaged.slice(0, 1000));
      expect(typesOf(text, loadRuleSet({ paths: [floods] }))).toContain('event:lũ quét');
    });
  });

  test('EXTRACT_CACHE_DIR set empty turns the cache off; a folder that cannot be written costs only the compile', () => {
    const ruleFile = path.join(tempDir(), 'event.yaml');
    fs.writeFileSync(ruleFile, EVENT_RULE('lũ quét'));
    withCacheDir('', () => expect(typesOf(text, loadRuleSet({ paths: [ruleFile] }))).toContain('event:lũ quét'));
    const notAFolder = path.join(tempDir(), 'file');
    fs.writeFileSync(notAFolder, '');
    withCacheDir(path.join(notAFolder, 'cache'), () =>
      expect(typesOf(text, loadRuleSet({ paths: [ruleFile] }))).toContain('event:lũ quét'),
    );
  });
});

test('the built tool reads the built-in rules from the entry written at build time', () => {
  const built = path.join(path.dirname(BIN), '..', 'dist', 'rule-cache');
  expect(entries(built)).toHaveLength(1);
  const cache = tempDir();
  const run = runCli(['--format', 'jsonl', SEEDS[0]], { env: { EXTRACT_CACHE_DIR: cache } });
  expect(run.status).toBe(0);
  expect(run.stderr).toBe('');
  expect(entries(cache)).toEqual([]);
});
