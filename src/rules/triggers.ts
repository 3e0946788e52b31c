/**
 * Trigger words: what the first word of any match of a pattern must look like.
 *
 * Running ~80 patterns over every position of a text costs rules × length. But most
 * patterns can only start at a handful of words — a title at `phó`, `chủ`, `bí`, a
 * document at `nghị`, `quyết`, a statistic at a digit — so one pass over the text's
 * words (trigger-scan.ts) finds every place each pattern could start, and the full
 * pattern runs only there. The answer must be exactly what a scan of every position
 * gives, so the analysis only ever widens: when in doubt a word becomes a prefix, a
 * prefix becomes shorter, and a pattern it cannot pin down gets no trigger at all
 * (and is scanned in full).
 *
 * Words are lower-cased runs of letters and digits, as in the text index. A pattern's
 * trigger is valid only when its matches start at the start of such a word: the rule
 * checks word boundaries and a match's first character is a letter or digit.
 */
import { CharSet, endsWord, isWordChar, parseRegex, RegexNode } from './regex-tree';
import { lowerCharacter } from '../text/chars';

/**
 * `more`: the match so far is `text`, inside its first word, which may go on.
 * `ended`: the first word is exactly `text`. `open`: the first word starts with `text`.
 */
type State = 'more' | 'ended' | 'open';

interface Start {
  text: string;
  state: State;
  /** The first character is a capital letter (`\p{Lu}`), nothing more known. */
  upper: boolean;
}

export interface Trigger {
  /** Whole first words (lower case). */
  words: string[];
  /** Beginnings of first words (lower case). */
  prefixes: string[];
  /** Any word that starts with a capital letter. */
  capitalised: boolean;
}

/** Beyond this many distinct starts the analysis shortens them to prefixes. */
const MAX_STARTS = 400;
/** Required repetitions unrolled before the rest counts as "more of the word". */
const MAX_UNROLL = 3;

const START: Start = { text: '', state: 'more', upper: false };
const UNKNOWN: Start = { text: '', state: 'open', upper: false };

function open(s: Start): Start {
  return s.state === 'more' ? { ...s, state: 'open' } : s;
}

const SPACE = /^\s$/u;

/**
 * After one more character. A mark that starts a match is a word of its own (the
 * index lists punctuation one mark at a time); a space that starts one is not indexed.
 */
/**
 * A number is read to its first digit only: every number starts there anyway, and
 * spelling out `17`, `17k`, `17cm` would crowd the other starts (a qualifier such as
 * `khoảng`) down to short prefixes that most words have.
 */
const startsWithDigit = (text: string): boolean => text.length > 0 && text.charCodeAt(0) >= 0x30 && text.charCodeAt(0) <= 0x39;

function addChar(s: Start, ch: string): Start {
  if (isWordChar(ch)) {
    if (startsWithDigit(s.text)) return { ...s, state: 'open' };
    return { text: s.text + lowerCharacter(ch), state: 'more', upper: false };
  }
  if (s.text !== '') return { ...s, state: 'ended' };
  return SPACE.test(ch) ? UNKNOWN : { text: ch, state: 'ended', upper: false };
}

function addSet(starts: Start[], set: CharSet): Start[] {
  if (set.chars) {
    const chars = [...new Set(set.chars.map(lowerCharacter))];
    return starts.flatMap((s) => chars.map((ch) => addChar(s, ch)));
  }
  return starts.map((s): Start => {
    if (s.text !== '') return { ...s, state: set.words ? 'open' : 'ended' };
    if (set.upper && !set.others) return { text: '', state: 'open', upper: true };
    return UNKNOWN;
  });
}

function key(s: Start): string {
  return `${s.state}${s.upper ? '^' : ''}${s.text}`;
}

/** Removes duplicates; when too many remain, shortens them to prefixes. */
function compact(starts: Start[]): Start[] {
  const unique = new Map<string, Start>();
  for (const s of starts) unique.set(key(s), s);
  let out = [...unique.values()];
  for (let length = 8; out.length > MAX_STARTS; length--) {
    if (length === 0) return [UNKNOWN];
    const shorter = new Map<string, Start>();
    for (const s of out) {
      const cut: Start = s.text.length > length ? { text: s.text.slice(0, length), state: 'open', upper: false } : s;
      shorter.set(key(cut), cut);
    }
    out = [...shorter.values()];
  }
  return out;
}

function repeat(starts: Start[], node: Extract<RegexNode, { kind: 'repeat' }>): Start[] {
  let current = starts;
  const unrolled = Math.min(node.min, MAX_UNROLL);
  for (let i = 0; i < unrolled; i++) current = step(current, node.body);
  if (node.min > unrolled) current = current.map(open);
  if (node.max > node.min) {
    const once = step(current, node.body);
    current = [...current, ...(node.max - node.min > 1 ? once.map(open) : once)];
  }
  return current;
}

/** The starts after `node` has matched, from the starts before it. */
function step(starts: Start[], node: RegexNode): Start[] {
  const live = starts.filter((s) => s.state === 'more');
  if (live.length === 0) return starts;
  const settled = starts.filter((s) => s.state !== 'more');
  let next: Start[];
  switch (node.kind) {
    case 'char':
      next = live.map((s) => addChar(s, node.char));
      break;
    case 'set':
      next = addSet(live, node.set);
      break;
    case 'assertion':
      next = live;
      break;
    case 'look':
      next = endsWord(node) ? live.map((s) => ({ ...s, state: 'ended' as State })) : live;
      break;
    case 'group':
      next = step(live, node.body);
      break;
    case 'sequence':
      next = node.items.reduce(step, live);
      break;
    case 'alternation':
      next = node.options.flatMap((option) => step(live, option));
      break;
    case 'repeat':
      next = repeat(live, node);
      break;
    default:
      next = live.map((s) => (s.text === '' ? UNKNOWN : open(s)));
  }
  return compact([...settled, ...next]);
}

const isMark = (text: string): boolean => text.length > 0 && !isWordChar(text[0]);

function toTrigger(starts: Start[]): Trigger | null {
  const settled = starts.map(open);
  if (settled.some((s) => s.text === '' && !s.upper)) return null;
  const words = settled.filter((s) => s.state === 'ended').map((s) => s.text);
  const prefixes = settled.filter((s) => s.state === 'open' && !s.upper).map((s) => s.text);
  return { words: [...new Set(words)].sort(), prefixes: [...new Set(prefixes)].sort(), capitalised: settled.some((s) => s.upper) };
}

const onlyMarks = (t: Trigger): boolean => !t.capitalised && t.prefixes.length === 0 && t.words.every(isMark);

/**
 * The trigger of a pattern source, or null when its matches could start anywhere.
 * Without word boundaries a match may start inside a word, which the index does not
 * list, so such a rule gets a trigger only when every match starts with a mark.
 */
export function triggerOf(source: string, boundaries: boolean): Trigger | null {
  const trigger = toTrigger(step([START], parseRegex(source)));
  return trigger && (boundaries || onlyMarks(trigger)) ? trigger : null;
}

/** A pattern's top-level items, groups opened where that keeps the language. */
function topLevel(node: RegexNode): RegexNode[] {
  if (node.kind === 'group') return topLevel(node.body);
  if (node.kind === 'sequence') return node.items.flatMap(topLevel);
  return [node];
}

/** Whether every match of `node` is non-empty and ends with a character that is not a letter or digit. */
function endsWithMark(node: RegexNode): boolean {
  switch (node.kind) {
    case 'char':
      return !isWordChar(node.char);
    case 'set':
      return node.set.chars ? node.set.chars.length > 0 && node.set.chars.every((c) => !isWordChar(c)) : !node.set.words;
    case 'group':
      return endsWithMark(node.body);
    case 'alternation':
      return node.options.every(endsWithMark);
    case 'repeat':
      return node.min > 0 && endsWithMark(node.body);
    case 'sequence': {
      const real = node.items.filter((item) => item.kind !== 'look' && item.kind !== 'assertion');
      return real.length > 0 && endsWithMark(real[real.length - 1]);
    }
    default:
      return false;
  }
}

/** Roughly how often a trigger's keys turn up: marks and one-letter prefixes are everywhere. */
function cost(t: Trigger): number {
  const word = (w: string) => (isMark(w) ? 50 : w.length === 1 ? 5 : 1);
  const prefix = (p: string) => (p.length === 1 ? 20 : p.length === 2 ? 5 : 1);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return (t.capitalised ? 1000 : 0) + sum(t.words.map(word)) + sum(t.prefixes.map(prefix));
}

/**
 * For a pattern without a trigger: words one of which every match contains, found at a
 * place where a new word must begin (after a space or mark, or at a mark). A document
 * without any of them cannot match, and the pattern is not run on it.
 */
const WORTH_CHECKING = 100;

export function requiredWordsOf(source: string): Trigger | null {
  const items = topLevel(parseRegex(source));
  let best: Trigger | null = null;
  for (let i = 1; i < items.length; i++) {
    const trigger = toTrigger(step([START], { kind: 'sequence', items: items.slice(i) }));
    if (!trigger) continue;
    if (!endsWithMark(items[i - 1]) && !onlyMarks(trigger)) continue;
    if (!best || cost(trigger) < cost(best)) best = trigger;
  }
  // Words found in almost every document would only add work.
  return best && cost(best) < WORTH_CHECKING ? best : null;
}
