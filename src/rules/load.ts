/**
 * Reads rule files: YAML parsed with the safe core schema, every field checked against
 * the rule schema, and every problem reported with file, line, column and rule id.
 * Nothing in a rule file can run code: patterns are regex text, values are templates.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isMap, isScalar, isSeq, LineCounter, Node, parseDocument, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { MAX_BLOCK_WORDS, thousands } from './limits';
import { BlockDefinition, RuleDefinition, RuleError, RuleExample, RuleFile, SourcePosition } from './model';

const FILE_KEYS = ['type', 'description', 'internal', 'blocks', 'tables', 'rules'];
const RULE_KEYS = [
  'id', 'type', 'description', 'pattern', 'patterns', 'normalized', 'value', 'build',
  'priority', 'claims', 'span', 'case', 'boundaries', 'examples',
];
const EXAMPLE_KEYS = ['text', 'normalized', 'value', 'none', 'date'];
const BLOCK_KEYS = ['pattern', 'words', 'description', 'case'];
/** Keys that could reach an object's prototype if a value were ever merged naïvely. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const ID_PATTERN = /^[A-Za-z][\w.-]*$/;
const NAME_PATTERN = /^[a-z][a-z0-9_]*$/;

class Reader {
  constructor(
    readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  positionOf(node: Node | null | undefined): SourcePosition {
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, column: col };
  }

  fail(node: Node | null | undefined, detail: string, ruleId?: string): never {
    throw new RuleError(detail, this.positionOf(node), ruleId);
  }

  /** The pairs of a mapping, refusing keys outside `allowed`. */
  fields(node: Node | null | undefined, allowed: string[], what: string, ruleId?: string): Map<string, Node | null> {
    if (!isMap(node)) this.fail(node, `${what} must be a mapping`, ruleId);
    const out = new Map<string, Node | null>();
    for (const pair of (node as YAMLMap).items) {
      const keyNode = pair.key as Node;
      const key = isScalar(keyNode) ? String(keyNode.value) : '';
      if (!allowed.includes(key)) {
        const hint = allowed.length ? ` (known: ${allowed.join(', ')})` : '';
        this.fail(keyNode, `unknown field "${key}" in ${what}${hint}`, ruleId);
      }
      out.set(key, (pair.value as Node | null) ?? null);
    }
    return out;
  }

  string(node: Node | null | undefined, what: string, ruleId?: string): string {
    if (!isScalar(node) || typeof node.value !== 'string') this.fail(node, `${what} must be a string`, ruleId);
    return (node as Scalar<string>).value;
  }

  optionalString(node: Node | null | undefined, what: string, ruleId?: string): string | undefined {
    return node === undefined ? undefined : this.string(node, what, ruleId);
  }

  number(node: Node | null | undefined, what: string, ruleId?: string): number {
    if (!isScalar(node) || typeof node.value !== 'number') this.fail(node, `${what} must be a number`, ruleId);
    return (node as Scalar<number>).value;
  }

  boolean(node: Node | null | undefined, what: string, ruleId?: string): boolean {
    if (!isScalar(node) || typeof node.value !== 'boolean') this.fail(node, `${what} must be true or false`, ruleId);
    return (node as Scalar<boolean>).value;
  }

  list(node: Node | null | undefined, what: string, ruleId?: string): Node[] {
    if (!isSeq(node)) this.fail(node, `${what} must be a list`, ruleId);
    return (node as YAMLSeq).items as Node[];
  }

  stringList(node: Node | null | undefined, what: string, ruleId?: string): string[] {
    return this.list(node, what, ruleId).map((item) => this.string(item, `each entry of ${what}`, ruleId));
  }

  /** Plain data (a value template or an expected value), with prototype-reaching keys refused. */
  data(node: Node | null | undefined, what: string, ruleId?: string): unknown {
    if (node === null || node === undefined) return null;
    if (isScalar(node)) return node.value;
    if (isSeq(node)) return node.items.map((item) => this.data(item as Node, what, ruleId));
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const pair of node.items) {
        const keyNode = pair.key as Node;
        const key = isScalar(keyNode) ? String(keyNode.value) : '';
        if (!isScalar(keyNode) || FORBIDDEN_KEYS.has(key)) this.fail(keyNode, `"${key}" is not allowed as a key in ${what}`, ruleId);
        out[key] = this.data(pair.value as Node, what, ruleId);
      }
      return out;
    }
    return this.fail(node, `${what} holds something that is not plain data`, ruleId);
  }

  map(node: Node | null | undefined, what: string, ruleId?: string): Record<string, unknown> {
    if (!isMap(node)) this.fail(node, `${what} must be a mapping`, ruleId);
    return this.data(node, what, ruleId) as Record<string, unknown>;
  }
}

function readExample(reader: Reader, node: Node, ruleId: string): RuleExample {
  const f = reader.fields(node, EXAMPLE_KEYS, 'an example', ruleId);
  const example: RuleExample = {
    text: reader.string(f.get('text'), 'example "text"', ruleId),
    none: f.has('none') ? reader.boolean(f.get('none'), 'example "none"', ruleId) : false,
    position: reader.positionOf(node),
  };
  if (f.has('normalized')) {
    const n = f.get('normalized');
    example.normalized = isScalar(n) && n.value === null ? null : reader.string(n, 'example "normalized"', ruleId);
  }
  if (f.has('value')) example.value = reader.map(f.get('value'), 'example "value"', ruleId);
  if (f.has('date')) {
    const date = reader.string(f.get('date'), 'example "date"', ruleId);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) reader.fail(f.get('date'), 'example "date" must be YYYY-MM-DD', ruleId);
    example.date = date;
  }
  return example;
}

function readRule(reader: Reader, node: Node, fileType: string | undefined, internal: boolean): RuleDefinition {
  const idNode = isMap(node) ? (node.get('id', true) as Node | undefined) : undefined;
  const provisionalId = isScalar(idNode) ? String(idNode.value) : undefined;
  const f = reader.fields(node, RULE_KEYS, 'a rule', provisionalId);
  if (!f.has('id')) reader.fail(node, 'a rule needs an "id"');
  const id = reader.string(f.get('id'), '"id"');
  if (!ID_PATTERN.test(id)) reader.fail(f.get('id'), `id "${id}" must start with a letter and use letters, digits, "." "_" "-"`, id);
  const type = reader.optionalString(f.get('type'), '"type"', id) ?? fileType;
  if (!type) reader.fail(node, 'a rule needs a "type" (or the file a top-level "type")', id);
  if (!NAME_PATTERN.test(type)) reader.fail(f.get('type') ?? node, `type "${type}" must be lower-case letters, digits and "_"`, id);

  if (f.has('pattern') && f.has('patterns')) reader.fail(f.get('patterns'), 'give "pattern" or "patterns", not both', id);
  const patterns = f.has('pattern')
    ? [reader.string(f.get('pattern'), '"pattern"', id)]
    : f.has('patterns')
      ? reader.stringList(f.get('patterns'), '"patterns"', id)
      : reader.fail(node, 'a rule needs a "pattern" or "patterns"', id);
  if (patterns.length === 0) reader.fail(f.get('patterns'), '"patterns" must not be empty', id);

  const caseNode = f.get('case');
  const caseValue = reader.optionalString(caseNode, '"case"', id) ?? 'insensitive';
  if (caseValue !== 'sensitive' && caseValue !== 'insensitive') reader.fail(caseNode, '"case" must be "sensitive" or "insensitive"', id);

  return {
    id,
    type,
    description: reader.optionalString(f.get('description'), '"description"', id),
    patterns,
    normalized: f.has('normalized') ? reader.string(f.get('normalized'), '"normalized"', id) : undefined,
    value: f.has('value') ? reader.map(f.get('value'), '"value"', id) : {},
    build: reader.optionalString(f.get('build'), '"build"', id),
    priority: f.has('priority') ? reader.number(f.get('priority'), '"priority"', id) : 0,
    claims: f.has('claims') ? reader.stringList(f.get('claims'), '"claims"', id) : [],
    span: reader.optionalString(f.get('span'), '"span"', id),
    caseSensitive: caseValue === 'sensitive',
    boundaries: f.has('boundaries') ? reader.boolean(f.get('boundaries'), '"boundaries"', id) : true,
    examples: f.has('examples') ? reader.list(f.get('examples'), '"examples"', id).map((e) => readExample(reader, e, id)) : [],
    internal,
    position: reader.positionOf(node),
  };
}

function readBlock(reader: Reader, name: string, node: Node | null): BlockDefinition {
  const position = reader.positionOf(node);
  if (isScalar(node)) return { kind: 'pattern', pattern: reader.string(node, `block "${name}"`), caseSensitive: false, position };
  const f = reader.fields(node, BLOCK_KEYS, `block "${name}"`);
  if (f.has('pattern') === f.has('words')) reader.fail(node, `block "${name}" needs either "pattern" or "words"`);
  const caseValue = reader.optionalString(f.get('case'), `block "${name}" case`) ?? 'insensitive';
  if (caseValue !== 'sensitive' && caseValue !== 'insensitive') reader.fail(f.get('case'), `block "${name}": "case" must be "sensitive" or "insensitive"`);
  const caseSensitive = caseValue === 'sensitive';
  if (f.has('pattern')) {
    const patternNode = f.get('pattern');
    // A list of patterns is an alternation, one alternative a line.
    const pattern = isSeq(patternNode)
      ? reader.stringList(patternNode, `block "${name}" pattern`).map((alt) => `(?:${alt})`).join('|')
      : reader.string(patternNode, `block "${name}" pattern`);
    return { kind: 'pattern', pattern, caseSensitive, position };
  }
  const wordsNode = f.get('words');
  if (isSeq(wordsNode) && wordsNode.items.length > MAX_BLOCK_WORDS) {
    reader.fail(wordsNode, `block "${name}" has ${thousands(wordsNode.items.length)} words, more than the limit of ${thousands(MAX_BLOCK_WORDS)}`);
  }
  const words = reader.stringList(wordsNode, `block "${name}" words`);
  if (words.length === 0) reader.fail(f.get('words'), `block "${name}" has no words`);
  return { kind: 'words', words, caseSensitive, position };
}

function readNamedMap(reader: Reader, node: Node | null | undefined, what: string): Array<[string, Node | null, Node]> {
  if (!isMap(node)) reader.fail(node, `"${what}" must be a mapping`);
  return (node as YAMLMap).items.map((pair) => {
    const keyNode = pair.key as Node;
    const name = isScalar(keyNode) ? String(keyNode.value) : '';
    if (!NAME_PATTERN.test(name)) reader.fail(keyNode, `${what} name "${name}" must be lower-case letters, digits and "_"`);
    return [name, (pair.value as Node | null) ?? null, keyNode];
  });
}

/** Parses and checks one rule file's text. */
export function parseRuleFile(source: string, file: string): RuleFile {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, schema: 'core' });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const { line, col } = lines.linePos(error.pos[0]);
    const detail = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new RuleError(`YAML syntax error: ${detail}`, { file, line, column: col });
  }
  const reader = new Reader(file, lines);
  const result: RuleFile = { path: file, blocks: new Map(), tables: new Map(), rules: [] };
  if (doc.contents === null) return result; // an empty file defines nothing
  const top = reader.fields(doc.contents, FILE_KEYS, 'a rule file');
  const fileType = reader.optionalString(top.get('type'), '"type"');
  const internal = top.has('internal') ? reader.boolean(top.get('internal'), '"internal"') : false;

  if (top.has('blocks')) {
    for (const [name, node, keyNode] of readNamedMap(reader, top.get('blocks'), 'block')) {
      if (result.blocks.has(name)) reader.fail(keyNode, `block "${name}" is defined twice`);
      result.blocks.set(name, readBlock(reader, name, node));
    }
  }
  if (top.has('tables')) {
    for (const [name, node] of readNamedMap(reader, top.get('tables'), 'table')) {
      const entries = reader.map(node, `table "${name}"`);
      const table = new Map<string, string>();
      for (const [k, v] of Object.entries(entries)) {
        if (typeof v !== 'string') reader.fail(node, `table "${name}": the entry for "${k}" must be a string`);
        table.set(k, v as string);
      }
      result.tables.set(name, table);
    }
  }
  if (top.has('rules')) {
    for (const node of reader.list(top.get('rules'), '"rules"')) result.rules.push(readRule(reader, node, fileType, internal));
  }
  return result;
}

/** YAML files named by the user: a file, or every .yaml/.yml file under a folder. */
export function ruleFilesIn(target: string): string[] {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return [target];
  const found: string[] = [];
  for (const entry of fs.readdirSync(target, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(target, entry.name);
    if (entry.isDirectory()) found.push(...ruleFilesIn(full));
    else if (/\.ya?ml$/i.test(entry.name)) found.push(full);
  }
  return found;
}

export function readRuleFile(file: string): RuleFile {
  let source: string;
  try {
    source = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new RuleError(`cannot read rule file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { file, line: 1, column: 1 });
  }
  return parseRuleFile(source, file);
}
