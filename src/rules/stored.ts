/**
 * A compiled rule set as plain data, and back: what the rule-set cache keeps
 * (src/extract/rule-cache.ts), so that a run reads its rules without parsing YAML,
 * expanding blocks or working out triggers again. Restoring checks nothing: the data
 * comes from a rule set that was compiled and checked (the cache vouches for that).
 */
import { RuleDefinition, RuleError } from './model';
import { BlockTable, StoredBlocks } from './blocks';
import { CompiledTemplate, compileValue } from './template';
import { Trigger } from './triggers';
import { Follow } from './follow';
import { TriggerScanner } from './trigger-scan';
import { bmpSource, rememberWrittenOutProperties, writtenOutProperties } from './bmp';
import { assembleRuleSet, CompiledPattern, CompiledRule, PatternSources, RuleSet } from './ruleset';

interface StoredPattern extends PatternSources {
  trigger?: number;
  required?: number;
  follow?: number;
  precede?: number;
}

interface StoredRule {
  def: RuleDefinition;
  patterns: StoredPattern[];
  groupNames: string[];
  references: string[];
  stage: number;
}

export interface StoredRuleSet {
  files: string[];
  tables: Array<[string, Array<[string, string]>]>;
  blocks: StoredBlocks;
  rules: StoredRule[];
  triggers: Trigger[];
  follows: Follow[];
  precedes: Trigger[];
  /** The property escapes of the patterns, written out for BMP text (bmp.ts). */
  properties: Array<[string, string]>;
}

/** The rule set as data (its trigger scanner worked out first, so the triggers are stored with it). */
export function storeRuleSet(ruleSet: RuleSet): StoredRuleSet {
  const { triggers, follows, precedes } = ruleSet.scanner;
  const rules = ruleSet.rules.map((rule) => ({
    def: rule.def,
    patterns: rule.regexes.map((p) => ({ ...p.storedSources(), trigger: p.trigger, required: p.required, follow: p.follow, precede: p.precede })),
    groupNames: rule.groupNames,
    references: rule.references,
    stage: rule.stage,
  }));
  // Writing each source out once leaves every escape the patterns use in the table stored.
  for (const { patterns } of rules) {
    for (const p of patterns) for (const source of [p.find, p.detail, p.probe, p.lead]) if (source !== undefined) bmpSource(source);
  }
  return {
    files: ruleSet.files,
    tables: [...ruleSet.tables].map(([name, table]) => [name, [...table]]),
    blocks: ruleSet.blocks.stored(),
    rules,
    triggers: [...triggers],
    follows: [...follows.follows],
    precedes: [...precedes.precedes],
    properties: writtenOutProperties(),
  };
}

/** A template or value that compiled when stored cannot fail now; if it does, the stored data is not what was stored. */
function corrupt(detail: string): never {
  throw new RuleError(`stored rule set: ${detail}`);
}

function restoreRule(stored: StoredRule): CompiledRule {
  const groups = new Set(stored.groupNames);
  const regexes = stored.patterns.map(({ trigger, required, follow, precede, ...sources }) => {
    const pattern = new CompiledPattern(sources);
    pattern.trigger = trigger;
    pattern.required = required;
    pattern.follow = follow;
    pattern.precede = precede;
    return pattern;
  });
  const { def } = stored;
  return {
    def,
    regexes,
    groupNames: stored.groupNames,
    normalized: def.normalized === undefined ? undefined : CompiledTemplate.compile(def.normalized, groups, corrupt),
    value: compileValue(def.value, groups, corrupt),
    references: stored.references,
    stage: stored.stage,
  };
}

export function restoreRuleSet(stored: StoredRuleSet): RuleSet {
  rememberWrittenOutProperties(stored.properties);
  const tables = new Map(stored.tables.map(([name, entries]) => [name, new Map(entries)]));
  const rules = stored.rules.map(restoreRule);
  const scanner = () => {
    const made = new TriggerScanner(stored.triggers.length);
    stored.triggers.forEach((trigger, id) => made.add(id, trigger));
    // Numbered as stored: each is new to the table, so it takes the next number.
    for (const follow of stored.follows) made.follows.idOf(follow);
    for (const precede of stored.precedes) made.precedes.idOf(precede);
    return made;
  };
  return assembleRuleSet(rules, stored.files, tables, BlockTable.restore(stored.blocks, tables), scanner);
}

