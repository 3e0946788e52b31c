/**
 * Compiled rule sets, cached: a run reads its rules as stored data (src/rules/stored.ts)
 * instead of parsing, checking and compiling YAML. An entry's name is a digest of all
 * that could change what it holds — the rule files' paths and text, whether the built-in
 * rules are on, the code that compiles them and the engine that runs it — so an edit to
 * any of them makes a new name, and an entry whose own digest does not match what it
 * holds is ignored. A missing, stale or damaged entry is never trusted: the rules are
 * compiled from their files, and the entry written again.
 *
 * The built-in rules' entry is written at build time into dist/ (`npm run build`), so
 * even a first run reads it; other rule sets go to the user's cache folder
 * ($EXTRACT_CACHE_DIR, else $XDG_CACHE_HOME or ~/.cache, under vn-politics-extract),
 * which holds the newest few. EXTRACT_CACHE_DIR set to an empty string turns the cache off.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BUILTIN_RULES_DIR, collectRuleFiles, RuleSet, RuleSetOptions } from '../rules/ruleset';
import { readRuleSource } from '../rules/load';
import { restoreRuleSet, storeRuleSet, StoredRuleSet } from '../rules/stored';

/** Raised whenever what an entry holds changes shape, so older entries stop matching. */
const FORMAT = 2;
const MAGIC = 'extract-rule-cache';
/** The user's cache folder keeps this many entries, the newest. */
const KEEP_ENTRIES = 16;
/** Where the built-in rules' entry is written at build time: beside the code (dist/). */
export const BUILD_CACHE_DIR = path.resolve(__dirname, '..', 'rule-cache');
/** Paths under the built-in rules folder are stored relative to it, so a moved install still matches. */
const BUILTIN_MARK = '<builtin-rules>';
/**
 * The engine the entry was made by: its Unicode tables decide what a property escape
 * written out for BMP text holds (src/rules/bmp.ts), its regex syntax what compiles.
 */
const ENGINE = `node ${process.version} v8 ${process.versions.v8} unicode ${process.versions.unicode}`;

/** The code that compiles rules, folder by folder (dist/, or src/ under ts-jest), as one digest. */
let codeDigest: string | undefined;
function codeFingerprint(): string {
  if (codeDigest !== undefined) return codeDigest;
  const hash = crypto.createHash('sha256');
  const root = path.resolve(__dirname, '..');
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(js|ts)$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
        hash.update(`${path.relative(root, full)}\0`).update(fs.readFileSync(full));
    }
  };
  walk(root);
  return (codeDigest = hash.digest('hex'));
}

const builtinPrefix = () => path.resolve(BUILTIN_RULES_DIR) + path.sep;

/** A rule file's path as the entry's name reads it: a built-in file by its place in the built-in folder. */
function keyPath(file: string): string {
  const resolved = path.resolve(file);
  return resolved.startsWith(builtinPrefix()) ? BUILTIN_MARK + resolved.slice(builtinPrefix().length) : file;
}

/** The files a rule set is read from, with their text (undefined when one cannot be read: the compiler reports it). */
function ruleSources(options: RuleSetOptions): Map<string, string> | undefined {
  try {
    return new Map(collectRuleFiles(options).map((file) => [file, readRuleSource(file)]));
  } catch {
    return undefined;
  }
}

function entryKey(options: RuleSetOptions, sources: Map<string, string>): string {
  const hash = crypto
    .createHash('sha256')
    .update(`${MAGIC} ${FORMAT} ${codeFingerprint()} ${ENGINE} builtin=${options.builtin !== false}\0`);
  for (const [file, text] of sources) hash.update(`${keyPath(file)}\0${text}\0`);
  return hash.digest('hex');
}

/** The user's cache folder; undefined when the cache is turned off. */
export function userCacheDir(): string | undefined {
  const chosen = process.env.EXTRACT_CACHE_DIR;
  if (chosen !== undefined) return chosen === '' ? undefined : path.resolve(chosen);
  let base = process.env.XDG_CACHE_HOME || undefined;
  try {
    const home = os.homedir();
    if (!base && home) base = path.join(home, '.cache');
  } catch {
    // No home folder (a service account): no cache, only the compile.
  }
  return base ? path.join(path.resolve(base), 'vn-politics-extract') : undefined;
}

const entryFile = (dir: string, key: string) => path.join(dir, `${key}.json`);

/** The JSON of a rule set, its built-in paths relative; undefined if its text already holds the mark (it could not be read back). */
function serialise(ruleSet: RuleSet): string | undefined {
  const json = JSON.stringify(storeRuleSet(ruleSet));
  if (json.includes(BUILTIN_MARK)) return undefined;
  const escapedPrefix = JSON.stringify(builtinPrefix()).slice(1, -1);
  return json.split(escapedPrefix).join(BUILTIN_MARK);
}

const digestOf = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

/** Reads an entry: undefined unless it is there, whole, and for this key. */
function readEntry(dir: string, key: string): RuleSet | undefined {
  let text: string;
  try {
    text = fs.readFileSync(entryFile(dir, key), 'utf8');
  } catch {
    return undefined;
  }
  const newline = text.indexOf('\n');
  const [magic, format, storedKey, bodyDigest] = text.slice(0, newline).split(' ');
  const body = text.slice(newline + 1);
  if (newline < 0 || magic !== MAGIC || format !== String(FORMAT) || storedKey !== key || bodyDigest !== digestOf(body)) return undefined;
  try {
    const escapedPrefix = JSON.stringify(builtinPrefix()).slice(1, -1);
    return restoreRuleSet(JSON.parse(body.split(BUILTIN_MARK).join(escapedPrefix)) as StoredRuleSet);
  } catch {
    return undefined;
  }
}

/** Writes an entry whole or not at all (a temporary file renamed), then keeps the folder to its newest entries. */
function writeEntry(dir: string, key: string, ruleSet: RuleSet, prune: boolean): boolean {
  const body = serialise(ruleSet);
  if (body === undefined) return false;
  const target = entryFile(dir, key);
  const temporary = `${target}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(temporary, `${MAGIC} ${FORMAT} ${key} ${digestOf(body)}\n${body}`);
    fs.renameSync(temporary, target);
  } catch {
    // A cache that cannot be written costs the next run its compile, nothing more.
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // nothing was written
    }
    return false;
  }
  if (prune) pruneEntries(dir);
  return true;
}

function pruneEntries(dir: string): void {
  try {
    const entries = fs
      .readdirSync(dir)
      .filter((name) => /^[0-9a-f]{64}\.json$/.test(name))
      .map((name) => ({ file: path.join(dir, name), time: fs.statSync(path.join(dir, name)).mtimeMs }))
      .sort((a, b) => b.time - a.time);
    for (const { file } of entries.slice(KEEP_ENTRIES)) fs.rmSync(file, { force: true });
  } catch {
    // Another run pruning at the same time: either one's result will do.
  }
}

/**
 * The rule set for these options, from the cache when an entry matches, else compiled
 * (by `compile`, which reports every problem of the rules) and cached for the next run.
 */
export function cachedRuleSet(options: RuleSetOptions, compile: (sources?: Map<string, string>) => RuleSet): RuleSet {
  const sources = ruleSources(options);
  if (!sources) return compile();
  const key = entryKey(options, sources);
  const userDir = userCacheDir();
  for (const dir of [BUILD_CACHE_DIR, userDir]) {
    const found = dir === undefined ? undefined : readEntry(dir, key);
    if (found) return found;
  }
  const ruleSet = compile(sources);
  if (userDir !== undefined) writeEntry(userDir, key, ruleSet, true);
  return ruleSet;
}

/** At build time: the built-in rules' entry, written beside the code. */
export function writeBuildEntry(compile: (options: RuleSetOptions, sources?: Map<string, string>) => RuleSet): string {
  const sources = ruleSources({});
  if (!sources) throw new Error(`cannot read the built-in rules in ${BUILTIN_RULES_DIR}`);
  const key = entryKey({}, sources);
  fs.rmSync(BUILD_CACHE_DIR, { recursive: true, force: true });
  if (!writeEntry(BUILD_CACHE_DIR, key, compile({}, sources), false)) throw new Error(`cannot write the rule cache in ${BUILD_CACHE_DIR}`);
  return entryFile(BUILD_CACHE_DIR, key);
}
