/**
 * A rule set: every rule file in effect (built-in and the user's), their blocks and
 * tables merged into one namespace, each rule's patterns expanded and compiled.
 * All checks happen here, before any text is read.
 */
import * as path from 'path';
import { BlockTable } from './blocks';
import { readRuleFile, ruleFilesIn } from './load';
import { RuleDefinition, RuleError, RuleFile, SourcePosition } from './model';
import { CompiledTemplate, CompiledValue, compileValue } from './template';
import { NormaliserContext } from './normalisers';
import { builderNames } from '../refiners/builders';
import { requiredWordsOf, Trigger, triggerOf } from './triggers';
import { withoutLookbehinds } from './regex-tree';
import { TriggerScanner } from './trigger-scan';
import { groupDepth, MAX_GROUP_DEPTH, MAX_RULES, MAX_TOTAL_PATTERN_CHARS, thousands } from './limits';

/**
 * A pattern compiled twice. `find` scans the text: it has no group indices (twice as
 * fast) and, for a whole-word rule, no leading "not after a letter" check, which would
 * run at every position; the matcher checks the character before each hit instead.
 * `detail`, the complete pattern, is re-run sticky at each hit to read the groups.
 */
export interface CompiledPattern {
  find: RegExp;
  detail: RegExp;
  /** `detail` without group indices: the quick test at a trigger, most of which fail. */
  probe: RegExp;
  /** The hit must not follow a letter or digit (checked by the matcher for `find`). */
  wordStart: boolean;
  /**
   * The pattern's trigger in the rule set's scanner: `detail` runs only where the
   * trigger words are. Without one, `find` scans the whole text, and only when
   * the document holds one of the `required` words, if the pattern has any.
   */
  trigger?: number;
  required?: number;
}

/** `detail` without lookbehinds, if that still compiles (a back-reference may need a group inside one). */
function quickProbe(source: string): RegExp {
  try {
    return new RegExp(withoutLookbehinds(source), 'yu');
  } catch {
    return new RegExp(source, 'yu');
  }
}

export interface CompiledRule {
  def: RuleDefinition;
  regexes: CompiledPattern[];
  /** Named groups of its patterns. */
  groupNames: string[];
  normalized?: CompiledTemplate;
  value: CompiledValue;
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

function compileRule(def: RuleDefinition, blocks: BlockTable): CompiledRule {
  const fail = (detail: string): never => {
    throw new RuleError(detail, def.position, def.id);
  };
  const groups = new Set<string>();
  const regexes = def.patterns.map((pattern) => {
    const expanded = blocks.expand(pattern, def.position, def.id, !def.caseSensitive);
    if (groupDepth(expanded) > MAX_GROUP_DEPTH) fail(`groups nest more than ${MAX_GROUP_DEPTH} deep in the expanded pattern (the limit)`);
    for (const m of expanded.matchAll(NAMED_GROUPS)) groups.add(m[1]);
    const source = def.boundaries ? `${WORD_BOUNDARY_BEFORE}(?:${expanded})${WORD_BOUNDARY_AFTER}` : expanded;
    const scan = def.boundaries ? `(?:${expanded})${WORD_BOUNDARY_AFTER}` : expanded;
    // Never the `i` flag: case-insensitivity is written into the source (see case.ts).
    try {
      let probe: RegExp | undefined;
      return {
        find: new RegExp(scan, 'gu'),
        detail: new RegExp(source, 'ydu'),
        // Built on first use: a thread that only checks the rules never needs it.
        get probe(): RegExp {
          return (probe ??= quickProbe(source));
        },
        wordStart: def.boundaries,
      } satisfies CompiledPattern;
    } catch (err) {
      const reason = (err as Error).message.replace(/^Invalid regular expression: /, '');
      return fail(`pattern does not compile: ${reason.length > 200 ? reason.slice(0, 200) + '…' : reason}`);
    }
  });
  if (def.span !== undefined && !groups.has(def.span)) fail(`"span" names group "${def.span}", which no pattern captures`);
  if (def.build !== undefined && !builderNames().includes(def.build)) {
    fail(`unknown builder "${def.build}" (known: ${builderNames().join(', ')})`);
  }
  if (def.normalized === undefined && def.build === undefined) fail('a rule needs "normalized" (or a "build" that makes it)');
  return {
    def,
    regexes,
    groupNames: [...groups],
    normalized: def.normalized === undefined ? undefined : CompiledTemplate.compile(def.normalized, groups, fail),
    value: compileValue(def.value, groups, fail),
  };
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

/** Builds a rule set from parsed files (the seam tests use to feed YAML text directly). */
export function buildRuleSet(ruleFiles: RuleFile[]): RuleSet {
  const blocks = new BlockTable();
  const tables = new Map<string, Map<string, string>>();
  const seen = new Map<string, SourcePosition>();
  for (const file of ruleFiles) {
    for (const [name, block] of file.blocks) blocks.define(name, block);
    for (const [name, table] of file.tables) {
      if (tables.has(name)) throw new RuleError(`table "${name}" is defined in more than one file`, { file: file.path, line: 1, column: 1 });
      tables.set(name, table);
    }
    for (const rule of file.rules) {
      const first = seen.get(rule.id);
      if (first) throw new RuleError(`duplicate id (first defined at ${where(first)})`, rule.position, rule.id);
      seen.set(rule.id, rule.position);
    }
  }
  const context: NormaliserContext = { tables };
  const definitions = ruleFiles.flatMap((file) => file.rules);
  if (definitions.length > MAX_RULES) {
    throw new RuleError(`${thousands(definitions.length)} rules in effect, more than the limit of ${thousands(MAX_RULES)}`, definitions[MAX_RULES].position);
  }
  let total = 0;
  const rules = definitions.map((def) => {
    const rule = compileRule(def, blocks);
    for (const pattern of rule.regexes) total += pattern.detail.source.length;
    if (total > MAX_TOTAL_PATTERN_CHARS) {
      throw new RuleError(`the rules' patterns expand to more than ${thousands(MAX_TOTAL_PATTERN_CHARS)} characters in all (the limit)`, def.position, def.id);
    }
    return rule;
  });
  for (const rule of rules) checkTables(rule, tables);
  let scanner: TriggerScanner | undefined;
  return {
    rules,
    files: ruleFiles.map((f) => f.path),
    tables,
    blocks,
    context,
    // Worked out on first use: a thread that only checks the rules never needs it.
    get scanner(): TriggerScanner {
      return (scanner ??= indexTriggers(rules));
    },
  };
}

/**
 * Gives each pattern its trigger (or its required words) in one scanner. Patterns
 * with the same trigger (the statistics all start at a number) share one list of hits.
 */
function indexTriggers(rules: CompiledRule[]): TriggerScanner {
  const ids = new Map<string, number>();
  const triggers: Trigger[] = [];
  const idOf = (trigger: Trigger): number => {
    const key = JSON.stringify(trigger);
    let id = ids.get(key);
    if (id === undefined) {
      ids.set(key, (id = triggers.length));
      triggers.push(trigger);
    }
    return id;
  };
  for (const rule of rules) {
    for (const pattern of rule.regexes) {
      const trigger = triggerOf(pattern.detail.source, rule.def.boundaries);
      const required = trigger ? null : requiredWordsOf(pattern.detail.source);
      if (trigger) pattern.trigger = idOf(trigger);
      else if (required) pattern.required = idOf(required);
    }
  }
  const scanner = new TriggerScanner(triggers.length);
  triggers.forEach((trigger, id) => scanner.add(id, trigger));
  return scanner;
}

/** `{x:lookup=name}` must name a table that exists. */
function checkTables(rule: CompiledRule, tables: Map<string, Map<string, string>>): void {
  const text = JSON.stringify([rule.def.normalized, rule.def.value]);
  for (const m of text.matchAll(/:lookup=([^:}]+)/g)) {
    if (!tables.has(m[1])) {
      throw new RuleError(`unknown table "${m[1]}" (known: ${[...tables.keys()].join(', ') || 'none'})`, rule.def.position, rule.def.id);
    }
  }
}

/**
 * Loads the built-in files and the user's. Without the built-in rules, the built-in
 * blocks and tables stay: they are vocabulary for the user's rules, not rules.
 */
export function loadRuleSet(options: RuleSetOptions = {}): RuleSet {
  const builtinDir = path.resolve(BUILTIN_RULES_DIR) + path.sep;
  const files = collectRuleFiles(options).map(readRuleFile);
  if (options.builtin === false) {
    for (const file of files) if (path.resolve(file.path).startsWith(builtinDir)) file.rules = [];
  }
  return buildRuleSet(files);
}
