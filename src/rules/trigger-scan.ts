/**
 * One pass over a document's words for all rules: where each pattern's trigger words
 * (triggers.ts) occur. A word is a run of letters and digits, or one mark of
 * punctuation; spaces are skipped. Trigger words and prefixes of every pattern sit in
 * one trie keyed by lower-case characters, so each word is read once, character by
 * character, until it leaves the trie — most words leave it at the first or second.
 */
import { Trigger } from './triggers';
import { charClassAt, lowerCharacter, SPACE, UPPER, WORD, widthAt } from '../text/chars';
import { needsFullUnicode } from './bmp';

class TrieNode {
  readonly next = new Map<number, TrieNode>();
  /** Patterns whose trigger includes a prefix ending here. */
  prefixOf: number[] = [];
  /** Patterns whose trigger includes the whole word ending here. */
  wordOf: number[] = [];
}

/** A code unit in lower case, as trigger words are lowered (`lowerCharacter`). */
const lowerUnit = (code: number): number => lowerCharacter(String.fromCharCode(code)).charCodeAt(0);

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
}

const ROOT = 1;

export class TriggerScanner {
  private readonly root = new TrieNode();
  private readonly capitalised: number[] = [];
  private automaton?: Automaton;
  /** Each pattern's trigger, by its number (what a stored rule set keeps). */
  readonly triggers: Trigger[] = [];

  constructor(readonly patterns: number) {}

  /** Adds a pattern's trigger (once: patterns that share a trigger share its number). */
  add(pattern: number, trigger: Trigger): void {
    if (this.triggers[pattern] !== undefined) return;
    this.triggers[pattern] = trigger;
    for (const word of trigger.words) this.node(word).wordOf.push(pattern);
    for (const prefix of trigger.prefixes) this.node(prefix).prefixOf.push(pattern);
    if (trigger.capitalised) this.capitalised.push(pattern);
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
    for (let c = 0; c < 0x10000; c++) {
      if (alphabet[c] === 0) alphabet[c] = alphabet[lowerUnit(c)];
    }
    const width = letters + 1;
    const ids = new Map(nodes.map((node, i) => [node, i + ROOT]));
    const next = new Int32Array((nodes.length + ROOT) * width);
    nodes.forEach((node, i) => {
      for (const [c, child] of node.next) next[(i + ROOT) * width + alphabet[c]] = ids.get(child)!;
    });
    const empty: number[] = [];
    const states = [empty, ...nodes];
    return {
      alphabet,
      width,
      next,
      prefixOf: states.map((n) => (n === empty || !(n as TrieNode).prefixOf.length ? empty : (n as TrieNode).prefixOf)),
      wordOf: states.map((n) => (n === empty || !(n as TrieNode).wordOf.length ? empty : (n as TrieNode).wordOf)),
    };
  }

  /**
   * Where each pattern may start in `text`. `fullUnicode`: the text holds characters
   * beyond the BMP (`needsFullUnicode`; the matcher has worked it out already).
   */
  scan(text: string, fullUnicode = needsFullUnicode(text)): TriggerHits {
    const { alphabet, width, next, prefixOf, wordOf } = (this.automaton ??= this.compile());
    const hits: TriggerHits = Array.from({ length: this.patterns }, () => []);
    const step = (state: number, code: number) => (state === 0 ? 0 : next[state * width + alphabet[code]]);
    // The table folds case one code unit at a time; a character outside the BMP takes two.
    const lower = fullUnicode ? lowerByCharacter(text) : text;
    const n = text.length;
    let i = 0;
    while (i < n) {
      const kind = charClassAt(text, i);
      if (kind & SPACE) {
        i++;
        continue;
      }
      const start = i;
      let state = ROOT;
      if (!(kind & WORD)) {
        // A mark is a word of one character.
        const w = widthAt(text, i);
        for (let k = 0; k < w; k++) state = step(state, lower.charCodeAt(i + k));
        if (state !== 0) pushHits(hits, wordOf[state], start);
        i += w;
        continue;
      }
      if (kind & UPPER) pushHits(hits, this.capitalised, start);
      for (; i < n && charClassAt(text, i) & WORD; i++) {
        state = step(state, lower.charCodeAt(i));
        if (state !== 0 && prefixOf[state].length) pushHits(hits, prefixOf[state], start);
      }
      if (state !== 0) pushHits(hits, wordOf[state], start);
    }
    return hits;
  }
}

/** Notes a start for each pattern, once. */
function pushHits(hits: TriggerHits, patterns: number[], at: number): void {
  for (let k = 0; k < patterns.length; k++) {
    const list = hits[patterns[k]];
    if (list.length === 0 || list[list.length - 1] !== at) list.push(at);
  }
}
