/**
 * Rule sets as the pipeline runs them: the rule files compiled with the builders their
 * rules may name. The rules layer knows builders only by this catalogue, handed down
 * from here, so it never imports the layer above it.
 */
import { BUILDER_CATALOGUE } from '../builders/builders';
import { RuleError, RuleFile } from '../rules/model';
import { compileRuleSet, readRuleFiles, RuleSet, RuleSetOptions } from '../rules/ruleset';
import { HOLDER_BLOCKS, PERSON_TYPE, TITLE_TYPE } from '../refiners/holders';
import { cachedRuleSet } from './rule-cache';
import { compileVocabulary } from '../refiners';

/** Compiles parsed rule files (the seam tests use to feed YAML text directly). */
export function buildRuleSet(ruleFiles: RuleFile[]): RuleSet {
  const rules = compileRuleSet(ruleFiles, BUILDER_CATALOGUE);
  checkHolderVocabulary(rules);
  return rules;
}

/**
 * Titles and person names are linked by the holder refiner, whose words are blocks of
 * rules/holders.yaml: a rule set that makes both types without one of them is an error,
 * not titles silently left without holders.
 */
function checkHolderVocabulary(rules: RuleSet): void {
  const types = new Set(rules.rules.map((r) => r.def.type));
  if (!types.has(TITLE_TYPE) || !types.has(PERSON_TYPE)) return;
  const missing = HOLDER_BLOCKS.filter((b) => !rules.blocks.has(b));
  if (missing.length > 0) {
    const list = missing.map((b) => `{${b}}`).join(', ');
    throw new RuleError(`the holder refiner reads ${list}, which no rule file defines (they are in rules/holders.yaml)`);
  }
}

/** Reads and compiles the built-in rule files and the user's, every time. */
export function compileRuleFiles(options: RuleSetOptions = {}, sources?: Map<string, string>): RuleSet {
  const rules = buildRuleSet(readRuleFiles(options, sources));
  // Its blocks' expansions for the layout reader and refiners are then stored with it in the cache.
  compileVocabulary(rules);
  return rules;
}

/** The built-in rule files and the user's, compiled: from the rule-set cache when it holds them (rule-cache.ts). */
export function loadRuleSet(options: RuleSetOptions = {}): RuleSet {
  return cachedRuleSet(options, (sources) => compileRuleFiles(options, sources));
}
