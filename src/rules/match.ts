/**
 * Runs compiled rules over a document's folded text and turns each match into a
 * candidate: its span in the document text, the rule's `normalized` and `value`
 * built from the groups (read from the document's own characters, not the folded ones).
 */
import { Value } from '../types';
import { CompiledRule, PatternRegexes, RuleSet } from './ruleset';
import { TriggerHits, TriggerScanner } from './trigger-scan';
import { Reject } from './normalisers';
import { evaluateValue, Groups, WHOLE_MATCH } from './template';
import { widthAt } from '../text/chars';
import { MAX_MATCHES_PER_RULE } from './limits';
import { isReferencedHelper, Reach } from './reach';
import { markRecords, MarkedSpan } from './record-marks';
import { needsFullUnicode } from './bmp';

export interface Candidate {
  rule: CompiledRule;
  type: string;
  start: number;
  end: number;
  normalized: string | null;
  value: Value;
}

export interface MatchInput {
  text: string;
  folded: string;
}

/** A document as the matcher reads it: the input, and which of each pattern's regexes suit its text. */
interface MatchText extends MatchInput {
  /** The text holds characters beyond the BMP: the patterns run as written (bmp.ts). */
  fullUnicode: boolean;
  /** Test trigger positions with the pattern's probe before its detail (see `PROBES_AFTER_CHARS`). */
  probes: boolean;
  /**
   * Whether the word after a trigger fits a pattern's follow (follow.ts), read in the text
   * the trigger scan read: without record marks, since follow.ts reads a mark in a pattern
   * as its record's first words. Undefined for text beyond the BMP (every trigger is tried).
   */
  follows?: (id: number, at: number) => boolean;
  /** Whether the word before a place fits a pattern's precede (precede.ts), read as `follows` are. */
  precedes?: (id: number, at: number) => boolean;
}

/**
 * A probe (a pattern without group indices or lookbehinds) makes the test at each
 * trigger cheaper, but it is one more regex to compile: a run that has read less
 * text than this tests with `detail` alone. Both find the same matches.
 */
const PROBES_AFTER_CHARS = 200_000;
const charsRead = new WeakMap<RuleSet, number>();

function groupsOf(rule: CompiledRule, match: RegExpExecArray, text: string): Groups {
  const groups: Groups = { [WHOLE_MATCH]: text.slice(match.index, match.index + match[0].length) };
  const spans = match.indices?.groups;
  if (!spans) return groups;
  for (const name of rule.groupNames) {
    // A group of another of the rule's patterns is not in this match at all.
    if (!(name in spans)) continue;
    const span = spans[name];
    groups[name] = span ? text.slice(span[0], span[1]) : null;
  }
  return groups;
}

function spanOf(rule: CompiledRule, match: RegExpExecArray): [number, number] | undefined {
  if (rule.def.span === undefined) return [match.index, match.index + match[0].length];
  return match.indices?.groups?.[rule.def.span] ?? undefined;
}

function toCandidate(rule: CompiledRule, match: RegExpExecArray, input: MatchText, ruleSet: RuleSet): Candidate | undefined {
  const span = spanOf(rule, match);
  if (!span || span[1] <= span[0]) return undefined;
  const groups = groupsOf(rule, match, input.text);
  try {
    const normalized = rule.normalized?.evaluate(groups, ruleSet.context);
    const value = evaluateValue(rule.value, groups, ruleSet.context) as Value;
    return {
      rule,
      type: rule.def.type,
      start: span[0],
      end: span[1],
      normalized: normalized === undefined || normalized === null || normalized === '' ? null : String(normalized),
      value,
    };
  } catch (err) {
    if (err instanceof Reject) return undefined;
    throw err;
  }
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Whether the character ending just before `index` is a letter or digit (astral ones too). */
function followsWordChar(text: string, index: number): boolean {
  if (index === 0) return false;
  const code = text.charCodeAt(index - 1);
  const ch = code >= 0xdc00 && code <= 0xdfff && index >= 2 ? String.fromCodePoint(text.codePointAt(index - 2)!) : text[index - 1];
  return WORD_CHAR.test(ch);
}

/**
 * Runs a rule's patterns. A pattern with a trigger runs only where its trigger words
 * start, left to right, skipping starts inside the previous match: the same matches
 * as a scan of every position, since no match can start anywhere else. At most `limit`
 * matches are kept (a rule that matches everywhere must not take the document's
 * memory with it); `found.length > limit` tells the caller the rule was cut short.
 */
function matchRule(rule: CompiledRule, input: MatchText, ruleSet: RuleSet, hits: TriggerHits, limit: number, reach?: Uint8Array): Candidate[] {
  const found: Candidate[] = [];
  const triggers = hits;
  for (const pattern of rule.regexes) {
    if (found.length > limit) break;
    const regexes = pattern.regexes(input.fullUnicode);
    if (pattern.trigger !== undefined) {
      // The word after the trigger is checked first, where the pattern says what it must be (follow.ts).
      matchAtTriggers(rule, regexes, triggers[pattern.trigger], input, ruleSet, found, limit, pattern.follow, pattern.precede);
      continue;
    }
    if (pattern.required !== undefined && triggers[pattern.required].length === 0) continue;
    const { wordStart } = pattern;
    const { find, detail } = regexes;
    find.lastIndex = 0;
    let hit: RegExpExecArray | null;
    while ((hit = find.exec(input.folded)) !== null) {
      // An empty match, or one inside a word (where no match can start): look again from the
      // next character. A whole character: a `u` regex set inside a surrogate pair starts
      // again at the pair, so a step of one code unit would find the same place forever.
      if (hit[0].length === 0 || (wordStart && followsWordChar(input.folded, hit.index)) || (reach && !reach[hit.index])) {
        find.lastIndex = hit.index + widthAt(input.folded, hit.index);
        continue;
      }
      detail.lastIndex = hit.index;
      const match = detail.exec(input.folded);
      if (!match) continue;
      const candidate = toCandidate(rule, match, input, ruleSet);
      if (candidate && found.push(candidate) > limit) break;
    }
  }
  return found;
}

function matchAtTriggers(
  rule: CompiledRule,
  regexes: PatternRegexes,
  starts: number[],
  input: MatchText,
  ruleSet: RuleSet,
  found: Candidate[],
  limit: number,
  follow?: number,
  precede?: number,
): void {
  const follows = follow === undefined ? undefined : input.follows;
  const precedes = precede === undefined ? undefined : input.precedes;
  // Built when a place first passes the follow: a document where none does never builds (or compiles) them.
  let detail: RegExp | undefined;
  let probe: RegExp | undefined;
  let cursor = 0;
  for (const at of starts) {
    if (at < cursor) continue;
    if (follows && !follows(follow!, at)) continue;
    if (precedes && !precedes(precede!, at)) continue;
    detail ??= regexes.detail;
    probe ??= input.probes ? regexes.probe : detail;
    if (probe !== detail) {
      probe.lastIndex = at;
      if (!probe.test(input.folded)) continue;
    }
    detail.lastIndex = at;
    const match = detail.exec(input.folded);
    if (!match || match[0].length === 0) continue;
    cursor = at + match[0].length;
    const candidate = toCandidate(rule, match, input, ruleSet);
    if (candidate && found.push(candidate) > limit) return;
  }
}

export interface MatchOptions {
  skipRules?: ReadonlySet<string>;
  /** Helper records are wanted for themselves (rule examples): match them everywhere, not only within reach of what refers to them. */
  keepInternal?: boolean;
  onRule?: (index: number) => void;
  /** Where to say that a rule was cut short at MAX_MATCHES_PER_RULE. */
  warnings?: string[];
  /** A scanner of only the triggers of the rules that run (`scannerOf`), instead of the rule set's. */
  scanner?: TriggerScanner;
}

/**
 * A scanner of the triggers of the rules not in `skipRules`, numbered as in the rule
 * set's (the others' lists stay empty): fewer trigger words, a smaller trie to walk.
 */
export function scannerOf(ruleSet: RuleSet, skipRules: ReadonlySet<string>): TriggerScanner {
  const { triggers, follows, precedes } = ruleSet.scanner;
  const scanner = new TriggerScanner(triggers.length, follows, precedes);
  for (const rule of ruleSet.rules) {
    if (skipRules.has(rule.def.id)) continue;
    for (const pattern of rule.regexes) {
      for (const id of [pattern.trigger, pattern.required]) if (id !== undefined) scanner.add(id, triggers[id]);
    }
  }
  return scanner;
}

/** One stage of a rule set: its rules (with their index in the set), the types they refer to, and its helpers. */
interface Stage {
  rules: Array<{ rule: CompiledRule; index: number }>;
  referred: Set<string>;
  /** Rules of helper types a later stage refers to: matched only within reach when there is one. */
  helpers: Set<CompiledRule>;
  /** The trigger lists the helpers read. */
  helperTriggers: number[];
}

const plans = new WeakMap<RuleSet, Stage[]>();

/** The stages of a rule set, worked out once (the matcher runs them for every document). */
function stagesOf(ruleSet: RuleSet): Stage[] {
  let stages = plans.get(ruleSet);
  if (!stages) {
    const numbers = [...new Set(ruleSet.rules.map((r) => r.stage))].sort((a, b) => a - b);
    stages = numbers.map((n) => {
      const rules = ruleSet.rules.flatMap((rule, index) => (rule.stage === n ? [{ rule, index }] : []));
      const helpers = new Set(rules.map((r) => r.rule).filter((r) => isReferencedHelper(ruleSet, r)));
      const helperTriggers = [...new Set([...helpers].flatMap((r) => r.regexes.flatMap((p) => (p.trigger === undefined ? [] : [p.trigger]))))];
      return { rules, referred: new Set(rules.flatMap((r) => r.rule.references)), helpers, helperTriggers };
    });
    plans.set(ruleSet, stages);
  }
  return stages;
}

export function matchRules(ruleSet: RuleSet, input: MatchInput, options: MatchOptions = {}): Candidate[] {
  const found: Candidate[] = [];
  const fullUnicode = needsFullUnicode(input.folded);
  const scanner = options.scanner ?? ruleSet.scanner;
  const hits = scanner.scan(input.folded, fullUnicode);
  const follows = fullUnicode ? undefined : scanner.follows.reader(input.folded);
  const precedes = fullUnicode ? undefined : scanner.precedes.reader(input.folded);
  const read = (charsRead.get(ruleSet) ?? 0) + input.folded.length;
  charsRead.set(ruleSet, read);
  const text: MatchText = { ...input, fullUnicode, probes: read > PROBES_AFTER_CHARS, follows, precedes };
  // Where helpers may start; not worked out when no helper rule runs (a `--types` run without titles).
  const helpersRun = stagesOf(ruleSet).some((stage) => [...stage.helpers].some((rule) => !options.skipRules?.has(rule.def.id)));
  const reach = options.keepInternal || !helpersRun ? undefined : Reach.of(ruleSet, text.folded, hits, text.fullUnicode);
  for (const stage of stagesOf(ruleSet)) {
    // A later stage reads the text with the records it refers to marked (record-marks.ts).
    const stageInput = stage.referred.size === 0 ? text : { ...text, folded: markRecords(text.folded, spansToMark(found, stage.referred)) };
    const run = (rule: CompiledRule, index: number, ruleHits: TriggerHits, where?: Uint8Array): Candidate[] => {
      if (options.skipRules?.has(rule.def.id)) return [];
      options.onRule?.(index);
      const matches = matchRule(rule, stageInput, ruleSet, ruleHits, MAX_MATCHES_PER_RULE, where);
      if (matches.length > MAX_MATCHES_PER_RULE) {
        matches.length = MAX_MATCHES_PER_RULE;
        options.warnings?.push(`rule ${rule.def.id} matched more than ${MAX_MATCHES_PER_RULE.toLocaleString('en-US')} times; only the first ${MAX_MATCHES_PER_RULE.toLocaleString('en-US')} are kept`);
      }
      for (const c of matches) found.push(c);
      return matches;
    };
    const inReach = reach !== undefined && stage.helpers.size > 0;
    for (const { rule, index } of stage.rules) if (!inReach || !stage.helpers.has(rule)) run(rule, index, hits);
    if (inReach) matchInReach(stage, hits, reach, run);
  }
  options.onRule?.(-1);
  return found;
}

/** Chains are at most this many organisations after the first (rules/title.yaml, {organization_chain}). */
const MAX_CHAIN_ROUNDS = 4;

/**
 * Helper rules at the positions their reach allows: first after the leads of what
 * refers to them, then just after the helpers found, for the next of a chain.
 */
function matchInReach(
  stage: Stage,
  hits: TriggerHits,
  reach: Reach,
  run: (rule: CompiledRule, index: number, hits: TriggerHits, where: Uint8Array) => Candidate[],
): void {
  const helpers = stage.rules.filter(({ rule }) => stage.helpers.has(rule));
  // Only the trigger lists the helpers read; the others stay empty.
  const roundHits: TriggerHits = hits.map(() => []);
  let where: Uint8Array | undefined = reach.allowed;
  for (let round = 0; where && round < MAX_CHAIN_ROUNDS; round++) {
    const allowed: Uint8Array = where;
    for (const id of stage.helperTriggers) roundHits[id] = hits[id].filter((at) => allowed[at] === 1);
    const ends = helpers.flatMap(({ rule, index }) => run(rule, index, roundHits, allowed)).map((c) => c.end);
    where = reach.extendAfter(ends);
  }
}

/**
 * The records a later stage sees as marks: of each referred type, the ones that win
 * where they overlap (longer, then higher priority, then earlier: an organisation's
 * whole name over the shorter one inside it), so that one stretch of text is one record.
 */
function spansToMark(found: readonly Candidate[], types: ReadonlySet<string>): MarkedSpan[] {
  const chosen: MarkedSpan[] = [];
  const taken = new Uint8Array(found.reduce((end, c) => Math.max(end, c.end), 0));
  const overlaps = (c: Candidate) => taken.subarray(c.start, c.end).includes(1);
  const ranked = found
    .filter((c) => types.has(c.type))
    .sort((a, b) => b.end - b.start - (a.end - a.start) || b.rule.def.priority - a.rule.def.priority || a.start - b.start);
  for (const c of ranked) {
    if (overlaps(c)) continue;
    taken.fill(1, c.start, c.end);
    chosen.push({ type: c.type, start: c.start, end: c.end });
  }
  return chosen;
}
