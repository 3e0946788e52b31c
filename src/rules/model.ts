/** What a rule file holds once it has been read and checked. */

export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

export interface RuleExample {
  text: string;
  /** The text the record must span, exactly (its `text`); undefined when the span is not pinned. */
  match?: string;
  /** Expected `normalized`; undefined when the example only checks that the rule matches. */
  normalized?: string | null;
  /** Fields the record's value must contain (a subset check). */
  value?: Record<string, unknown>;
  /** The text must give no record of the rule's type. */
  none: boolean;
  /** Reference date for the example (YYYY-MM-DD). */
  date?: string;
  position: SourcePosition;
}

export interface RuleDefinition {
  id: string;
  type: string;
  description?: string;
  patterns: string[];
  /** Where each pattern is written (for errors in the user's own text). */
  patternPositions: SourcePosition[];
  /** Where each field's value is written, by field name. */
  fieldPositions?: Record<string, SourcePosition>;
  normalized?: string;
  value: Record<string, unknown>;
  build?: string;
  priority: number;
  claims: string[];
  span?: string;
  caseSensitive: boolean;
  boundaries: boolean;
  examples: RuleExample[];
  /** Helper records (person names) that refiners consume; never written out. */
  internal: boolean;
  position: SourcePosition;
  /** Read with problems (already reported): compiled for further problems, never run. */
  broken?: boolean;
}

export type BlockDefinition = (
  | { kind: 'pattern'; pattern: string; caseSensitive: boolean; position: SourcePosition }
  | { kind: 'words'; words: string[]; caseSensitive: boolean; position: SourcePosition }
  /** The keys of a table as the word list (`table: qualifiers`). */
  | { kind: 'table'; table: string; caseSensitive: boolean; position: SourcePosition }
) & {
  /** Added by `extend:` in other files: more words (to a word list) and more alternatives. */
  extraWords?: string[];
  extraPatterns?: string[];
};

/** What a file's `extend:` adds to blocks and tables defined elsewhere. */
export interface Extensions {
  blocks: Map<string, BlockDefinition>;
  tables: Map<string, { entries: Map<string, string>; position: SourcePosition }>;
}

/**
 * What a rule set needs to know of the builders a rule may name with `build:` (they sit
 * above the rules, in src/builders/): their names, and the tables each reads, which
 * must then be defined.
 */
export interface BuilderCatalogue {
  readonly [name: string]: { readonly tables: readonly string[] };
}

export interface RuleFile {
  path: string;
  blocks: Map<string, BlockDefinition>;
  tables: Map<string, Map<string, string>>;
  rules: RuleDefinition[];
  /** Problems found while reading the file (its rules with problems are marked `broken`). */
  errors: RuleError[];
  /** Additions to other files' blocks and tables. */
  extensions?: Extensions;
  /**
   * Its blocks and tables are defaults a later file may redefine: the built-in files
   * when their rules are off (`--no-builtin-rules`), so a copy of them can be edited.
   */
  replaceable?: boolean;
}

/**
 * A problem with a rule file, reported as `file:line:column rule ID: message`; or
 * several (`RuleError.all`), one such line each, when the rules had more than one.
 */
export class RuleError extends Error {
  /** Every problem this error stands for (itself alone, or the ones it gathers). */
  errors: RuleError[] = [this];

  constructor(
    readonly detail: string,
    readonly position?: SourcePosition,
    readonly ruleId?: string,
  ) {
    super(RuleError.format(detail, position, ruleId));
  }

  /** Several problems as one error whose message has a line for each, in the order found. */
  static all(errors: RuleError[]): RuleError {
    const flat = errors.flatMap((e) => e.errors);
    if (flat.length === 1) return flat[0];
    const combined = new RuleError(flat[0].detail, flat[0].position, flat[0].ruleId);
    combined.message = flat.map((e) => e.message).join('\n');
    combined.errors = flat;
    return combined;
  }

  static format(detail: string, position?: SourcePosition, ruleId?: string): string {
    const where = position ? `${position.file}:${position.line}:${position.column}` : '';
    const rule = ruleId ? `rule ${ruleId}: ` : '';
    return [where, `${rule}${detail}`].filter(Boolean).join(' ');
  }
}
