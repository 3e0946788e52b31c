/**
 * How big a rule set may be. A rule set past these passes every other check and then
 * fails every document (a regex too large to build, too deep to run, too many to load
 * in a worker's memory), so it is refused when it loads, with the limit named. The
 * built-in rules sit far below each (52 rules, 104 K characters in all, the longest
 * pattern 33 K, groups 13 deep).
 */

/** Characters of one pattern with its blocks expanded. */
export const MAX_PATTERN_CHARS = 100_000;
/** Characters of every pattern of the rule set together, expanded. */
export const MAX_TOTAL_PATTERN_CHARS = 2_000_000;
/** Groups inside groups, in one expanded pattern. */
export const MAX_GROUP_DEPTH = 100;
/** Words in one `words:` block (the largest built-in gazetteer has a few hundred). */
export const MAX_BLOCK_WORDS = 20_000;
/** Rules in effect. */
export const MAX_RULES = 2_000;
/** Matches one rule may make in one document (or one part of a long one); the rest are dropped with a warning. */
export const MAX_MATCHES_PER_RULE = 100_000;

/** How deep groups nest in a regex source (escapes and character classes skipped). */
export function groupDepth(source: string): number {
  let depth = 0;
  let deepest = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') i++;
    else if (inClass) inClass = ch !== ']';
    else if (ch === '[') inClass = true;
    else if (ch === '(') deepest = Math.max(deepest, ++depth);
    else if (ch === ')') depth--;
  }
  return deepest;
}

export const thousands = (n: number) => n.toLocaleString('en-US');

/**
 * How far after the start of a pattern that refers to helper records (a title, at its
 * role word) such a record may start: a role word and two organisations before the one
 * that starts there are far shorter.
 */
export const MAX_REFERENCE_REACH = 160;
