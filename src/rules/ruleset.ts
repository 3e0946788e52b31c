/**
 * A rule set: every rule file in effect (built-in and the user's), their blocks and
 * tables merged into one namespace, each rule's patterns expanded and compiled.
 * All checks happen here, before any text is read.
 */
import * as path from 'path';
import { BlockTable, REFERENCE } from './blocks';
import { didYouMean } from './suggest';
import { readRuleFile, ruleFilesIn, throwIfAny } from './load';
import { BuilderCatalogue, RuleDefinition, RuleError, RuleFile, SourcePosition } from './model';
import { CompiledTemplate, CompiledValue, compileValue } from './template';
import { NormaliserContext } from './normalisers';
import { requiredWordsOf, Trigger, triggerOf } from './triggers';
import { followOf, MarkedWords } from './follow';
import { precedeOf } from './precede';
import { withoutLookbehinds } from './regex-tree';
import { Numbering, TriggerScanner } from './trigger-scan';
import { bmpSource } from './bmp';
import { hasRecordMark, leadSource, referencedTypes } from './record-marks';
import { groupDepth, MAX_GROUP_DEPTH, MAX_RULES, MAX_TOTAL_PATTERN_CHARS, thousands } from './limits';

/** A pattern's regex sources, once its blocks are expanded: what a compiled rule set stores (stored.ts). */
export interface PatternSources {
  /** The scan, without group indices or a leading word check. */
  find: string;
  /** The complete pattern, sticky. */
  detail: string;
  /** `detail` needs group indices (it has named groups). */
  indices: boolean;
  /** The quick test's source when it differs from `detail` (worked out on first use when absent). */
  probe?: string;
  /** Its source up to the first record it refers to (src/rules/reach.ts). */
  lead?: string;
  /** The hit must not follow a letter or digit (checked by the matcher for `find`). */
  wordStart: boolean;
  /** It refers to records of another type (`{@organization}`). */
  refers: boolean;
}

/**
 * A pattern's regexes, each built on first use from its sources, as written or rewritten
 * (bmp.ts): V8 compiles a regex when it first runs, so a run pays only for what it uses.
 */
export class PatternRegexes {
  private built: { find?: RegExp; detail?: RegExp; probe?: RegExp; lead?: RegExp | null } = {};

  constructor(
    private readonly pattern: CompiledPattern,
    private readonly rewrite: (source: string) => string,
  ) {}

  get find(): RegExp {
    return (this.built.find ??= new RegExp(this.rewrite(this.pattern.sources.find), 'gu'));
  }

  get detail(): RegExp {
    if (this.built.detail) return this.built.detail;
    // Group indices (the `d` flag) cost on every match: only a pattern with named groups needs them.
    const { detail, indices } = this.pattern.sources;
    return (this.built.detail = new RegExp(this.rewrite(detail), indices ? 'ydu' : 'yu'));
  }

  /** `detail` without group indices or negative lookbehinds: the quick test at a trigger, most of which fail. */
  get probe(): RegExp {
    if (this.built.probe) return this.built.probe;
    // Without named groups `detail` has no indices to pay for: it is its own probe, one regex compiled instead of two.
    if (!this.pattern.sources.indices) return (this.built.probe = this.detail);
    return (this.built.probe = new RegExp(this.rewrite(this.pattern.probeSource()), 'yu'));
  }

  /** Its source up to the first record it refers to, sticky (src/rules/reach.ts). */
  get lead(): RegExp | undefined {
    const { lead } = this.pattern.sources;
    if (this.built.lead === undefined) this.built.lead = lead === undefined ? null : new RegExp(this.rewrite(lead), 'yu');
    return this.built.lead ?? undefined;
  }
}

/**
 * A pattern compiled twice. `find` scans the text: it has no group indices (twice as
 * fast) and, for a whole-word rule, no leading "not after a letter" check, which would
 * run at every position; the matcher checks the character before each hit instead.
 * `detail`, the complete pattern, is re-run sticky at each hit to read the groups.
 * Each comes as written, for text with characters beyond the BMP, and with its property
 * escapes written out (bmp.ts), which compiles in half the time, for all other text.
 */
export class CompiledPattern {
  /**
   * The pattern's trigger in the rule set's scanner: `detail` runs only where the
   * trigger words are. Without one, `find` scans the whole text, and only when
   * the document holds one of the `required` words, if the pattern has any.
   */
  trigger?: number;
  required?: number;
  /** What the word after the trigger must be (follow.ts), in the scanner's follow table. */
  follow?: number;
  /** What the word before a match must be (precede.ts), in the scanner's precede table. */
  precede?: number;
  readonly written = new PatternRegexes(this, (source) => source);
  readonly bmp = new PatternRegexes(this, bmpSource);

  constructor(readonly sources: PatternSources) {}

  get wordStart(): boolean {
    return this.sources.wordStart;
  }

  get refers(): boolean {
    return this.sources.refers;
  }

  /** The regexes for a text: as written when it holds characters beyond the BMP (`needsFullUnicode`). */
  regexes(fullUnicode: boolean): PatternRegexes {
    return fullUnicode ? this.written : this.bmp;
  }

  /** The probe's source (worked out once). */
  probeSource(): string {
    return (this.sources.probe ??= this.sources.indices ? quickProbeSource(this.sources.detail) : this.sources.detail);
  }

  /** The sources complete (the probe's worked out), for storing. */
  storedSources(): PatternSources {
    this.probeSource();
    return { ...this.sources };
  }
}

/** `detail` without its negative lookbehinds, if that still compiles (a back-reference may need a group inside one). */
function quickProbeSource(source: string): string {
  const quick = withoutLookbehinds(source, true);
  try {
    new RegExp(quick, 'yu');
    return quick;
  } catch {
    return source;
  }
}

export interface CompiledRule {
  def: RuleDefinition;
  regexes: CompiledPattern[];
  /** Named groups of its patterns. */
  groupNames: string[];
  normalized?: CompiledTemplate;
  value: CompiledValue;
  /** Record types its patterns refer to (`{@organization}`): it runs after the rules that make them. */
  references: string[];
  /** When it runs: 0 for a rule that refers to no records, else one more than the stage of what it refers to. */
  stage: number;
}

export interface RuleSet {
  rules: CompiledRule[];
  files: string[];
  tables: Map<string, Map<string, string>>;
  blocks: BlockTable;
  context: NormaliserContext;
  /** Finds every pattern's trigger words in a document in one pass (and sets each pattern's `trigger`). */
  readonly scanner: TriggerScanner;
}

/** The folder of built-in rules, beside `dist/` (or `src/` under ts-jest). */
export const BUILTIN_RULES_DIR = path.resolve(__dirname, '..', '..', 'rules');

const WORD_BOUNDARY_BEFORE = '(?<![\\p{L}\\p{N}])';
const WORD_BOUNDARY_AFTER = '(?![\\p{L}\\p{N}])';
const NAMED_GROUPS = /\(\?<([A-Za-z_]\w*)>/g;

function where(p: SourcePosition): string {
  return `${p.file}:${p.line}:${p.column}`;
}

/**
 * Compiles one rule, finding all of its problems: each pattern, the span, the builder
 * and each template is checked on its own, at its own line where the file gives one.
 */
function compileRule(def: RuleDefinition, blocks: BlockTable, builders: BuilderCatalogue): CompiledRule {
  const errors: RuleError[] = [];
  const at = (field: string) => def.fieldPositions?.[field] ?? def.position;
  /** Runs a check; a problem is noted (at `field`'s line) and `fallback` returned. */
  const checked = <T>(field: string, check: (fail: (detail: string) => never) => T, fallback: T): T => {
    try {
      return check((detail) => {
        throw new RuleError(detail, at(field), def.id);
      });
    } catch (err) {
      if (!(err instanceof RuleError)) throw err;
      errors.push(err);
      return fallback;
    }
  };
  const groups = new Set<string>();
  const references = new Set<string>();
  const regexes = def.patterns.flatMap((pattern, i) => {
    const position = def.patternPositions[i] ?? def.position;
    const compiled = checked('pattern', () => compilePattern(def, pattern, position, blocks, groups, references), undefined);
    return compiled ? [compiled] : [];
  });
  // With a pattern that failed, its groups are unknown: checks of the groups would only echo that failure.
  const groupsKnown = regexes.length === def.patterns.length;
  checked('span', (fail) => {
    if (groupsKnown && def.span !== undefined && !groups.has(def.span)) fail(`"span" names group "${def.span}", which no pattern captures`);
  }, undefined);
  checked('build', (fail) => {
    const known = Object.keys(builders);
    if (def.build !== undefined && !Object.hasOwn(builders, def.build)) {
      fail(`unknown builder "${def.build}"${didYouMean(def.build, known)} (known: ${known.join(', ')})`);
    }
  }, undefined);
  checked('normalized', (fail) => {
    if (def.normalized === undefined && def.build === undefined) fail('a rule needs "normalized" (or a "build" that makes it)');
  }, undefined);
  if (!groupsKnown) throw RuleError.all(errors);
  const normalized = def.normalized === undefined ? undefined : checked('normalized', (fail) => CompiledTemplate.compile(def.normalized!, groups, fail), undefined);
  const value = checked('value', (fail) => compileValue(def.value, groups, fail), compileValue({}, groups, () => undefined as never));
  if (errors.length > 0) throw RuleError.all(errors);
  return { def, regexes, groupNames: [...groups], normalized, value, references: [...references], stage: 0 };
}

/** One pattern expanded, checked against the limits and compiled; its named groups added to `groups`. */
function compilePattern(
  def: RuleDefinition,
  pattern: string,
  position: SourcePosition,
  blocks: BlockTable,
  groups: Set<string>,
  references: Set<string>,
): CompiledPattern {
  const expanded = blocks.expand(pattern, position, def.id, !def.caseSensitive);
  const referred = referencedTypes(expanded);
  for (const type of referred) references.add(type);
  if (groupDepth(expanded) > MAX_GROUP_DEPTH) {
    throw new RuleError(`groups nest more than ${MAX_GROUP_DEPTH} deep in the expanded pattern (the limit)`, position, def.id);
  }
  const named = [...expanded.matchAll(NAMED_GROUPS)].map((m) => m[1]);
  for (const name of named) groups.add(name);
  const source = def.boundaries ? `${WORD_BOUNDARY_BEFORE}(?:${expanded})${WORD_BOUNDARY_AFTER}` : expanded;
  const scan = def.boundaries ? `(?:${expanded})${WORD_BOUNDARY_AFTER}` : expanded;
  // Never the `i` flag: case-insensitivity is written into the source (see case.ts).
  const lead = referred.length > 0 ? leadSource(source) : undefined;
  const compiled = new CompiledPattern({ find: scan, detail: source, indices: named.length > 0, lead, wordStart: def.boundaries, refers: referred.length > 0 });
  try {
    // Built now, to check that they compile (V8 parses a pattern when it is built).
    void compiled.written.find;
    void compiled.written.detail;
  } catch (err) {
    throw new RuleError(whyNotCompiled(pattern, err as Error), position, def.id);
  }
  return compiled;
}

/**
 * Why a pattern does not compile, in the user's own text: the pattern as written (its
 * blocks standing in as empty groups) when the fault is there, else the blocks it uses.
 */
function whyNotCompiled(pattern: string, err: Error): string {
  const reason = (e: Error) => e.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
  try {
    new RegExp(pattern.replace(REFERENCE, '(?:)'), 'u');
  } catch (own) {
    return `pattern '${pattern}' does not compile: ${reason(own as Error)}`;
  }
  const used = [...new Set([...pattern.matchAll(REFERENCE)].map((m) => `{${m[1]}}`))];
  return `pattern '${pattern}' does not compile once its blocks (${used.join(', ')}) are put in: ${reason(err)}`;
}

export interface RuleSetOptions {
  /** Rule files or folders added to the built-in ones. */
  paths?: string[];
  builtin?: boolean;
}

export function collectRuleFiles(options: RuleSetOptions): string[] {
  const targets = [BUILTIN_RULES_DIR, ...(options.paths ?? [])];
  const files: string[] = [];
  for (const target of targets) {
    try {
      files.push(...ruleFilesIn(target));
    } catch (err) {
      throw new RuleError(`cannot read rules: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, {
        file: target,
        line: 1,
        column: 1,
      });
    }
  }
  // A file named twice (a folder and a file inside it) is read once.
  const seen = new Set<string>();
  return files.filter((f) => {
    const abs = path.resolve(f);
    if (seen.has(abs)) return false;
    seen.add(abs);
    return true;
  });
}

/** A rule set's pieces before its rules are compiled: every file's blocks, tables and rule definitions, merged. */
interface Merged {
  blocks: BlockTable;
  tables: Map<string, Map<string, string>>;
  definitions: RuleDefinition[];
}

/** Runs a check; a rule error is noted in `errors` and the run goes on (anything else is a bug, thrown). */
function noting(errors: RuleError[]): (check: () => void) => void {
  return (check) => {
    try {
      check();
    } catch (err) {
      if (!(err instanceof RuleError)) throw err;
      errors.push(err);
    }
  };
}

/** Merges the files in order: a name is defined once, except over a built-in file that is `replaceable`. */
function mergeFiles(ruleFiles: RuleFile[], attempt: (check: () => void) => void, errors: RuleError[]): Merged {
  const merged: Merged = { blocks: new BlockTable(), tables: new Map(), definitions: [] };
  const seen = new Map<string, SourcePosition>();
  /** Tables a later file may replace (the built-in ones when their rules are off). */
  const replaceableTables = new Set<string>();
  for (const file of ruleFiles) {
    for (const [name, block] of file.blocks) attempt(() => merged.blocks.define(name, block, file.replaceable));
    for (const [name, table] of file.tables) {
      attempt(() => {
        if (merged.tables.has(name) && !replaceableTables.has(name)) {
          const message = `table "${name}" is defined in more than one file (to add to it, put it under "extend:")`;
          throw new RuleError(message, { file: file.path, line: 1, column: 1 });
        }
        merged.tables.set(name, table);
        if (file.replaceable) replaceableTables.add(name);
        else replaceableTables.delete(name);
      });
    }
    for (const rule of file.rules) {
      if (rule.broken && (rule.id === '' || rule.patterns.length === 0 || rule.patterns.includes(''))) continue; // nothing more to check
      const first = seen.get(rule.id);
      if (first) {
        errors.push(new RuleError(`duplicate id (first defined at ${where(first)})`, rule.position, rule.id));
        continue;
      }
      seen.set(rule.id, rule.position);
      merged.definitions.push(rule);
    }
  }
  return merged;
}

/** Extensions apply once every file has defined what it defines, in file order. */
function applyExtensions(ruleFiles: RuleFile[], merged: Merged, attempt: (check: () => void) => void): void {
  const { blocks, tables } = merged;
  for (const file of ruleFiles) {
    for (const [name, addition] of file.extensions?.blocks ?? []) attempt(() => blocks.extend(name, addition));
    for (const [name, { entries, position }] of file.extensions?.tables ?? []) {
      attempt(() => {
        const table = tables.get(name);
        if (!table) throw new RuleError(`"extend:" names table "${name}", which no file defines${didYouMean(name, [...tables.keys()])}`, position);
        tables.set(name, new Map([...table, ...entries]));
      });
    }
  }
}

/** Compiles every definition (a broken one is checked, then left out), within the size limits. */
function compileAll(merged: Merged, builders: BuilderCatalogue, attempt: (check: () => void) => void): CompiledRule[] {
  const { definitions, blocks, tables } = merged;
  if (definitions.length > MAX_RULES) {
    throw new RuleError(`${thousands(definitions.length)} rules in effect, more than the limit of ${thousands(MAX_RULES)}`, definitions[MAX_RULES].position);
  }
  let total = 0;
  const rules: CompiledRule[] = [];
  for (const def of definitions) {
    attempt(() => {
      const rule = compileRule(def, blocks, builders);
      checkTables(rule, tables, builders);
      for (const pattern of rule.regexes) total += pattern.sources.detail.length;
      if (!def.broken) rules.push(rule);
    });
    if (total > MAX_TOTAL_PATTERN_CHARS) {
      throw new RuleError(`the rules' patterns expand to more than ${thousands(MAX_TOTAL_PATTERN_CHARS)} characters in all (the limit)`, def.position, def.id);
    }
  }
  return rules;
}

/**
 * Compiles a rule set from parsed files, given the builders rules may name (they sit
 * above this layer: see src/extract/rule-set.ts). Every problem is found before any is
 * reported: a rule with one is left out, the checks go on, and the error thrown at the
 * end has a line for each.
 */
export function compileRuleSet(ruleFiles: RuleFile[], builders: BuilderCatalogue): RuleSet {
  const errors: RuleError[] = ruleFiles.flatMap((file) => file.errors);
  const attempt = noting(errors);
  const merged = mergeFiles(ruleFiles, attempt, errors);
  applyExtensions(ruleFiles, merged, attempt);
  merged.blocks.useTables(merged.tables);
  const rules = compileAll(merged, builders, attempt);
  attempt(() => assignStages(rules));
  throwIfAny(errors, ruleFiles.map((f) => f.path));
  // Worked out on first use: a thread that only checks the rules never needs it.
  return assembleRuleSet(rules, ruleFiles.map((f) => f.path), merged.tables, merged.blocks, () => indexTriggers(rules));
}

/** A rule set of compiled rules; `scanner` makes the trigger scanner the first time it is asked for. */
export function assembleRuleSet(
  rules: CompiledRule[],
  files: string[],
  tables: Map<string, Map<string, string>>,
  blocks: BlockTable,
  scanner: () => TriggerScanner,
): RuleSet {
  let made: TriggerScanner | undefined;
  return {
    rules,
    files,
    tables,
    blocks,
    context: { tables },
    get scanner(): TriggerScanner {
      return (made ??= scanner());
    },
  };
}

/**
 * Orders the rules that refer to records after the rules that make those records:
 * a rule's stage is one more than the latest stage making a type it refers to. A type
 * no rule makes, or rules that refer to each other's records, are errors.
 */
function assignStages(rules: CompiledRule[]): void {
  const makers = new Map<string, CompiledRule[]>();
  for (const rule of rules) makers.set(rule.def.type, [...(makers.get(rule.def.type) ?? []), rule]);
  const done = new Set<CompiledRule>();
  const visiting: CompiledRule[] = [];
  const stageOf = (rule: CompiledRule): number => {
    if (done.has(rule)) return rule.stage;
    if (visiting.includes(rule)) {
      const cycle = [...visiting.slice(visiting.indexOf(rule)), rule].map((r) => r.def.id).join(' → ');
      throw new RuleError(`rules refer to each other's records (${cycle})`, rule.def.position, rule.def.id);
    }
    visiting.push(rule);
    let stage = 0;
    for (const type of rule.references) {
      const producers = makers.get(type);
      if (!producers) {
        const hint = didYouMean(type, [...makers.keys()], (s) => `{@${s}}`);
        throw new RuleError(`pattern refers to {@${type}}, but no rule makes records of type "${type}"${hint}`, rule.def.position, rule.def.id);
      }
      for (const producer of producers) stage = Math.max(stage, stageOf(producer) + 1);
    }
    visiting.pop();
    rule.stage = stage;
    done.add(rule);
    return stage;
  };
  for (const rule of rules) stageOf(rule);
}

/**
 * Gives each pattern its trigger (or its required words) in one scanner, and the word
 * that must follow its trigger where one must. Patterns with the same trigger (the
 * statistics all start at a number) share one list of hits.
 */
function indexTriggers(rules: CompiledRule[]): TriggerScanner {
  const numbering = new Numbering<Trigger>();
  const { items: triggers } = numbering;
  for (const rule of rules) {
    for (const pattern of rule.regexes) {
      // Record marks are in the marked text only, never in the folded text the scanner reads.
      const found = triggerOf(pattern.sources.detail, rule.def.boundaries);
      const trigger = found && !triggerHasMark(found) ? found : null;
      const words = trigger ? null : requiredWordsOf(pattern.sources.detail);
      const required = words && !triggerHasMark(words) ? words : null;
      if (trigger) pattern.trigger = numbering.idOf(trigger);
      else if (required) pattern.required = numbering.idOf(required);
    }
  }
  const scanner = new TriggerScanner(triggers.length);
  triggers.forEach((trigger, id) => scanner.add(id, trigger));
  const marked = firstWordsOfRecords(rules, triggers);
  for (const rule of rules) {
    for (const pattern of rule.regexes) {
      if (pattern.trigger === undefined) continue;
      const follow = followOf(pattern.sources.detail, marked);
      if (follow) pattern.follow = scanner.follows.idOf(follow);
      // (precede.ts gives no constraint where the lookbehind holds a record mark.)
      const precede = precedeOf(pattern.sources.detail);
      if (precede) pattern.precede = scanner.precedes.idOf(precede);
    }
  }
  return scanner;
}

/**
 * The first words of the records of each type, for a mark in a pattern that refers to
 * them: a record starts where a match of one of its rules starts, at that pattern's
 * trigger. Unknown (null) when a rule of the type has a pattern without a trigger, or
 * keeps only a part of its match (`span`).
 */
function firstWordsOfRecords(rules: CompiledRule[], triggers: Trigger[]): MarkedWords {
  const byType = new Map<string, Trigger | null>();
  for (const rule of rules) {
    const { type, span } = rule.def;
    let known: Trigger | null = byType.has(type) ? byType.get(type)! : { words: [], prefixes: [], capitalised: false };
    for (const pattern of rule.regexes) {
      const trigger = span === undefined && pattern.trigger !== undefined ? triggers[pattern.trigger] : null;
      known =
        known && trigger
          ? {
              words: [...new Set([...known.words, ...trigger.words])],
              prefixes: [...new Set([...known.prefixes, ...trigger.prefixes])],
              capitalised: known.capitalised || trigger.capitalised,
            }
          : null;
    }
    byType.set(type, known);
  }
  return (type) => byType.get(type) ?? null;
}

function triggerHasMark(trigger: Trigger): boolean {
  return [...trigger.words, ...trigger.prefixes].some(hasRecordMark);
}

/** `{x:lookup=name}` must name a table that exists, and so must each table the rule's builder reads. */
function checkTables(rule: CompiledRule, tables: Map<string, Map<string, string>>, builders: BuilderCatalogue): void {
  const text = JSON.stringify([rule.def.normalized, rule.def.value]);
  for (const m of text.matchAll(/:lookup=([^:}]+)/g)) {
    if (!tables.has(m[1])) {
      const hint = didYouMean(m[1], [...tables.keys()]);
      throw new RuleError(`unknown table "${m[1]}"${hint} (known: ${[...tables.keys()].join(', ') || 'none'})`, rule.def.position, rule.def.id);
    }
  }
  const build = rule.def.build;
  for (const name of build !== undefined && Object.hasOwn(builders, build) ? builders[build].tables : []) {
    if (!tables.has(name)) {
      throw new RuleError(`builder "${build}" reads table "${name}", which no rule file defines`, rule.def.fieldPositions?.build ?? rule.def.position, rule.def.id);
    }
  }
}

/**
 * Reads the built-in files and the user's (from `sources`, by path, when their text has
 * been read already). Without the built-in rules, the built-in blocks and tables stay:
 * they are vocabulary for the user's rules, not rules.
 */
export function readRuleFiles(options: RuleSetOptions = {}, sources?: ReadonlyMap<string, string>): RuleFile[] {
  const builtinDir = path.resolve(BUILTIN_RULES_DIR) + path.sep;
  // Every file is read, and all their problems reported together.
  const errors: RuleError[] = [];
  const files = collectRuleFiles(options).flatMap((file) => {
    try {
      return [readRuleFile(file, sources?.get(file))];
    } catch (err) {
      if (!(err instanceof RuleError)) throw err;
      errors.push(err);
      return [];
    }
  });
  throwIfAny(errors);
  if (options.builtin === false) {
    // Their blocks and tables stay as vocabulary, which the user's files may also redefine
    // (a copy of rules/, edited, runs as it is).
    for (const file of files) {
      if (!path.resolve(file.path).startsWith(builtinDir)) continue;
      file.rules = [];
      file.replaceable = true;
    }
  }
  return files;
}
