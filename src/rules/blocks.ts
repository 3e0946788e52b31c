/**
 * Named building blocks: `{year}`, `{roman}`, `{surname}` in a pattern stand for regex
 * text defined once, in any rule file, either as a pattern or as a list of words.
 */
import { foldText } from '../text/fold';
import { BlockDefinition, RuleError, SourcePosition } from './model';
import { caseInsensitiveSource } from './case';
import { escapeRegex, groupEnd, isLookbehindAt, rewritePattern } from '../text/regex';
import { MAX_PATTERN_CHARS, thousands } from './limits';
import { didYouMean } from './suggest';
import { recordPattern, TYPE_REFERENCE } from './record-marks';

/** `{name}` not preceded by `\p`, `\P`, `\u` or `\k` (those braces belong to the regex). */
export const REFERENCE = /(?<!\\[pPuk])\{([a-z][a-z0-9_]*)\}/g;


interface TrieNode {
  children: Map<string, TrieNode>;
  end: boolean;
}

/** A regex for a set of words that shares their common prefixes: `Ngô|Nguyễn` → `Ng(?:ô|uyễn)`. */
function trieToPattern(node: TrieNode): string {
  const branches = [...node.children.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([ch, child]) => escapeRegex(ch).replace(/^\s$/u, '\\s+') + trieToPattern(child));
  if (branches.length === 0) return '';
  // Longer continuations are tried before stopping here, so the longest word wins.
  const body = branches.length === 1 ? branches[0] : `(?:${branches.join('|')})`;
  return node.end ? `(?:${body})?` : body;
}

/** A word list as one regex: folded like the text, common prefixes shared, spaces flexible. */
function wordsToPattern(words: string[]): string {
  const root: TrieNode = { children: new Map(), end: false };
  for (const word of new Set(words.map((w) => foldText(w.normalize('NFC')).trim().replace(/\s+/gu, ' ')))) {
    let node = root;
    for (const ch of word) {
      let next = node.children.get(ch);
      if (!next) {
        next = { children: new Map(), end: false };
        node.children.set(ch, next);
      }
      node = next;
    }
    node.end = true;
  }
  return trieToPattern(root);
}

/**
 * A literal space in a pattern means "some whitespace": rule authors write
 * `nhiệm kỳ {year}` and it matches across line breaks and doubled spaces. Likewise
 * `\s?` ("maybe a space") means "maybe some whitespace" (`\s*`), so a doubled space or
 * a tab beside a space does not break a match (`quý III,  năm 2020`) — except inside a
 * lookbehind, which only looks at what stands just before and where a loop would cost
 * a backward scan at every position tried. ` ?` and ` *` mean the same as `\s?`. Spaces
 * inside a character class or after a backslash are left as they are.
 */
export function flexibleSpaces(pattern: string): string {
  let lookbehindEnd = -1;
  return rewritePattern(pattern, (i) => {
    if (i > lookbehindEnd && isLookbehindAt(pattern, i)) lookbehindEnd = groupEnd(pattern, i);
    if (i > lookbehindEnd && pattern.startsWith('\\s?', i)) return { text: '\\s*', next: i + 3 };
    if (pattern[i] !== ' ') return undefined;
    let next = i + 1;
    while (pattern[next] === ' ') next++;
    // ` ?` and ` *` ("maybe a space") mean maybe some whitespace, not a lazy `\s+?`.
    if (pattern[next] === '?' || pattern[next] === '*') return { text: '\\s*', next: next + 1 };
    return { text: '\\s+', next };
  });
}

/** A block table as a compiled rule set stores it (stored.ts): its definitions and their expansions so far. */
export interface StoredBlocks {
  definitions: Array<[string, BlockDefinition]>;
  replaceable: string[];
  expanded: Array<[string, string]>;
}

export class BlockTable {
  private readonly definitions = new Map<string, BlockDefinition>();
  private readonly expanded = new Map<string, string>();

  /** Blocks a later definition may replace (the built-in ones when their rules are off). */
  private readonly replaceable = new Set<string>();

  /** The rule set's tables, for blocks that take their words from one (set once every file is merged). */
  private tables: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map();

  useTables(tables: ReadonlyMap<string, ReadonlyMap<string, string>>): void {
    this.tables = tables;
    this.expanded.clear();
  }

  define(name: string, block: BlockDefinition, replaceable = false): void {
    const existing = this.definitions.get(name);
    if (existing && !this.replaceable.has(name)) {
      const first = existing.position;
      throw new RuleError(
        `block "${name}" is already defined at ${first.file}:${first.line}:${first.column} (to add to it, put it under "extend:")`,
        block.position,
      );
    }
    this.definitions.set(name, block);
    if (replaceable) this.replaceable.add(name);
    else this.replaceable.delete(name);
  }

  /** `extend:` — adds a block's words or alternatives to the block of that name. */
  extend(name: string, addition: BlockDefinition): void {
    const block = this.definitions.get(name);
    if (!block) {
      const hint = didYouMean(name, this.names(), (s) => `{${s}}`);
      throw new RuleError(`"extend:" names block {${name}}, which no file defines${hint}`, addition.position);
    }
    if (addition.kind === 'table') {
      throw new RuleError(`"extend:" adds words or a pattern to block {${name}}; to add to a table's words, extend the table`, addition.position);
    }
    const extended: BlockDefinition = { ...block, extraWords: [...(block.extraWords ?? [])], extraPatterns: [...(block.extraPatterns ?? [])] };
    if (addition.kind === 'words') extended.extraWords!.push(...addition.words);
    else extended.extraPatterns!.push(addition.pattern);
    this.definitions.set(name, extended);
  }

  /** What `BlockTable.restore` needs to stand for this table again, with every expansion made so far. */
  stored(): StoredBlocks {
    return { definitions: [...this.definitions], replaceable: [...this.replaceable], expanded: [...this.expanded] };
  }

  static restore(stored: StoredBlocks, tables: ReadonlyMap<string, ReadonlyMap<string, string>>): BlockTable {
    const table = new BlockTable();
    for (const [name, block] of stored.definitions) table.definitions.set(name, block);
    for (const name of stored.replaceable) table.replaceable.add(name);
    table.tables = tables;
    for (const [key, source] of stored.expanded) table.expanded.set(key, source);
    return table;
  }

  has(name: string): boolean {
    return this.definitions.has(name);
  }

  names(): string[] {
    return [...this.definitions.keys()].sort();
  }

  /**
   * Prepares a pattern and replaces every block reference in it, recursively; unknown
   * names and cycles are errors. With `ignoreCase`, letters match either case except
   * inside blocks declared case-sensitive.
   */
  expand(pattern: string, position: SourcePosition, ruleId: string | undefined, ignoreCase: boolean, stack: string[] = []): string {
    let source = flexibleSpaces(foldText(pattern.normalize('NFC')));
    if (ignoreCase) source = caseInsensitiveSource(source);
    // `{@type}`: one record of that type, as a mark in the text (record-marks.ts).
    source = source.replace(TYPE_REFERENCE, (_whole, type: string) => `(?:${recordPattern(type)})`);
    let size = source.length;
    return source.replace(REFERENCE, (_whole, name: string) => {
      const block = this.expandBlock(name, position, ruleId, ignoreCase, stack);
      // Checked as it grows: a block used twice in a block used twice … doubles past any memory.
      size += block.length + 4;
      if (size > MAX_PATTERN_CHARS) {
        const what = stack.length > 0 ? `block {${stack[stack.length - 1]}}` : 'the pattern';
        throw new RuleError(`${what} expands to more than ${thousands(MAX_PATTERN_CHARS)} characters (the limit for one pattern)`, position, ruleId);
      }
      return `(?:${block})`;
    });
  }

  /**
   * A regex written as rule patterns are (blocks put in, folded, spaces flexible, either
   * case when `ignoreCase`), for the code that reads the rule files' vocabulary (the
   * holder, statistics and layout readers); a problem is reported at `file`.
   */
  regex(pattern: string, flags: string, ignoreCase: boolean, file: string): RegExp {
    return new RegExp(this.expand(pattern, { file, line: 1, column: 1 }, undefined, ignoreCase), flags);
  }

  /** A block's own words: its list, or the keys of its table. */
  private ownWords(name: string, block: BlockDefinition): string[] {
    if (block.kind === 'words') return block.words;
    if (block.kind !== 'table') return [];
    const table = this.tables.get(block.table);
    if (!table) {
      const hint = didYouMean(block.table, [...this.tables.keys()]);
      throw new RuleError(`block {${name}} takes its words from table "${block.table}", which no file defines${hint}`, block.position);
    }
    if (table.size === 0) throw new RuleError(`block {${name}} takes its words from table "${block.table}", which is empty`, block.position);
    return [...table.keys()];
  }

  private expandBlock(name: string, position: SourcePosition, ruleId: string | undefined, ignoreCase: boolean, stack: string[]): string {
    const block = this.definitions.get(name);
    if (!block) {
      const known = this.names();
      const shown = known.length > 12 ? `${known.slice(0, 12).join(', ')}, …` : known.join(', ');
      const hint = didYouMean(name, known, (s) => `{${s}}`);
      throw new RuleError(`unknown block {${name}}${hint} (known: ${shown || 'none'})`, position, ruleId);
    }
    const foldCase = ignoreCase && !block.caseSensitive;
    const key = `${name}\u0000${foldCase}`;
    const cached = this.expanded.get(key);
    if (cached !== undefined) return cached;
    if (stack.includes(name)) {
      throw new RuleError(`block {${name}} refers to itself (${[...stack, name].join(' → ')})`, block.position, ruleId);
    }
    const wordList = (words: string[]) => (foldCase ? caseInsensitiveSource(wordsToPattern(words)) : wordsToPattern(words));
    const inner = [...stack, name];
    // A word list and the words added to it make one list, so the longest word still wins.
    const words = [...this.ownWords(name, block), ...(block.extraWords ?? [])];
    const alternatives = [
      ...(block.kind === 'pattern' ? [this.expand(block.pattern, block.position, ruleId, foldCase, inner)] : []),
      ...(words.length > 0 ? [wordList(words)] : []),
      ...(block.extraPatterns ?? []).map((pattern) => this.expand(pattern, block.position, ruleId, foldCase, inner)),
    ];
    const source = alternatives.length === 1 ? alternatives[0] : alternatives.map((a) => `(?:${a})`).join('|');
    if (source.length > MAX_PATTERN_CHARS) {
      throw new RuleError(`block {${name}} expands to more than ${thousands(MAX_PATTERN_CHARS)} characters (the limit for one pattern)`, block.position, ruleId);
    }
    this.expanded.set(key, source);
    return source;
  }
}
