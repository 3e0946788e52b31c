/**
 * One pass over a document's words for all rules: where each pattern's trigger words
 * (triggers.ts) occur. A word is a run of letters and digits, or one mark of
 * punctuation; spaces are skipped. Trigger words and prefixes of every pattern sit in
 * one trie keyed by lower-case characters, so each word is read once, character by
 * character, until it leaves the trie — most words leave it at the first or second.
 */
import { Trigger } from './triggers';

class TrieNode {
  readonly next = new Map<number, TrieNode>();
  /** Patterns whose trigger includes a prefix ending here. */
  prefixOf: number[] = [];
  /** Patterns whose trigger includes the whole word ending here. */
  wordOf: number[] = [];
}

const WORD = 1;
const MARK = 2;
const UPPER = 4;

/** Kind of each BMP code unit: WORD (with UPPER for capitals), MARK, or 0 for a space. */
const KIND = buildKinds();

function buildKinds(): Uint8Array {
  const kinds = new Uint8Array(0x10000);
  for (let c = 0; c < 0x10000; c++) kinds[c] = kindOf(String.fromCharCode(c));
  return kinds;
}

function kindOf(ch: string): number {
  if (/[\p{L}\p{N}]/u.test(ch)) return /\p{Lu}/u.test(ch) ? WORD | UPPER : WORD;
  return /\s/u.test(ch) ? 0 : MARK;
}

/** Kind of the character at `i`, reading a surrogate pair as one character. */
function kindAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff || i + 1 >= text.length) return KIND[c];
  const low = text.charCodeAt(i + 1);
  if (low < 0xdc00 || low > 0xdfff) return KIND[c];
  return kindOf(String.fromCodePoint(text.codePointAt(i)!));
}

const width = (text: string, i: number): number => {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
};

/** The text in lower case, code unit for code unit (a letter whose lower case is longer keeps its case). */
function lowerInPlace(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const l = text[i].toLowerCase();
    out += l.length === 1 ? l : text[i];
  }
  return out;
}

/** Where each pattern may start in one document: ascending offsets, per pattern. */
export type TriggerHits = number[][];

export class TriggerScanner {
  private readonly root = new TrieNode();
  private readonly capitalised: number[] = [];

  constructor(readonly patterns: number) {}

  add(pattern: number, trigger: Trigger): void {
    for (const word of trigger.words) this.node(word).wordOf.push(pattern);
    for (const prefix of trigger.prefixes) this.node(prefix).prefixOf.push(pattern);
    if (trigger.capitalised) this.capitalised.push(pattern);
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

  scan(text: string): TriggerHits {
    const hits: TriggerHits = Array.from({ length: this.patterns }, () => []);
    const push = (patterns: number[], at: number) => {
      for (const p of patterns) {
        const list = hits[p];
        if (list.length === 0 || list[list.length - 1] !== at) list.push(at);
      }
    };
    const lower = lowerInPlace(text);
    const n = text.length;
    let i = 0;
    while (i < n) {
      const kind = kindAt(text, i);
      if (kind === 0) {
        i += width(text, i);
        continue;
      }
      if (kind === MARK) {
        const w = width(text, i);
        let node: TrieNode | undefined = this.root;
        for (let k = 0; k < w && node; k++) node = node.next.get(lower.charCodeAt(i + k));
        if (node) push(node.wordOf, i);
        i += w;
        continue;
      }
      const start = i;
      if (kind & UPPER) push(this.capitalised, start);
      let node: TrieNode | undefined = this.root;
      while (i < n && kindAt(text, i) & WORD) {
        const w = width(text, i);
        for (let k = 0; k < w && node; k++) {
          node = node.next.get(lower.charCodeAt(i + k));
          if (node && node.prefixOf.length) push(node.prefixOf, start);
        }
        i += w;
      }
      if (node) push(node.wordOf, start);
    }
    return hits;
  }
}
