/**
 * The word after the trigger: what the second word of any match of a pattern must look
 * like. A trigger word (triggers.ts) says where a pattern may start; most of those places
 * fail at the next word — `phó` is followed by `chủ` or `bí` in a title, a number by `%`,
 * `tỷ` or a counted noun in a statistic — so the matcher reads that word and calls the
 * regex only where it fits (match.ts). As for triggers, the analysis only ever widens: a
 * second word it cannot pin down, or a match that may end before one, gives no constraint.
 *
 * Words are those of the trigger scan (trigger-scan.ts): a run of letters and digits, or
 * one mark of punctuation; spaces between them are skipped. The second word is the one
 * after the first word's whole run. A match that is one word with letters glued to a
 * number (`17người`, `5k`) has no second word: such patterns say so (`glued`), and the
 * matcher tries them wherever the first word has a letter.
 */
import { CharSet, endsWord, isWordChar, MAX_WORD_TEXT, parseRegex, readRepeat, RegexNode } from './regex-tree';
import { lowerCharacter } from '../text/chars';
import { hasRecordMark, typeOpenedBy } from './record-marks';
import { Trigger } from './triggers';

export interface Follow extends Trigger {
  /** A match may be its first word alone, when that word holds a letter (`17người`). */
  glued: boolean;
}

/**
 * The first words of the records a mark stands for (the triggers of the rules that make
 * that type, when all have one), or null when they could be anything.
 */
export type MarkedWords = (type: string) => Trigger | null;

/**
 * How far a match has got, as far as its second word goes:
 *   - `start`: nothing read;
 *   - `digits`: inside the first word, digits only so far; `letters`: with a letter;
 *   - `gap`: the first word is over, spaces only since (`gapped`: that word had a letter);
 *   - `second`: inside the second word, `text` so far;
 *   - `word`: settled, the second word is `text` (`open`: starts with it; `upper`: starts with a capital);
 *   - `glued`: settled, the first word has a letter (the matcher tries such places: `Follow.glued`);
 *   - `any`: settled, it could be anything.
 */
type Place =
  | { at: 'start' | 'digits' | 'letters' | 'gap' | 'gapped' | 'glued' | 'any' }
  | { at: 'second'; text: string }
  | { at: 'word'; text: string; open: boolean; upper: boolean };

const START: Place = { at: 'start' };
const DIGITS: Place = { at: 'digits' };
const LETTERS: Place = { at: 'letters' };
const GAP: Place = { at: 'gap' };
const GAPPED: Place = { at: 'gapped' };
const ANY: Place = { at: 'any' };
const GLUED: Place = { at: 'glued' };

/** Beyond this many places the second words read are cut shorter, and at last the analysis gives up. */
const MAX_PLACES = 400;
/** A second word read this far is a prefix: the rest cannot narrow it much. */
const MAX_TEXT = MAX_WORD_TEXT;
/**
 * Inside the second word, a class of more characters than this (`\d`) ends the reading
 * there: the word starts with what was read. Listing every `\d{1,3}` would not narrow it.
 */
const MAX_LISTED_IN_WORD = 4;

const SPACE = /^\s$/u;
const DIGIT = /^\d$/u;
const settled = (p: Place): boolean => p.at === 'word' || p.at === 'glued' || p.at === 'any';
const inFirst = (p: Place): boolean => p.at === 'digits' || p.at === 'letters';
const inGap = (p: Place): boolean => p.at === 'gap' || p.at === 'gapped';
/** The gap after the first word, remembering whether that word had a letter. */
const gapAfter = (p: Place): Place => (p.at === 'letters' || p.at === 'gapped' ? GAPPED : GAP);
const word = (text: string, open: boolean, upper = false): Place => ({ at: 'word', text, open, upper });

function key(p: Place): string {
  return p.at === 'word' ? `w${p.open ? 'o' : ''}${p.upper ? 'u' : ''}:${p.text}` : p.at === 'second' ? `s:${p.text}` : p.at;
}

/** A record's mark where the second word starts: that record's first words. */
function markedWords(ch: string, marked: MarkedWords): Place[] {
  const type = typeOpenedBy(ch);
  const words = type === undefined ? null : marked(type);
  if (!words) return [ANY];
  return [
    ...words.words.map((w) => word(w, false)),
    ...words.prefixes.map((p) => word(p, true)),
    ...(words.capitalised ? [word('', true, true)] : []),
  ];
}

/** After one more character. */
function addChar(p: Place, ch: string, marked: MarkedWords): Place[] {
  // A record mark is in the marked text only: the scanned text has the record's own words there.
  if (hasRecordMark(ch)) return settled(p) ? [p] : inGap(p) ? markedWords(ch, marked) : [ANY];
  const isWord = isWordChar(ch);
  const isSpace = !isWord && SPACE.test(ch);
  switch (p.at) {
    case 'start':
      return [isWord ? (DIGIT.test(ch) ? DIGITS : LETTERS) : isSpace ? ANY : GAP];
    case 'digits':
    case 'letters':
      if (isWord) return [p.at === 'digits' && DIGIT.test(ch) ? DIGITS : LETTERS];
      return [isSpace ? gapAfter(p) : word(ch, false)];
    case 'gap':
    case 'gapped':
      // A number is read to its first digit, as triggers.ts reads it.
      if (isWord) return [DIGIT.test(ch) ? word(ch, true) : { at: 'second', text: lowerCharacter(ch) }];
      return [isSpace ? p : word(ch, false)];
    case 'second':
      if (!isWord) return [word(p.text, false)];
      return [p.text.length >= MAX_TEXT ? word(p.text, true) : { at: 'second', text: p.text + lowerCharacter(ch) }];
    default:
      return [p];
  }
}

/** After one character of a class too large to list: what kinds it may be is all that is known. */
function addClass(p: Place, set: CharSet): Place[] {
  const out: Place[] = [];
  const mayBeMark = set.others && !set.spaces;
  switch (p.at) {
    case 'start':
      if (set.words) out.push(DIGITS, LETTERS);
      if (set.others) out.push(ANY);
      break;
    case 'digits':
    case 'letters':
      if (set.words) out.push(LETTERS, p);
      if (set.others) out.push(gapAfter(p));
      if (mayBeMark) out.push(ANY);
      break;
    case 'gap':
    case 'gapped':
      if (set.words) out.push(set.upper && !set.others ? word('', true, true) : ANY);
      if (set.others) out.push(set.spaces ? p : ANY);
      break;
    case 'second':
      if (set.words) out.push(word(p.text, true));
      if (set.others) out.push(word(p.text, false));
      break;
    default:
      out.push(p);
  }
  return out;
}

function addSet(places: Place[], set: CharSet, marked: MarkedWords): Place[] {
  if (set.chars) {
    const chars = [...new Set(set.chars.map(lowerCharacter))];
    return places.flatMap((p) => {
      if (settled(p)) return [p];
      if (p.at === 'second' && chars.length > MAX_LISTED_IN_WORD) return addClass(p, set);
      return chars.flatMap((ch) => addChar(p, ch, marked));
    });
  }
  return places.flatMap((p) => (settled(p) ? [p] : addClass(p, set)));
}

function wordEnds(p: Place): Place {
  if (inFirst(p)) return gapAfter(p);
  if (p.at === 'second') return word(p.text, false);
  return p;
}

function unique(places: Place[]): Place[] {
  const byKey = new Map<string, Place>();
  for (const p of places) byKey.set(key(p), p);
  return [...byKey.values()];
}

/** Without duplicates; when too many remain, the second words read are cut to shorter prefixes. */
function compact(places: Place[]): Place[] {
  let out = unique(places);
  for (let length = MAX_TEXT - 1; out.length > MAX_PLACES && length > 0; length--) {
    out = unique(out.map((p) => ((p.at === 'second' || p.at === 'word') && p.text.length > length ? word(p.text.slice(0, length), true) : p)));
  }
  return out.length > MAX_PLACES ? [ANY] : out;
}

class Analysis {
  constructor(private readonly marked: MarkedWords) {}

  /**
   * A place before a lookahead: the lookahead's own reading of the second word, if it
   * settles it (a first word still going on with a letter in it is as good: `glued`).
   */
  private ahead(p: Place, body: RegexNode): Place[] {
    if (settled(p)) return [p];
    const read = this.step([p], body).map((q) =>
      q.at === 'letters' || q.at === 'gapped' ? GLUED : q.at === 'second' ? word(q.text, true) : q,
    );
    return read.every((q) => q.at === 'word' || q.at === 'glued') ? read : [p];
  }

  step(places: Place[], node: RegexNode): Place[] {
    if (places.every(settled)) return places;
    switch (node.kind) {
      case 'char':
        return compact(places.flatMap((p) => addChar(p, node.char, this.marked)));
      case 'set':
        return compact(addSet(places, node.set, this.marked));
      case 'assertion':
        return places;
      case 'look':
        if (endsWord(node)) return compact(places.map(wordEnds));
        // What must follow (`(?=\s*đến …)`) tells the second word as well as what is matched
        // does: where it settles the word, it stands for the rest. Other look-arounds only narrow.
        if (node.ahead && !node.negative) return compact(places.flatMap((p) => this.ahead(p, node.body)));
        return places;
      case 'group':
        return this.step(places, node.body);
      case 'sequence':
        return node.items.reduce((current, item) => this.step(current, item), places);
      case 'alternation':
        return compact(node.options.flatMap((option) => this.step(places, option)));
      case 'repeat':
        return readRepeat(places, node, (ps, n) => this.step(ps, n), compact, (p) => (settled(p) ? p : ANY));
      default:
        return places.map((p) => (settled(p) ? p : ANY));
    }
  }
}

/**
 * What the word after the first word of every match of a pattern source looks like, or
 * null when it cannot be told, or when a match may be its first word alone (other than a
 * number with letters glued to it).
 */
export function followOf(source: string, marked: MarkedWords = () => null): Follow | null {
  const ends = new Analysis(marked).step([START], parseRegex(source));
  const words = new Set<string>();
  const prefixes = new Set<string>();
  let capitalised = false;
  let glued = false;
  for (const p of ends) {
    if (p.at === 'letters' || p.at === 'gapped' || p.at === 'glued') glued = true;
    else if (p.at === 'second') prefixes.add(p.text);
    else if (p.at !== 'word') return null;
    else if (p.upper) capitalised = true;
    else if (!p.open) words.add(p.text);
    else if (p.text === '') return null;
    else prefixes.add(p.text);
  }
  return { words: [...words].sort(), prefixes: [...prefixes].sort(), capitalised, glued };
}
