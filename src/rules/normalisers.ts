/**
 * Named normalisers: the only code a rule's templates can reach. A template writes
 * `{group:name}` or chains them, `{group:ordinal:to_roman}`; some take an argument,
 * `{group:lookup=issuers}`. Each is written once here and used from any rule file.
 */
import { didYouMean } from './suggest';
import { foldText } from '../text/fold';
import { parseRoman, parseSpelledNumber, parseVietnameseDecimal, toRoman } from './numbers';

/** Thrown by a normaliser when the text only looked like a match (`IIII`, 31/2): the candidate is dropped. */
export class Reject extends Error {}

export interface NormaliserContext {
  tables: Map<string, Map<string, string>>;
}

type Normaliser = (input: unknown, arg: string | undefined, ctx: NormaliserContext) => unknown;

const asText = (input: unknown): string => (typeof input === 'string' ? input : String(input));

function toInt(input: unknown): number {
  if (typeof input === 'number') return input;
  const digits = asText(input).trim();
  if (!/^\d+$/.test(digits)) throw new Reject(`not a whole number: ${digits}`);
  return parseInt(digits, 10);
}

const MONTH_WORDS: Record<string, number> = {
  'giêng': 1, 'chạp': 12, 'một': 1, 'hai': 2, 'ba': 3, 'tư': 4, 'bốn': 4, 'năm': 5, 'sáu': 6,
  'bảy': 7, 'tám': 8, 'chín': 9, 'mười': 10, 'mười một': 11, 'mười hai': 12,
};

/** Each table keyed by its folded, lower-case keys, built once per table. */
const foldedTables = new WeakMap<Map<string, string>, Map<string, string>>();

function foldedTable(entries: Map<string, string>): Map<string, string> {
  let folded = foldedTables.get(entries);
  if (!folded) {
    folded = new Map();
    for (const [k, v] of entries) {
      const key = foldText(k).toLowerCase();
      if (!folded.has(key)) folded.set(key, v);
    }
    foldedTables.set(entries, folded);
  }
  return folded;
}

const NORMALISERS: Record<string, Normaliser> = {
  /** Digits to a whole number, leading zeros dropped (`05` → 5). */
  int: (input) => toInt(input),
  /** A well-formed Roman numeral to its value; `IIII` is refused. */
  roman: (input) => {
    const text = asText(input).trim();
    // Upper case only: `khóa xi` or `vi` in running text is not a numeral.
    const n = text === text.toUpperCase() ? parseRoman(text) : undefined;
    if (n === undefined) throw new Reject(`not a Roman numeral: ${input}`);
    return n;
  },
  /** An ordinal written in digits, Roman numerals or words (`21`, `XIX`, `mười`, `đầu tiên`). */
  ordinal: (input) => {
    const text = asText(input).trim();
    if (/^\d+$/.test(text)) return parseInt(text, 10);
    if (/^đầu tiên$/iu.test(text)) return 1;
    const roman = /^[IVXLCDM]+$/.test(text) ? parseRoman(text) : undefined;
    if (roman !== undefined) return roman;
    const spelled = parseSpelledNumber(text);
    if (spelled !== undefined) return spelled;
    throw new Reject(`not an ordinal: ${text}`);
  },
  to_roman: (input) => toRoman(toInt(input)),
  /** A month in digits or words (`6`, `Tư`, `mười một`, `Giêng`). */
  month: (input) => {
    const text = asText(input).trim().toLowerCase().replace(/\s+/gu, ' ');
    const n = /^\d+$/.test(text) ? parseInt(text, 10) : MONTH_WORDS[text];
    if (n === undefined || n < 1 || n > 12) throw new Reject(`not a month: ${text}`);
    return n;
  },
  /** A number written the Vietnamese way (`17.363`, `4,45`) as a JSON number. */
  number: (input) => {
    const decimal = parseVietnameseDecimal(asText(input));
    if (decimal === undefined) throw new Reject(`not a number: ${input}`);
    return Number(decimal);
  },
  /** The same, kept as an exact decimal string. */
  decimal: (input) => {
    const decimal = parseVietnameseDecimal(asText(input));
    if (decimal === undefined) throw new Reject(`not a number: ${input}`);
    return decimal;
  },
  pad2: (input) => String(toInt(input)).padStart(2, '0'),
  lower: (input) => asText(input).toLowerCase(),
  /** Capital first letter (`tỉnh` → `Tỉnh`). */
  upper_first: (input) => {
    const text = asText(input);
    return text.charAt(0).toUpperCase() + text.slice(1);
  },
  /** Each word with a capital first letter and small letters after (`NGUYỄN VĂN AN` → `Nguyễn Văn An`). */
  title_case: (input) =>
    asText(input)
      .toLowerCase()
      .replace(/(^|[\s-])(\p{L})/gu, (_m, before: string, letter: string) => before + letter.toUpperCase()),
  upper: (input) => asText(input).toUpperCase(),
  trim: (input) => asText(input).trim(),
  /** Whitespace runs to one space, ends trimmed. */
  collapse: (input) => asText(input).replace(/\s+/gu, ' ').trim(),
  /** The folded spelling (new-style tones, plain dashes). */
  fold: (input) => foldText(asText(input)),
  /** No spaces at all: `05 - CT/TW` → `05-CT/TW`. */
  compact: (input) => foldText(asText(input)).replace(/\s+/gu, ''),
  /** Looks the text up in a named table (case- and tone-style-insensitive); null when absent. */
  lookup: (input, table, ctx) => {
    const entries = ctx.tables.get(table ?? '');
    if (!entries) throw new Error(`unknown table "${table}"`);
    const folded = foldedTable(entries);
    const key = foldText(asText(input).replace(/\s+/gu, ' ').trim()).toLowerCase();
    // `QH13` is the 13th National Assembly's code: fall back to the letters alone.
    return folded.get(key) ?? folded.get(key.replace(/\d+$/, '')) ?? null;
  },
  /** A fixed value when the group matched at all (`{part:const=true}`). */
  const: (_input, arg) => arg ?? '',
  /** The text as a number, negated (`hôm qua` offsets). */
  negate: (input) => -Number(input),
};

/** Normalisers that take an argument after `=`. */
const NEEDS_ARGUMENT = new Set(['lookup', 'const']);

export function normaliserNames(): string[] {
  return Object.keys(NORMALISERS);
}

export function checkNormaliser(name: string, arg: string | undefined): string | undefined {
  if (!(name in NORMALISERS)) return `unknown normaliser "${name}"${didYouMean(name, normaliserNames())} (known: ${normaliserNames().join(', ')})`;
  if (NEEDS_ARGUMENT.has(name) && !arg) return `normaliser "${name}" needs an argument: {group:${name}=…}`;
  return undefined;
}

/** Applies a normaliser; null stays null (an optional group that did not match). */
export function applyNormaliser(name: string, arg: string | undefined, input: unknown, ctx: NormaliserContext): unknown {
  if (input === null || input === undefined) return null;
  return NORMALISERS[name](input, arg, ctx);
}
