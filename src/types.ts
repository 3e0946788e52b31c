/** The shapes that flow through the pipeline and out of the tool. */

export type Value = Record<string, unknown>;

/** One mention found in a document (SPEC §2). */
export interface ExtractedRecord {
  type: string;
  text: string;
  normalized: string | null;
  value: Value;
  start: number;
  end: number;
  line: number;
  column: number;
  rule: string;
  context: string;
}

/**
 * Everyone a title record gives its post to: `value.persons` when the text names several
 * (`Các Ủy viên Bộ Chính trị … gồm: A, B và C`), else `value.person`.
 */
export function holdersOf(value: Value): string[] {
  if (Array.isArray(value.persons)) return value.persons.filter((p): p is string => typeof p === 'string');
  return typeof value.person === 'string' ? [value.person] : [];
}

/** Per-document metadata (SPEC §2). */
export interface DocumentMeta {
  headline: string | null;
  published: string | null;
  source: string | null;
  author: string | null;
}

export interface ExtractResult {
  meta: DocumentMeta;
  records: ExtractedRecord[];
  /** The document text (NFC), when asked for with `keepText` (the HTML and terminal views need it). */
  text?: string;
  /** Problems met while extracting that did not stop it (a rule out of time budget …). */
  warnings: string[];
}

/** Where the reference date of a document came from (SPEC "Reference date"). */
export type ReferenceSource = 'option' | 'dateline' | 'headline';

export interface ReferenceDate {
  year: number;
  month?: number;
  day?: number;
  source: ReferenceSource;
}

/** Records of one part of a document read in parts; the first part carries the document's meta. */
export interface DocumentPart {
  meta?: DocumentMeta;
  records: ExtractedRecord[];
}
