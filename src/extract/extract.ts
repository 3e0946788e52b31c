/**
 * The library API: `extract(text, options) → { meta, records }`. One pure function of a
 * document, so it runs the same in the CLI, a worker thread or a user's script:
 *
 *   text → NFC + folded text → layout (headline, dateline, chrome) → rule matches
 *        → refiners, in the order of src/refiners/index.ts (builders, chrome, overlaps
 *          and claims, holders, statistics, internal records, types) → records
 */
import { foldText } from '../text/fold';
import { LineIndex } from '../text/lines';
import { contextWindow } from '../text/context';
import { singleSpaces, singleSpacesIn } from '../text/spaces';
import { LayoutScope, readLayout } from '../layout/layout';
import { builtinLayoutVocabulary, layoutVocabulary } from '../layout/vocabulary';
import { matchRules } from '../rules/match';
import { RuleSet } from '../rules/ruleset';
import { loadRuleSet } from './rule-set';
import { prunedRun } from './prune';
import { DocumentContext, REFINERS } from '../refiners';
import { findReferenceDate } from '../layout/reference-date';
import { DocumentMeta, ExtractedRecord, ExtractResult } from '../types';

export interface ExtractOptions {
  /** Rules to run; the built-in rules when absent. */
  rules?: RuleSet;
  /** Reference date, YYYY-MM-DD (SPEC "Reference date"). */
  date?: string;
  /** Keep only these record types. */
  types?: string[];
  /** Read headline, dateline and chrome (off for a bare snippet such as a rule example). */
  layout?: boolean;
  /** Keep helper records (person names) that are normally consumed, for rule examples. */
  keepInternal?: boolean;
  /** Return the document text with the result (for views that show it). */
  keepText?: boolean;
  /** Rules not to run on this document (a rule that overran the time budget). */
  skipRules?: ReadonlySet<string>;
  /** Called with each rule's index before it runs, so a watchdog can tell which rule is slow. */
  onRule?: (index: number) => void;
  /** When the text is a later part of a long document: the meta read from its first part. */
  documentMeta?: DocumentMeta;
  /** Which ends of the document the text holds, when it is one part of a long one. */
  part?: LayoutScope;
}

let builtinRules: RuleSet | undefined;

/** The built-in rule set, loaded once. */
export function defaultRules(): RuleSet {
  builtinRules ??= loadRuleSet();
  return builtinRules;
}

function unionOf(a: ReadonlySet<string> | undefined, b: ReadonlySet<string>): ReadonlySet<string> {
  return a === undefined || a.size === 0 ? b : new Set([...a, ...b]);
}

const EMPTY_META: DocumentMeta = { headline: null, published: null, source: null, author: null };

export function extract(input: string, options: ExtractOptions = {}): ExtractResult {
  const rules = options.rules ?? defaultRules();
  const text = input.normalize('NFC');
  const folded = foldText(text);
  // The rule set's own chrome words (a user's `extend:` among them), else the built-in ones.
  const words = layoutVocabulary(rules.blocks) ?? builtinLayoutVocabulary();
  const layout = options.layout === false ? { meta: EMPTY_META, chrome: [] } : readLayout(text, options.part, words, folded);
  const reference = findReferenceDate(options.date, options.documentMeta ?? layout.meta);

  const warnings: string[] = [];
  const context: DocumentContext = {
    text,
    folded,
    rules,
    reference,
    chrome: layout.chrome,
    keepInternal: options.keepInternal ?? false,
    types: options.types,
  };
  // `--types`: the rules that cannot change those types' records are not run (prune.ts).
  const pruned = prunedRun(rules, options);
  const skipRules = pruned ? unionOf(options.skipRules, pruned.skipRules) : options.skipRules;
  let candidates = matchRules(rules, { text, folded }, { ...options, skipRules, scanner: pruned?.scanner, warnings });
  for (const { refine, values } of REFINERS) {
    if (values && pruned && !values.some((t) => options.types!.includes(t))) continue;
    candidates = refine(context, candidates);
  }

  const lines = new LineIndex(text);
  const records: ExtractedRecord[] = candidates.map((c) => {
    const { line, column } = lines.position(c.start);
    return {
      type: c.type,
      text: text.slice(c.start, c.end),
      // Canonical strings use single plain spaces, whatever the text has (SPEC §3).
      normalized: c.normalized === null ? null : singleSpaces(c.normalized),
      value: singleSpacesIn(c.value),
      start: c.start,
      end: c.end,
      line,
      column,
      rule: c.rule.def.id,
      context: contextWindow(text, c.start, c.end),
    };
  });
  return { meta: { ...layout.meta }, records, warnings, ...(options.keepText ? { text } : {}) };
}
