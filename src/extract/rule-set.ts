/**
 * Rule sets as the pipeline runs them: the rule files compiled with the builders their
 * rules may name. The rules layer knows builders only by this catalogue, handed down
 * from here, so it never imports the layer above it.
 */
import { BUILDER_CATALOGUE } from '../builders/builders';
import { RuleFile } from '../rules/model';
import { compileRuleSet, readRuleFiles, RuleSet, RuleSetOptions } from '../rules/ruleset';

/** Compiles parsed rule files (the seam tests use to feed YAML text directly). */
export function buildRuleSet(ruleFiles: RuleFile[]): RuleSet {
  return compileRuleSet(ruleFiles, BUILDER_CATALOGUE);
}

/** Reads and compiles the built-in rule files and the user's. */
export function loadRuleSet(options: RuleSetOptions = {}): RuleSet {
  return buildRuleSet(readRuleFiles(options));
}
