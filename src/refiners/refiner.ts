/**
 * The shape every refiner has: one document's context in, the candidates of the stage
 * before in, the candidates for the next stage out. The order they run in is the list
 * in ./index.ts; adding a refiner is adding an entry there.
 */
import { Candidate } from '../rules/match';
import { RuleSet } from '../rules/ruleset';
import { ReferenceDate } from '../types';

/** What a refiner may read about the document: all of it fixed before the first refiner runs. */
export interface DocumentContext {
  /** The document, NFC. Candidates' offsets index it. */
  readonly text: string;
  /** The document folded (src/text/fold.ts): same length and offsets, old-style tones made new. */
  readonly folded: string;
  readonly rules: RuleSet;
  /** The date incomplete dates are read against, when the document or the user gives one. */
  readonly reference?: ReferenceDate;
  /** Page chrome (menus, captions, bylines) the layout reader found: no record starts in it. */
  readonly chrome: ReadonlyArray<readonly [number, number]>;
  /** Keep helper records (person names) that the refiners otherwise consume. */
  readonly keepInternal: boolean;
  /** Keep only records of these types (everything when absent). */
  readonly types?: readonly string[];
}

export type Refiner = (ctx: DocumentContext, candidates: Candidate[]) => Candidate[];
