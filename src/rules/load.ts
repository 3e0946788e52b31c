/**
 * Reads rule files: YAML parsed with the safe core schema, every field checked against
 * the rule schema, and every problem reported with file, line, column and rule id —
 * all of a file's problems, not just the first: a rule with a problem is left out and
 * the reading goes on. Nothing in a rule file can run code: patterns are regex text,
 * values are templates.
 *
 * The fields a file, a rule, a block and an example may have are those of the JSON
 * Schema in `schema/rule-file.schema.json`, which editors use to complete and check
 * rule files: one list of fields for both.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { LineCounter, Node, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { lazily } from '../lazy';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = lazily((): typeof import('yaml') => require('yaml'));
import { MAX_BLOCK_WORDS, thousands } from './limits';
import { BlockDefinition, Extensions, RuleDefinition, RuleError, RuleExample, RuleFile, SourcePosition } from './model';
import { didYouMean } from './suggest';

/** The JSON Schema of rule files, beside `rules/` (from `dist/rules/` or `src/rules/`). */
export const RULE_FILE_SCHEMA = path.resolve(__dirname, '..', '..', 'schema', 'rule-file.schema.json');

interface SchemaObject {
  properties: Record<string, unknown>;
}
const schema = JSON.parse(fs.readFileSync(RULE_FILE_SCHEMA, 'utf8')) as SchemaObject & {
  definitions: { rule: SchemaObject; example: SchemaObject; block: { oneOf: [unknown, SchemaObject] } };
};
const FILE_KEYS = Object.keys(schema.properties);
const RULE_KEYS = Object.keys(schema.definitions.rule.properties);
const EXAMPLE_KEYS = Object.keys(schema.definitions.example.properties);
const BLOCK_KEYS = Object.keys(schema.definitions.block.oneOf[1].properties);
const EXTEND_KEYS = Object.keys((schema.properties.extend as SchemaObject).properties);
/** Keys that could reach an object's prototype if a value were ever merged naïvely. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const ID_PATTERN = /^[A-Za-z][\w.-]*$/;
const NAME_PATTERN = /^[a-z][a-z0-9_]*$/;

class Reader {
  /** Every problem found so far in the file. */
  readonly errors: RuleError[] = [];

  constructor(
    readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  /** Runs one check; a problem it finds is noted and `fallback` returned, so the reading goes on. */
  attempt<T>(check: () => T, fallback: T): T {
    try {
      return check();
    } catch (err) {
      if (!(err instanceof RuleError)) throw err;
      this.errors.push(err);
      return fallback;
    }
  }

  positionOf(node: Node | null | undefined): SourcePosition {
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, column: col };
  }

  fail(node: Node | null | undefined, detail: string, ruleId?: string): never {
    throw new RuleError(detail, this.positionOf(node), ruleId);
  }

  /** The pairs of a mapping; each key outside `allowed` is noted as a problem (with the field meant, if it is near one). */
  fields(node: Node | null | undefined, allowed: string[], what: string, ruleId?: string): Map<string, Node | null> {
    if (!yaml().isMap(node)) this.fail(node, `${what} must be a mapping`, ruleId);
    const out = new Map<string, Node | null>();
    for (const pair of (node as YAMLMap).items) {
      const keyNode = pair.key as Node;
      const key = yaml().isScalar(keyNode) ? String(keyNode.value) : '';
      if (!allowed.includes(key)) {
        const hint = didYouMean(key, allowed) || (allowed.length ? ` (known: ${allowed.join(', ')})` : '');
        this.errors.push(new RuleError(`unknown field "${key}" in ${what}${hint}`, this.positionOf(keyNode), ruleId));
        continue;
      }
      out.set(key, (pair.value as Node | null) ?? null);
    }
    return out;
  }

  string(node: Node | null | undefined, what: string, ruleId?: string): string {
    if (!yaml().isScalar(node) || typeof node.value !== 'string') this.fail(node, `${what} must be a string`, ruleId);
    return (node as Scalar<string>).value;
  }

  optionalString(node: Node | null | undefined, what: string, ruleId?: string): string | undefined {
    return node === undefined ? undefined : this.string(node, what, ruleId);
  }

  number(node: Node | null | undefined, what: string, ruleId?: string): number {
    if (!yaml().isScalar(node) || typeof node.value !== 'number') this.fail(node, `${what} must be a number`, ruleId);
    return (node as Scalar<number>).value;
  }

  boolean(node: Node | null | undefined, what: string, ruleId?: string): boolean {
    if (!yaml().isScalar(node) || typeof node.value !== 'boolean') this.fail(node, `${what} must be true or false`, ruleId);
    return (node as Scalar<boolean>).value;
  }

  list(node: Node | null | undefined, what: string, ruleId?: string): Node[] {
    if (!yaml().isSeq(node)) this.fail(node, `${what} must be a list`, ruleId);
    return (node as YAMLSeq).items as Node[];
  }

  stringList(node: Node | null | undefined, what: string, ruleId?: string): string[] {
    return this.list(node, what, ruleId).map((item) => this.string(item, `each entry of ${what}`, ruleId));
  }

  /** Plain data (a value template or an expected value), with prototype-reaching keys refused. */
  data(node: Node | null | undefined, what: string, ruleId?: string): unknown {
    if (node === null || node === undefined) return null;
    if (yaml().isScalar(node)) return node.value;
    if (yaml().isSeq(node)) return node.items.map((item) => this.data(item as Node, what, ruleId));
    if (yaml().isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const pair of node.items) {
        const keyNode = pair.key as Node;
        const key = yaml().isScalar(keyNode) ? String(keyNode.value) : '';
        if (!yaml().isScalar(keyNode) || FORBIDDEN_KEYS.has(key)) this.fail(keyNode, `"${key}" is not allowed as a key in ${what}`, ruleId);
        out[key] = this.data(pair.value as Node, what, ruleId);
      }
      return out;
    }
    return this.fail(node, `${what} holds something that is not plain data`, ruleId);
  }

  map(node: Node | null | undefined, what: string, ruleId?: string): Record<string, unknown> {
    if (!yaml().isMap(node)) this.fail(node, `${what} must be a mapping`, ruleId);
    return this.data(node, what, ruleId) as Record<string, unknown>;
  }
}

function readExample(reader: Reader, node: Node, ruleId: string): RuleExample {
  const f = reader.fields(node, EXAMPLE_KEYS, 'an example', ruleId);
  if (!f.has('text')) reader.fail(node, 'an example needs a "text"', ruleId);
  const example: RuleExample = {
    text: reader.string(f.get('text'), 'example "text"', ruleId),
    none: f.has('none') ? reader.boolean(f.get('none'), 'example "none"', ruleId) : false,
    position: reader.positionOf(node),
  };
  if (f.has('normalized')) {
    const n = f.get('normalized');
    example.normalized = yaml().isScalar(n) && n.value === null ? null : reader.string(n, 'example "normalized"', ruleId);
  }
  if (f.has('match')) {
    example.match = reader.string(f.get('match'), 'example "match"', ruleId);
    if (!example.text.includes(example.match)) reader.fail(f.get('match'), 'example "match" must be part of its "text"', ruleId);
  }
  if (f.has('value')) example.value = reader.map(f.get('value'), 'example "value"', ruleId);
  if (f.has('date')) {
    const date = reader.string(f.get('date'), 'example "date"', ruleId);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) reader.fail(f.get('date'), 'example "date" must be YYYY-MM-DD', ruleId);
    example.date = date;
  }
  return example;
}

/**
 * A rule, with `broken` set when it has problems (all of them noted in the reader): a
 * broken rule is still compiled, for the problems only compiling finds, then left out.
 */
function readRule(reader: Reader, node: Node, fileType: string | undefined, internal: boolean): RuleDefinition {
  const before = reader.errors.length;
  const idNode = yaml().isMap(node) ? (node.get('id', true) as Node | undefined) : undefined;
  const provisionalId = yaml().isScalar(idNode) ? String(idNode.value) : undefined;
  const f = reader.fields(node, RULE_KEYS, 'a rule', provisionalId);
  const check = <T>(run: () => T, fallback: T): T => reader.attempt(run, fallback);

  const id = check(() => {
    if (!f.has('id')) reader.fail(node, 'a rule needs an "id"');
    const value = reader.string(f.get('id'), '"id"');
    if (!ID_PATTERN.test(value)) reader.fail(f.get('id'), `id "${value}" must start with a letter and use letters, digits, "." "_" "-"`, value);
    return value;
  }, provisionalId ?? '');
  const ruleId = id || undefined;
  const type = check(() => {
    const value = reader.optionalString(f.get('type'), '"type"', ruleId) ?? fileType;
    if (!value) reader.fail(node, 'a rule needs a "type" (or the file a top-level "type")', ruleId);
    if (!NAME_PATTERN.test(value)) reader.fail(f.get('type') ?? node, `type "${value}" must be lower-case letters, digits and "_"`, ruleId);
    return value;
  }, '');
  const patternNodes = check((): Node[] => {
    if (f.has('pattern') && f.has('patterns')) reader.fail(f.get('patterns'), 'give "pattern" or "patterns", not both', ruleId);
    if (f.has('pattern')) return [f.get('pattern') as Node];
    if (!f.has('patterns')) return reader.fail(node, 'a rule needs a "pattern" or "patterns"', ruleId);
    const items = reader.list(f.get('patterns'), '"patterns"', ruleId);
    if (items.length === 0) reader.fail(f.get('patterns'), '"patterns" must not be empty', ruleId);
    return items;
  }, []);
  const patterns = patternNodes.map((p) => check(() => reader.string(p, f.has('pattern') ? '"pattern"' : 'each entry of "patterns"', ruleId), ''));
  const caseValue = check(() => {
    const value = reader.optionalString(f.get('case'), '"case"', ruleId) ?? 'insensitive';
    if (value !== 'sensitive' && value !== 'insensitive') reader.fail(f.get('case'), '"case" must be "sensitive" or "insensitive"', ruleId);
    return value;
  }, 'insensitive');
  const optionalString = (key: string) => check(() => reader.optionalString(f.get(key), `"${key}"`, ruleId), undefined);
  const rule: RuleDefinition = {
    id,
    type,
    description: optionalString('description'),
    patterns,
    patternPositions: patternNodes.map((p) => reader.positionOf(p)),
    fieldPositions: Object.fromEntries([...f].map(([key, value]) => [key, reader.positionOf(value)])),
    normalized: optionalString('normalized'),
    value: f.has('value') ? check(() => reader.map(f.get('value'), '"value"', ruleId), {}) : {},
    build: optionalString('build'),
    priority: f.has('priority') ? check(() => reader.number(f.get('priority'), '"priority"', ruleId), 0) : 0,
    claims: f.has('claims') ? check(() => reader.stringList(f.get('claims'), '"claims"', ruleId), []) : [],
    span: optionalString('span'),
    caseSensitive: caseValue === 'sensitive',
    boundaries: f.has('boundaries') ? check(() => reader.boolean(f.get('boundaries'), '"boundaries"', ruleId), true) : true,
    examples: f.has('examples')
      ? check(() => reader.list(f.get('examples'), '"examples"', ruleId), []).flatMap((e) => {
          const example = check(() => readExample(reader, e, id), undefined);
          return example ? [example] : [];
        })
      : [],
    internal,
    position: reader.positionOf(node),
  };
  if (reader.errors.length > before) rule.broken = true;
  return rule;
}

function readBlock(reader: Reader, name: string, node: Node | null): BlockDefinition {
  const position = reader.positionOf(node);
  if (yaml().isScalar(node)) return { kind: 'pattern', pattern: reader.string(node, `block "${name}"`), caseSensitive: false, position };
  const f = reader.fields(node, BLOCK_KEYS, `block "${name}"`);
  if (['pattern', 'words', 'table'].filter((k) => f.has(k)).length !== 1) {
    reader.fail(node, `block "${name}" needs one of "pattern", "words" or "table"`);
  }
  const caseValue = reader.optionalString(f.get('case'), `block "${name}" case`) ?? 'insensitive';
  if (caseValue !== 'sensitive' && caseValue !== 'insensitive') reader.fail(f.get('case'), `block "${name}": "case" must be "sensitive" or "insensitive"`);
  const caseSensitive = caseValue === 'sensitive';
  if (f.has('pattern')) {
    const patternNode = f.get('pattern');
    // A list of patterns is an alternation, one alternative a line.
    const pattern = yaml().isSeq(patternNode)
      ? reader.stringList(patternNode, `block "${name}" pattern`).map((alt) => `(?:${alt})`).join('|')
      : reader.string(patternNode, `block "${name}" pattern`);
    return { kind: 'pattern', pattern, caseSensitive, position };
  }
  if (f.has('table')) {
    const table = reader.string(f.get('table'), `block "${name}" table`);
    return { kind: 'table', table, caseSensitive, position };
  }
  const wordsNode = f.get('words');
  if (yaml().isSeq(wordsNode) && wordsNode.items.length > MAX_BLOCK_WORDS) {
    reader.fail(wordsNode, `block "${name}" has ${thousands(wordsNode.items.length)} words, more than the limit of ${thousands(MAX_BLOCK_WORDS)}`);
  }
  const words = reader.stringList(wordsNode, `block "${name}" words`);
  if (words.length === 0) reader.fail(f.get('words'), `block "${name}" has no words`);
  return { kind: 'words', words, caseSensitive, position };
}

/** The entries of `blocks:` or `tables:`; a badly named entry is noted and left out. */
function readNamedMap(reader: Reader, node: Node | null | undefined, what: string): Array<[string, Node | null, Node]> {
  if (!yaml().isMap(node)) reader.fail(node, `"${what}s" must be a mapping`);
  return (node as YAMLMap).items.flatMap((pair): Array<[string, Node | null, Node]> => {
    const keyNode = pair.key as Node;
    const name = yaml().isScalar(keyNode) ? String(keyNode.value) : '';
    if (!NAME_PATTERN.test(name)) {
      reader.errors.push(new RuleError(`${what} name "${name}" must be lower-case letters, digits and "_"`, reader.positionOf(keyNode)));
      return [];
    }
    return [[name, (pair.value as Node | null) ?? null, keyNode]];
  });
}

/** `extend:`: blocks (read as blocks are) and table entries to add to those defined elsewhere. */
function readExtensions(reader: Reader, node: Node | null | undefined): Extensions {
  const out: Extensions = { blocks: new Map(), tables: new Map() };
  const f = reader.attempt(() => reader.fields(node, EXTEND_KEYS, '"extend"'), new Map<string, Node | null>());
  if (f.has('blocks')) {
    for (const [name, blockNode] of reader.attempt(() => readNamedMap(reader, f.get('blocks'), 'block'), [])) {
      const block = reader.attempt(() => readBlock(reader, name, blockNode), undefined);
      if (block) out.blocks.set(name, block);
    }
  }
  if (f.has('tables')) {
    for (const [name, tableNode] of reader.attempt(() => readNamedMap(reader, f.get('tables'), 'table'), [])) {
      const entries = reader.attempt(() => readTableEntries(reader, name, tableNode), new Map<string, string>());
      out.tables.set(name, { entries, position: reader.positionOf(tableNode) });
    }
  }
  return out;
}

/** A table's entries: every value a string. */
function readTableEntries(reader: Reader, name: string, node: Node | null): Map<string, string> {
  const table = new Map<string, string>();
  for (const [k, v] of Object.entries(reader.map(node, `table "${name}"`))) {
    if (typeof v !== 'string') reader.errors.push(new RuleError(`table "${name}": the entry for "${k}" must be a string`, reader.positionOf(node)));
    else table.set(k, v);
  }
  return table;
}

/** A block that failed its checks, kept as one that matches nothing, so rules using it report only their own problems. */
const brokenBlock = (position: SourcePosition): BlockDefinition => ({ kind: 'pattern', pattern: '(?!)', caseSensitive: false, position });

/** The problems, as one error with a line each (in file order, then by line and column), or nothing. */
export function throwIfAny(errors: RuleError[], fileOrder: string[] = []): void {
  if (errors.length === 0) return;
  const rank = (e: RuleError) => {
    const i = fileOrder.indexOf(e.position?.file ?? '');
    return i < 0 ? fileOrder.length : i;
  };
  const sorted = errors
    .flatMap((e) => e.errors)
    .map((e, i) => ({ e, i }))
    .sort((a, b) => rank(a.e) - rank(b.e) || (a.e.position?.line ?? 0) - (b.e.position?.line ?? 0) || (a.e.position?.column ?? 0) - (b.e.position?.column ?? 0) || a.i - b.i)
    .map(({ e }) => e);
  throw RuleError.all(sorted);
}

/**
 * Parses and checks one rule file's text. Its problems are in `errors` (the rule set
 * that takes the file reports them, with those it finds itself); a rule that has one
 * is marked `broken`.
 */
export function parseRuleFile(source: string, file: string): RuleFile {
  const lines = new (yaml().LineCounter)();
  const doc = yaml().parseDocument(source, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, schema: 'core' });
  const reader = new Reader(file, lines);
  const result: RuleFile = { path: file, blocks: new Map(), tables: new Map(), rules: [], errors: reader.errors };
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const { line, col } = lines.linePos(error.pos[0]);
      const detail = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      reader.errors.push(new RuleError(`YAML syntax error: ${detail}`, { file, line, column: col }));
    }
    return result;
  }
  if (doc.contents === null) return result; // an empty file defines nothing
  const top = reader.attempt(() => reader.fields(doc.contents, FILE_KEYS, 'a rule file'), new Map<string, Node | null>());
  const fileType = reader.attempt(() => reader.optionalString(top.get('type'), '"type"'), undefined);
  const internal = top.has('internal') ? reader.attempt(() => reader.boolean(top.get('internal'), '"internal"'), false) : false;

  if (top.has('blocks')) {
    for (const [name, node, keyNode] of reader.attempt(() => readNamedMap(reader, top.get('blocks'), 'block'), [])) {
      if (result.blocks.has(name)) {
        reader.errors.push(new RuleError(`block "${name}" is defined twice`, reader.positionOf(keyNode)));
        continue;
      }
      const errorsBefore = reader.errors.length;
      const block = reader.attempt(() => readBlock(reader, name, node), undefined);
      result.blocks.set(name, block && reader.errors.length === errorsBefore ? block : brokenBlock(reader.positionOf(node)));
    }
  }
  if (top.has('tables')) {
    for (const [name, node] of reader.attempt(() => readNamedMap(reader, top.get('tables'), 'table'), [])) {
      result.tables.set(name, reader.attempt(() => readTableEntries(reader, name, node), new Map<string, string>()));
    }
  }
  if (top.has('extend')) result.extensions = readExtensions(reader, top.get('extend'));
  if (top.has('rules')) {
    for (const node of reader.attempt(() => reader.list(top.get('rules'), '"rules"'), [])) {
      result.rules.push(readRule(reader, node, fileType, internal));
    }
  }
  return result;
}

/**
 * YAML files named by the user: a file, or every .yaml/.yml file under a folder, in the
 * order of their names' characters (not the locale's: starting a collator takes longer
 * than reading a cached rule set).
 */
export function ruleFilesIn(target: string): string[] {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return [target];
  const found: string[] = [];
  for (const entry of fs.readdirSync(target, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = path.join(target, entry.name);
    if (entry.isDirectory()) found.push(...ruleFilesIn(full));
    else if (/\.ya?ml$/i.test(entry.name)) found.push(full);
  }
  return found;
}

/** A rule file's text; a problem reading it is a rule error at the file. */
export function readRuleSource(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new RuleError(`cannot read rule file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { file, line: 1, column: 1 });
  }
}

/** Reads and parses a rule file, or parses `source` when its text has been read already. */
export function readRuleFile(file: string, source?: string): RuleFile {
  return parseRuleFile(source ?? readRuleSource(file), file);
}
