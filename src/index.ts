export { extract, defaultRules, ExtractOptions } from './extract/extract';
export { RuleSet, BUILTIN_RULES_DIR } from './rules/ruleset';
export { loadRuleSet, buildRuleSet } from './extract/rule-set';
export { parseRuleFile } from './rules/load';
export { RuleError } from './rules/model';
export { runExamples, ExampleFailure } from './extract/examples';
export * from './types';
