export { extract, defaultRules, ExtractOptions } from './extract';
export { loadRuleSet, buildRuleSet, RuleSet, BUILTIN_RULES_DIR } from './rules/ruleset';
export { parseRuleFile } from './rules/load';
export { RuleError } from './rules/model';
export { runExamples, ExampleFailure } from './rules/examples';
export * from './types';
