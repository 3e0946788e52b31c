/**
 * The layout reader's words (rules/layout.yaml) as the regexes it tests lines with. They
 * are built as rule patterns are — blocks put in, folded — and tested on folded lines,
 * which have the offsets of the document's lines. A rule set gives its own (with a user's
 * `extend:`); a caller with none (the job queue planning a long file's parts, tests) gets
 * the built-in file's.
 */
import * as path from 'path';
import { BlockTable } from '../rules/blocks';
import { readRuleFile } from '../rules/load';
import { BUILTIN_RULES_DIR } from '../rules/ruleset';

export interface LayoutVocabulary {
  /** A whole line (cleaned, lower case) that is a section label. */
  sectionLabel: RegExp;
  /** A line (cleaned) that starts the page after the article. */
  trailingMarker: RegExp;
  /** Chrome glued to a byline, and the rest of its line. */
  glued: RegExp;
  /** Image and video labels. */
  media: RegExp[];
  /** A line that opens with a dateline (`Hôm qua 13/4, …`, `(NLĐ)- Sáng 27-2, …`): a lede. */
  ledeOpening: RegExp;
  /** Where a caption or the lede starts in a first line that runs the title into them (global). */
  runOnBreak: RegExp;
}

export const LAYOUT_BLOCKS = [
  'layout_section_label',
  'layout_trailing_marker',
  'layout_glued_chrome',
  'layout_media_word',
  'layout_media_extension',
  'layout_lede_time',
  'layout_caption_opener',
] as const;

const built = new WeakMap<BlockTable, LayoutVocabulary>();

/** The vocabulary of a rule set's blocks; undefined when they lack one of the layout blocks. */
export function layoutVocabulary(blocks: BlockTable): LayoutVocabulary | undefined {
  if (!LAYOUT_BLOCKS.every((b) => blocks.has(b))) return undefined;
  let vocabulary = built.get(blocks);
  if (!vocabulary) built.set(blocks, (vocabulary = compile(blocks)));
  return vocabulary;
}

let builtin: LayoutVocabulary | undefined;

/** The built-in file's vocabulary, read once. */
export function builtinLayoutVocabulary(): LayoutVocabulary {
  if (!builtin) {
    const blocks = new BlockTable();
    for (const [name, block] of readRuleFile(path.join(BUILTIN_RULES_DIR, 'layout.yaml')).blocks) blocks.define(name, block);
    builtin = compile(blocks);
  }
  return builtin;
}

function compile(blocks: BlockTable): LayoutVocabulary {
  /** Either case (`anyCase`) or the case as written; blocks put in, folded. */
  const re = (pattern: string, flags: string, anyCase: boolean) => blocks.regex(pattern, flags, anyCase, 'rules/layout.yaml');
  return {
    sectionLabel: re('^(?:{layout_section_label})$', 'u', true),
    trailingMarker: re('^(?:{layout_trailing_marker})', 'u', true),
    glued: re('(?:{layout_glued_chrome}).*$', 'u', false),
    media: [
      re('\\sảnh\\s+\\d+\\s*$', 'u', true), // "<headline> ảnh 3": an image's alt text
      re('^\\S.*\\.(?:{layout_media_extension})\\s*$', 'u', true), // "01.7.2020 a.png", "Video: x.mp4"
      re('^(?:{layout_media_word})\\s*:', 'u', true),
    ],
    ledeOpening: re('^\\s*(?:\\([^()\\n]{2,40}\\)\\s*[-–—]\\s*)?(?:{layout_lede_time})(?:\\s+nay)?,?\\s+\\d', 'u', false),
    runOnBreak: re(
      [
        '\\s*\\([\\p{Lu}\\p{N}.]{2,12}\\)\\s*[-–—]',
        // A sentence end after a word (not after an initial, `Ảnh: B. Trung`).
        '(?<=\\p{Ll}{2}[.!?…]["”’)]*)\\s+(?=\\p{Lu})',
        '\\s+(?=(?:{layout_caption_opener})\\s)',
        '\\s+(?=(?:{layout_lede_time})(?:\\s+nay)?,?\\s+\\d)',
        '\\s+(?=[\\p{Lu}][\\p{Lu}.]{1,10}:\\s)',
      ].join('|'),
      'gu',
      false,
    ),
  };
}
