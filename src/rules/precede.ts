/**
 * The word before the trigger: what the word right before a match must be, for a pattern
 * that hangs on a lookbehind at its start (`(?<=khóa\s+…(?:,|và)\s?)(?<n>\d{1,2})`: a
 * number is the term only in a list after `khóa`). Such a pattern's trigger (a number)
 * and its follow say little; the word before it says nearly all. The lookbehind is read
 * backwards for its last word, as follow.ts reads a pattern forwards for its second: the
 * analysis only widens, and a word it cannot pin down gives no constraint.
 *
 * A match starts at a word start (triggers.ts), so the word before it is the one before
 * the spaces before it, read as the trigger scan reads words: a run of letters and digits,
 * or one mark. A suffix constraint (`open`) says the word ends with the text.
 */
import { CharSet, isWordChar, MAX_WORD_TEXT, parseRegex, readRepeat, RegexNode } from './regex-tree';
import { lowerCharacter } from '../text/chars';
import { hasRecordMark } from './record-marks';
import { Trigger } from './triggers';

/**
 * Reading leftwards from the match's start: `gap`, spaces only so far; `word`, inside the
 * word before, `text` read so far (its end); `done`, settled on `text` (`open`: the word
 * ends with it); `any`, settled on nothing.
 */
type Back = { at: 'gap' | 'any' } | { at: 'word'; text: string } | { at: 'done'; text: string; open: boolean };

const GAP: Back = { at: 'gap' };
const ANY: Back = { at: 'any' };
const MAX_PLACES = 400;
const MAX_TEXT = MAX_WORD_TEXT;
const SPACE = /^\s$/u;

const settled = (b: Back): boolean => b.at === 'done' || b.at === 'any';
const done = (text: string, open: boolean): Back => ({ at: 'done', text, open });
const key = (b: Back): string => (b.at === 'done' ? `d${b.open ? 'o' : ''}:${b.text}` : b.at === 'word' ? `w:${b.text}` : b.at);

/** One more character, to the left of what was read. */
function addChar(b: Back, ch: string): Back {
  if (settled(b)) return b;
  if (hasRecordMark(ch)) return ANY;
  const isWord = isWordChar(ch);
  if (b.at === 'gap') {
    if (isWord) return { at: 'word', text: lowerCharacter(ch) };
    return SPACE.test(ch) ? GAP : done(ch, false);
  }
  if (b.at !== 'word') return b;
  if (!isWord) return done(b.text, false);
  return b.text.length >= MAX_TEXT ? done(b.text, true) : { at: 'word', text: lowerCharacter(ch) + b.text };
}

function addClass(b: Back, set: CharSet): Back[] {
  if (settled(b)) return [b];
  const out: Back[] = [];
  if (b.at === 'gap') {
    if (set.words) out.push(ANY);
    if (set.others) out.push(set.spaces ? GAP : ANY);
  } else if (b.at === 'word') {
    if (set.words) out.push(done(b.text, true));
    if (set.others) out.push(done(b.text, false));
  }
  return out;
}

function addSet(backs: Back[], set: CharSet): Back[] {
  if (!set.chars) return backs.flatMap((b) => addClass(b, set));
  const chars = [...new Set(set.chars.map(lowerCharacter))];
  return backs.flatMap((b) => (b.at === 'word' && chars.length > 4 ? addClass(b, set) : chars.map((ch) => addChar(b, ch))));
}

function compact(backs: Back[]): Back[] {
  const byKey = new Map<string, Back>();
  for (const b of backs) byKey.set(key(b), b);
  return byKey.size > MAX_PLACES ? [ANY] : [...byKey.values()];
}

/** The places after reading `node` leftwards (its items in reverse). */
function stepBack(backs: Back[], node: RegexNode): Back[] {
  if (backs.every(settled)) return backs;
  switch (node.kind) {
    case 'char':
      return compact(backs.map((b) => addChar(b, node.char)));
    case 'set':
      return compact(addSet(backs, node.set));
    case 'assertion':
    case 'look':
      // A look-around inside the lookbehind only narrows what it matches.
      return backs;
    case 'group':
      return stepBack(backs, node.body);
    case 'sequence':
      return node.items.reduceRight(stepBack, backs);
    case 'alternation':
      return compact(node.options.flatMap((option) => stepBack(backs, option)));
    case 'repeat':
      return readRepeat(backs, node, stepBack, compact, (b) => (settled(b) ? b : ANY));
    default:
      return backs.map((b) => (settled(b) ? b : ANY));
  }
}

/**
 * The positive lookbehinds every match of `node` must pass at its start, one list per way
 * the match may begin (an alternation's options), or null where a way has none: then
 * nothing is known of the word before.
 */
function leadingLookbehinds(node: RegexNode): RegexNode[] | null {
  if (node.kind === 'group') return leadingLookbehinds(node.body);
  if (node.kind === 'alternation') {
    const all: RegexNode[] = [];
    for (const option of node.options) {
      const found = leadingLookbehinds(option);
      if (!found) return null;
      all.push(...found);
    }
    return all;
  }
  if (node.kind === 'look' && !node.ahead && !node.negative) return [node.body];
  if (node.kind !== 'sequence') return null;
  for (const item of node.items) {
    // Zero-width items before it keep the lookbehind at the start: other look-arounds, assertions.
    if (item.kind === 'look' && !item.ahead && !item.negative) return [item.body];
    if (item.kind === 'look' || item.kind === 'assertion') continue;
    return leadingLookbehinds(item);
  }
  return null;
}

/** What the word right before every match of a pattern source must be, or null when that cannot be told. */
export function precedeOf(source: string): Trigger | null {
  const behinds = leadingLookbehinds(parseRegex(source));
  if (!behinds) return null;
  const words = new Set<string>();
  const suffixes = new Set<string>();
  for (const behind of behinds) {
    for (const b of stepBack([GAP], behind)) {
      if (b.at === 'word') suffixes.add(b.text);
      else if (b.at !== 'done') return null;
      else if (b.open) suffixes.add(b.text);
      else words.add(b.text);
    }
  }
  // A suffix is kept reversed, as the word before is read: from its end.
  const reversed = (s: string) => [...s].reverse().join('');
  return { words: [...words].map(reversed).sort(), prefixes: [...suffixes].map(reversed).sort(), capitalised: false };
}
