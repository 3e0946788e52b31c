/**
 * One pass over a document's words for all rules: where each pattern's trigger words
 * (triggers.ts) occur. A word is a run of letters and digits, or one mark of
 * punctuation; spaces are skipped. Trigger words and prefixes of every pattern sit in
 * one trie keyed by lower-case characters, so each word is read once, character by
 * character, until it leaves the trie — most words leave it at the first or second.
 */
import { Trigger } from './triggers';
import { Follow } from './follow';
import { CHAR_CLASS, charClassAt, lowerCharacter, SPACE, UPPER, WORD, widthAt } from '../text/chars';
import { needsFullUnicode } from './bmp';

class TrieNode {
  readonly next = new Map<number, TrieNode>();
  /** Patterns whose trigger includes a prefix ending here. */
  prefixOf: number[] = [];
  /** Patterns whose trigger includes the whole word ending here. */
  wordOf: number[] = [];
}

let lowerUnits: Uint16Array | undefined;

/** Each BMP code unit in lower case, as trigger words are lowered (`lowerCharacter`): worked out once, for every trie. */
function lowerUnitTable(): Uint16Array {
  if (!lowerUnits) {
    lowerUnits = new Uint16Array(0x10000);
    for (let c = 0; c < 0x10000; c++) lowerUnits[c] = lowerCharacter(String.fromCharCode(c)).charCodeAt(0);
  }
  return lowerUnits;
}

/** The text lowered character by character, for the rare text with characters outside the BMP. */
function lowerByCharacter(text: string): string {
  let out = '';
  for (const ch of text) out += lowerCharacter(ch);
  return out;
}

/** Where each pattern may start in one document: ascending offsets, per pattern. */
export type TriggerHits = number[][];

/**
 * The trie as a table: state × character → next state (0: none), characters
 * numbered by `alphabet` (0: in no trigger; a capital has its lower case's number).
 * Array reads instead of map lookups, since the scan steps through nearly every
 * character of the text.
 */
interface Automaton {
  alphabet: Uint16Array;
  width: number;
  next: Int32Array;
  prefixOf: number[][];
  wordOf: number[][];
  /** Each state's parent (the state of the word one character shorter); 0 for the root. */
  parent: Int32Array;
}

const ROOT = 1;

/** Words and prefixes of many triggers, each numbered, in one trie read a character at a time. */
class WordTrie {
  private readonly root = new TrieNode();
  readonly capitalised: number[] = [];
  private automaton?: Automaton;

  add(id: number, trigger: Trigger): void {
    for (const word of trigger.words) this.node(word).wordOf.push(id);
    for (const prefix of trigger.prefixes) this.node(prefix).prefixOf.push(id);
    if (trigger.capitalised) this.capitalised.push(id);
    this.automaton = undefined;
  }

  private node(key: string): TrieNode {
    let node = this.root;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      let next = node.next.get(c);
      if (!next) node.next.set(c, (next = new TrieNode()));
      node = next;
    }
    return node;
  }

  table(): Automaton {
    return (this.automaton ??= this.compile());
  }

  private compile(): Automaton {
    const nodes: TrieNode[] = [];
    const alphabet = new Uint16Array(0x10000);
    let letters = 0;
    const visit = (node: TrieNode) => {
      nodes.push(node);
      for (const [c, child] of node.next) {
        if (alphabet[c] === 0) alphabet[c] = ++letters;
        visit(child);
      }
    };
    visit(this.root);
    // A capital reads as its lower case, so the scan need not lower the text first.
    const lower = lowerUnitTable();
    for (let c = 0; c < 0x10000; c++) {
      if (alphabet[c] === 0) alphabet[c] = alphabet[lower[c]];
    }
    const width = letters + 1;
    const ids = new Map(nodes.map((node, i) => [node, i + ROOT]));
    const next = new Int32Array((nodes.length + ROOT) * width);
    const parent = new Int32Array(nodes.length + ROOT);
    nodes.forEach((node, i) => {
      for (const [c, child] of node.next) {
        next[(i + ROOT) * width + alphabet[c]] = ids.get(child)!;
        parent[ids.get(child)!] = i + ROOT;
      }
    });
    const empty: number[] = [];
    const states = [empty, ...nodes];
    return {
      alphabet,
      width,
      next,
      prefixOf: states.map((n) => (n === empty || !(n as TrieNode).prefixOf.length ? empty : (n as TrieNode).prefixOf)),
      wordOf: states.map((n) => (n === empty || !(n as TrieNode).wordOf.length ? empty : (n as TrieNode).wordOf)),
      parent,
    };
  }
}

export class TriggerScanner {
  private readonly trie = new WordTrie();
  /** Each pattern's trigger, by its number (what a stored rule set keeps). */
  readonly triggers: Trigger[] = [];

  /**
   * `follows` and `precedes`: the words after and before the triggers (follow.ts,
   * precede.ts), shared by a scanner made of part of the rule set (`scannerOf`).
   */
  constructor(
    readonly patterns: number,
    readonly follows: FollowTable = new FollowTable(),
    readonly precedes: PrecedeTable = new PrecedeTable(),
  ) {}

  /** Adds a pattern's trigger (once: patterns that share a trigger share its number). */
  add(pattern: number, trigger: Trigger): void {
    if (this.triggers[pattern] !== undefined) return;
    this.triggers[pattern] = trigger;
    this.trie.add(pattern, trigger);
  }

  /**
   * Where each pattern may start in `text`. `fullUnicode`: the text holds characters
   * beyond the BMP (`needsFullUnicode`; the matcher has worked it out already).
   */
  scan(text: string, fullUnicode = needsFullUnicode(text)): TriggerHits {
    const { alphabet, width, next, prefixOf, wordOf } = this.trie.table();
    const capitalised = this.trie.capitalised;
    const hits: TriggerHits = [];
    for (let k = 0; k < this.patterns; k++) hits.push([]);
    // The table folds case one code unit at a time; a character outside the BMP takes two.
    const lower = fullUnicode ? lowerByCharacter(text) : text;
    // The class of the character at `i`: the table for a BMP code unit, the slow way for a surrogate.
    const classAt = (i: number, c: number) => ((c & 0xf800) === 0xd800 ? charClassAt(text, i) : CHAR_CLASS[c]);
    const n = text.length;
    let i = 0;
    while (i < n) {
      const kind = classAt(i, text.charCodeAt(i));
      if (kind & SPACE) {
        i++;
        continue;
      }
      const start = i;
      let state = ROOT;
      if (!(kind & WORD)) {
        // A mark is a word of one character.
        const w = widthAt(text, i);
        for (let k = 0; k < w && state !== 0; k++) state = next[state * width + alphabet[lower.charCodeAt(i + k)]];
        if (state !== 0) pushHits(hits, wordOf[state], start);
        i += w;
        continue;
      }
      if (kind & UPPER) pushHits(hits, capitalised, start);
      for (; i < n && classAt(i, text.charCodeAt(i)) & WORD; i++) {
        if (state === 0) continue;
        state = next[state * width + alphabet[lower.charCodeAt(i)]];
        if (state !== 0 && prefixOf[state].length) pushHits(hits, prefixOf[state], start);
      }
      if (state !== 0) pushHits(hits, wordOf[state], start);
    }
    return hits;
  }
}

/** Word constraints numbered once each (the same one twice is one number), in one trie. */
/** Items numbered once each, in the order first given: the same item (by its JSON) twice is one number. */
export class Numbering<T> {
  readonly items: T[] = [];
  private readonly ids = new Map<string, number>();

  idOf(item: T): number {
    const key = JSON.stringify(item);
    let id = this.ids.get(key);
    if (id === undefined) {
      this.ids.set(key, (id = this.items.length));
      this.items.push(item);
    }
    return id;
  }
}

abstract class NumberedWords<T extends Trigger> {
  protected readonly trie = new WordTrie();
  private readonly numbering = new Numbering<T>();

  protected get items(): readonly T[] {
    return this.numbering.items;
  }

  /** The number of a constraint, added if new. */
  idOf(item: T): number {
    const known = this.numbering.items.length;
    const id = this.numbering.idOf(item);
    if (id === known) {
      this.trie.add(id, item);
      this.added();
    }
    return id;
  }

  /** After a new constraint: what was worked out from the trie is stale. */
  protected added(): void {}
}

const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

/** What the word after a position is, packed in one number (see `FollowTable.read`). */
const COMPLETE = 1;
const UPPER_START = 2;
const FIRST_HAS_LETTER = 4;
const FLAG_BITS = 3;

/**
 * The words that must follow the trigger of some patterns (follow.ts), numbered: at a
 * trigger, the matcher asks whether the next word is one of them before it runs the regex.
 * The next word is read once per place (`reader`), however many patterns start there.
 */
export class FollowTable extends NumberedWords<Follow> {
  private accepting?: { wordBits: Int32Array; prefixBits: Int32Array; words: number; glued: Uint8Array; capitalised: Uint8Array };

  /** Each follow by its number (what a stored rule set keeps). */
  get follows(): readonly Follow[] {
    return this.items;
  }

  protected override added(): void {
    this.accepting = undefined;
  }

  /**
   * Per state, the follows it accepts, as bit sets: `wordBits` when a word ends there,
   * `prefixBits` when the word read so far starts with one of a follow's prefixes.
   */
  private tables() {
    if (this.accepting) return this.accepting;
    const { prefixOf, wordOf, parent } = this.trie.table();
    const words = (this.follows.length >> 5) + 1;
    const states = wordOf.length;
    const wordBits = new Int32Array(states * words);
    const prefixBits = new Int32Array(states * words);
    const set = (bits: Int32Array, state: number, id: number) => (bits[state * words + (id >> 5)] |= 1 << (id & 31));
    // A parent always has a smaller number than its children (the trie is numbered depth first).
    for (let state = ROOT; state < states; state++) {
      for (let k = 0; k < words; k++) prefixBits[state * words + k] = parent[state] ? prefixBits[parent[state] * words + k] : 0;
      for (const id of prefixOf[state]) set(prefixBits, state, id);
      for (const id of wordOf[state]) set(wordBits, state, id);
    }
    const glued = Uint8Array.from(this.follows, (f) => (f.glued ? 1 : 0));
    const capitalised = Uint8Array.from(this.follows, (f) => (f.capitalised ? 1 : 0));
    return (this.accepting = { wordBits, prefixBits, words, glued, capitalised });
  }

  /**
   * The word after the one at `at` of BMP text, read through the trie: the last state
   * reached, whether the whole word was read (COMPLETE), whether it starts with a capital,
   * and whether the word at `at` has a letter.
   */
  private read(text: string, at: number): number {
    const { alphabet, width, next } = this.trie.table();
    const n = text.length;
    let flags = 0;
    let i = at;
    if (i < n && CHAR_CLASS[text.charCodeAt(i)] & WORD) {
      for (let c = text.charCodeAt(i); i < n && CHAR_CLASS[c] & WORD; c = text.charCodeAt(++i)) {
        if (c < DIGIT_0 || c > DIGIT_9) flags |= FIRST_HAS_LETTER;
      }
    } else i++;
    while (i < n && CHAR_CLASS[text.charCodeAt(i)] & SPACE) i++;
    if (i >= n) return flags;
    const kind = CHAR_CLASS[text.charCodeAt(i)];
    if (!(kind & WORD)) return (next[ROOT * width + alphabet[text.charCodeAt(i)]] << FLAG_BITS) | flags | COMPLETE;
    if (kind & UPPER) flags |= UPPER_START;
    let state = ROOT;
    for (; i < n && CHAR_CLASS[text.charCodeAt(i)] & WORD; i++) {
      const to = next[state * width + alphabet[text.charCodeAt(i)]];
      if (to === 0) return (state << FLAG_BITS) | flags;
      state = to;
    }
    return (state << FLAG_BITS) | flags | COMPLETE;
  }

  /** For one document's BMP text: whether a pattern with follow `id` may start at `at`. Each place is read once. */
  reader(text: string): (id: number, at: number) => boolean {
    const { wordBits, prefixBits, words, glued, capitalised } = this.tables();
    // The reading of each place, plus one (0: not read yet).
    const seen = new Int32Array(text.length + 1);
    return (id, at) => {
      let packed = seen[at] - 1;
      if (packed < 0) seen[at] = (packed = this.read(text, at)) + 1;
      if (packed & FIRST_HAS_LETTER && glued[id]) return true;
      if (packed & UPPER_START && capitalised[id]) return true;
      const slot = (packed >>> FLAG_BITS) * words + (id >> 5);
      const bit = 1 << (id & 31);
      return (prefixBits[slot] & bit) !== 0 || ((packed & COMPLETE) !== 0 && (wordBits[slot] & bit) !== 0);
    };
  }
}

/**
 * The words that must come right before a match of some patterns (precede.ts), numbered,
 * stored reversed: the word before a trigger is read from its end, leftwards.
 */
export class PrecedeTable extends NumberedWords<Trigger> {
  /** Each constraint by its number, its words and prefixes reversed (what a stored rule set keeps). */
  get precedes(): readonly Trigger[] {
    return this.items;
  }

  /** For one document's BMP text: whether the word before `at` fits constraint `id`. */
  reader(text: string): (id: number, at: number) => boolean {
    const { alphabet, width, next, prefixOf, wordOf } = this.trie.table();
    return (id, at) => {
      let i = at - 1;
      while (i >= 0 && CHAR_CLASS[text.charCodeAt(i)] & SPACE) i--;
      if (i < 0) return false;
      if (!(CHAR_CLASS[text.charCodeAt(i)] & WORD)) {
        const state = next[ROOT * width + alphabet[text.charCodeAt(i)]];
        return state !== 0 && wordOf[state].includes(id);
      }
      let state = ROOT;
      for (; i >= 0 && CHAR_CLASS[text.charCodeAt(i)] & WORD; i--) {
        state = next[state * width + alphabet[text.charCodeAt(i)]];
        if (state === 0) return false;
        if (prefixOf[state].length && prefixOf[state].includes(id)) return true;
      }
      return wordOf[state].includes(id);
    };
  }
}

/** Notes a start for each pattern, once. */
function pushHits(hits: TriggerHits, patterns: number[], at: number): void {
  for (let k = 0; k < patterns.length; k++) {
    const list = hits[patterns[k]];
    if (list.length === 0 || list[list.length - 1] !== at) list.push(at);
  }
}
