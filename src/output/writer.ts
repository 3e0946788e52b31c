/** What every output format implements: text for the start, each document, and the end. */
import { DocumentPart as Part, ExtractResult } from '../types';

export interface Writer {
  begin(): string;
  document(doc: string, result: ExtractResult): string;
  /**
   * One document as text, without what goes between documents: a pure function, so
   * worker threads render while the main thread only writes, `separator()` first.
   */
  render?(doc: string, result: ExtractResult): string;
  separator?(): string;
  /** The same for one part of a long document (formats whose parts are independent lines or rows). */
  renderPart?(doc: string, part: Part, first: boolean): string;
  /**
   * A long document in parts (its meta with the first), then `endParts`; writers
   * without these take documents whole only.
   */
  part?(doc: string, part: Part, first: boolean): string;
  endParts?(doc: string): string;
  end(): string;
}
