/** What a rule file holds once it has been read and checked. */

export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

export interface RuleExample {
  text: string;
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
}

export type BlockDefinition =
  | { kind: 'pattern'; pattern: string; caseSensitive: boolean; position: SourcePosition }
  | { kind: 'words'; words: string[]; caseSensitive: boolean; position: SourcePosition };

export interface RuleFile {
  path: string;
  blocks: Map<string, BlockDefinition>;
  tables: Map<string, Map<string, string>>;
  rules: RuleDefinition[];
}

/** A problem with a rule file, reported as `file:line:column rule ID: message`. */
export class RuleError extends Error {
  constructor(
    readonly detail: string,
    readonly position?: SourcePosition,
    readonly ruleId?: string,
  ) {
    super(RuleError.format(detail, position, ruleId));
  }

  static format(detail: string, position?: SourcePosition, ruleId?: string): string {
    const where = position ? `${position.file}:${position.line}:${position.column}` : '';
    const rule = ruleId ? `rule ${ruleId}: ` : '';
    return [where, `${rule}${detail}`].filter(Boolean).join(' ');
  }
}
