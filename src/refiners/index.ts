/**
 * The refiners, in the order they run over one document's candidates (chrono-node's
 * refiners, in spirit): each sees what the one before left.
 */
import { applyBuilders } from '../builders/apply';
import { dropChrome, dropInternal, keepTypes } from './filters';
import { grammarOf, linkHolders, TITLE_TYPE } from './holders';
import { layoutVocabulary } from '../layout/vocabulary';
import { RuleSet } from '../rules/ruleset';
import { resolveOverlaps } from './overlaps';
import { Refiner } from './refiner';
import { describeStatistics, STATISTIC_TYPE, statisticMatchers } from './statistics';

export type { DocumentContext, Refiner } from './refiner';

/**
 * Builds the vocabulary the layout reader and the refiners read from a rule set's blocks
 * (its regexes are made once per rule set): for a rule set about to be cached, so that
 * the blocks' expansions are stored with it and a run never works them out again.
 */
export function compileVocabulary(rules: RuleSet): void {
  layoutVocabulary(rules.blocks);
  grammarOf(rules);
  statisticMatchers(rules);
}

/**
 * A refiner with `values` only changes the values of records of those types: a run
 * that keeps none of them (`--types`, no helper records) skips it.
 */
export const REFINERS: ReadonlyArray<{ name: string; refine: Refiner; values?: readonly string[] }> = [
  // values that depend on the document (a date's year from the reference date), or a rejection
  { name: 'builders', refine: applyBuilders },
  { name: 'chrome', refine: dropChrome },
  // one record per span; claims (a term inside a title) settled
  { name: 'overlaps', refine: resolveOverlaps },
  // short names resolved, and each title given the person the text gives it to
  { name: 'holders', refine: linkHolders, values: [TITLE_TYPE] },
  // each figure's change word, metric and comparison
  { name: 'statistics', refine: describeStatistics, values: [STATISTIC_TYPE] },
  { name: 'internal', refine: dropInternal },
  { name: 'types', refine: keepTypes },
];
