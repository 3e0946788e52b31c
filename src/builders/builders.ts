/**
 * Builders: the few `normalized` forms a template cannot express because they depend
 * on the document (a date whose year comes from the reference date). A rule names one
 * with `build: date`; the builder turns the rule's value fields into the final record.
 */
import { ReferenceDate, Value } from '../types';
import { daysInMonth } from '../text/calendar';
import { Reject } from '../rules/normalisers';
import { BuilderCatalogue } from '../rules/model';
import { canonicalTitle, TitleTables, withCityLevel } from './title-spelling';
import { parseVietnameseDecimal, scaleDecimal } from '../rules/numbers';

export interface BuildContext {
  reference?: ReferenceDate;
  tables: Map<string, Map<string, string>>;
}

export interface Built {
  normalized: string | null;
  value: Value;
}

type Builder = (value: Value, ctx: BuildContext) => Built;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function num(value: unknown): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

function withoutNulls(value: Value): Value {
  const out: Value = {};
  for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined && v !== '') out[k] = v;
  return out;
}

function shiftDays(ref: ReferenceDate, days: number): string {
  const d = new Date(Date.UTC(ref.year, (ref.month ?? 1) - 1, ref.day ?? 1));
  d.setUTCDate(d.getUTCDate() + days);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function shiftMonths(ref: ReferenceDate, months: number): string {
  const index = ref.year * 12 + (ref.month! - 1) + months;
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}`;
}

function shiftQuarters(ref: ReferenceDate, quarters: number): string {
  const index = ref.year * 4 + Math.floor((ref.month! - 1) / 3) + quarters;
  return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
}

/** Relative expressions (`hôm nay`, `năm ngoái`, `quý tới`): resolved when the reference is precise enough. */
function buildRelative(value: Value, ref: ReferenceDate | undefined): Built | undefined {
  const days = num(value.relativeDays);
  const months = num(value.relativeMonths);
  const quarters = num(value.relativeQuarters);
  const years = num(value.relativeYears);
  if (days === undefined && months === undefined && quarters === undefined && years === undefined) return undefined;
  const out = withoutNulls({
    ...value,
    relativeDays: undefined,
    relativeMonths: undefined,
    relativeQuarters: undefined,
    relativeYears: undefined,
  });
  let normalized: string | null = null;
  if (ref) {
    if (days !== undefined && ref.day !== undefined) normalized = shiftDays(ref, days);
    else if (months !== undefined && ref.month !== undefined) normalized = shiftMonths(ref, months);
    else if (quarters !== undefined && ref.month !== undefined) normalized = shiftQuarters(ref, quarters);
    else if (years !== undefined) normalized = String(ref.year + years);
    if (normalized !== null) out.reference = ref.source;
  }
  return { normalized, value: out };
}

/**
 * A year given in part: two digits (`3/3/17`: 19xx or 20xx, whichever is nearer the
 * reference year, else 2000), or relative to a month or quarter named with it
 * (`tháng 11 năm ngoái`: the reference year moved, else unknown). Sets `year`.
 */
function resolveYearParts(value: Value, ref: ReferenceDate | undefined): void {
  const short = num(value.shortYear);
  if (short !== undefined && value.year === undefined) {
    const pivot = ref?.year ?? 2000;
    value.year = [1900 + short, 2000 + short].sort((a, b) => Math.abs(a - pivot) - Math.abs(b - pivot))[0];
  }
  delete value.shortYear;
  const years = num(value.relativeYears);
  if (years !== undefined && (value.month !== undefined || value.quarter !== undefined)) {
    delete value.relativeYears;
    if (ref) {
      value.year = ref.year + years;
      value.inferred = ['year'];
      value.reference = ref.source;
    }
  }
}

/**
 * ISO 8601 from day/month/year, quarter, half or year range fields; a missing year
 * comes from the reference date (marked `inferred`), else stays `XXXX` (TIMEX3).
 */
const date: Builder = (raw, ctx) => {
  const value = withoutNulls(raw);
  resolveYearParts(value, ctx.reference);
  const relative = buildRelative(value, ctx.reference);
  if (relative) return relative;

  const yearFrom = num(value.year);
  const yearTo = num(value.yearTo);
  if (yearFrom !== undefined && yearTo !== undefined) {
    if (yearTo <= yearFrom) throw new Reject('a year range must go forward');
    return { normalized: `${yearFrom}/${yearTo}`, value };
  }

  const month = num(value.month);
  const day = num(value.day);
  const quarter = num(value.quarter);
  const half = num(value.half);
  let year = yearFrom;
  const needsYear = month !== undefined || quarter !== undefined || half !== undefined;
  if (year === undefined && needsYear && ctx.reference) {
    year = ctx.reference.year;
    value.inferred = ['year'];
    value.reference = ctx.reference.source;
  }
  const y = year === undefined ? 'XXXX' : String(year);
  if (quarter !== undefined) {
    if (quarter < 1 || quarter > 4) throw new Reject('no such quarter');
    return { normalized: `${y}-Q${quarter}`, value };
  }
  if (half !== undefined) {
    if (half < 1 || half > 2) throw new Reject('no such half');
    return { normalized: `${y}-H${half}`, value };
  }
  if (month !== undefined) {
    if (month < 1 || month > 12) throw new Reject('no such month');
    if (day === undefined) return { normalized: `${y}-${pad(month)}`, value };
    if (day < 1 || day > daysInMonth(year, month)) throw new Reject('no such day');
    return { normalized: `${y}-${pad(month)}-${pad(day)}`, value };
  }
  if (year !== undefined) return { normalized: y, value };
  throw new Reject('a date needs at least a year, a month or a relative day');
};

/**
 * A title in one canonical spelling (SPEC "title"): abbreviations spelled out, one
 * spelling per role, the place moved to value.place (`Bí thư TP.HCM` → `Bí thư thành phố`).
 */
const TITLE_TABLES = ['title_abbreviations', 'title_roles', 'title_role_spellings', 'title_organization_spellings'];

/** The role words' spellings: the roles that head titles and the few other role words, one map per rule set. */
const roleSpellings = new WeakMap<Map<string, string>, Map<string, string>>();

function roleSpellingsOf(tables: Map<string, Map<string, string>>): Map<string, string> {
  const heads = tables.get('title_roles')!;
  let merged = roleSpellings.get(heads);
  if (!merged) roleSpellings.set(heads, (merged = new Map([...tables.get('title_role_spellings')!, ...heads])));
  return merged;
}

const title: Builder = (raw, ctx) => {
  const table = (name: string) => ctx.tables.get(name)!;
  const abbreviations = table('title_abbreviations');
  const roleTables: TitleTables = { abbreviations, spellings: roleSpellingsOf(ctx.tables) };
  const organizationTables: TitleTables = { abbreviations, spellings: table('title_organization_spellings') };
  const role = canonicalTitle(String(raw.role ?? ''), roleTables, false);
  const place = raw.place ? String(raw.place).replace(/\s+/gu, ' ').trim() : null;
  const given = raw.organization ? canonicalTitle(String(raw.organization), organizationTables, true) : '';
  const organization = withCityLevel(given, place);
  if (!role) throw new Reject('a title needs a role');
  return {
    normalized: organization ? `${role} ${organization}` : role,
    value: { role, organization: organization || null, place, person: null },
  };
};

function exactNumber(text: unknown, exponent: unknown): string {
  const decimal = typeof text === 'string' ? parseVietnameseDecimal(text) : undefined;
  if (decimal === undefined) throw new Reject(`not a number: ${text}`);
  return scaleDecimal(decimal, Number(exponent ?? 0) || 0);
}

/** The sum of two exact decimal strings (`12000000000` + `350000000`), digit for digit. */
function addDecimals(a: string, b: string): string {
  const [ai, af = ''] = a.split('.');
  const [bi, bf = ''] = b.split('.');
  const places = Math.max(af.length, bf.length);
  const sum = (BigInt(ai + af.padEnd(places, '0')) + BigInt(bi + bf.padEnd(places, '0'))).toString().padStart(places + 1, '0');
  const whole = sum.slice(0, sum.length - places);
  const frac = sum.slice(sum.length - places).replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : whole;
}

/** A compound amount's next part, which must be of a smaller unit (`12 tỷ 350 triệu`, not `12 triệu 3 triệu`). */
function addPart(sum: string, unitBefore: unknown, text: unknown, unit: unknown): string {
  if (Number(unit ?? 0) >= Number(unitBefore ?? 0)) throw new Reject('the parts of an amount must step down');
  return addDecimals(sum, exactNumber(text, unit));
}

/**
 * A figure as a plain machine-readable number (SPEC "statistic"): `4.45%`,
 * `43150000 VND`, `280`, `504/504`. Multipliers scale exactly, on decimal strings:
 * `43,15 triệu` is 43150000, never 43149999.99; a compound amount (`12 tỷ 350 triệu`)
 * adds its parts (`plusText`, `plusMultiplier`, and a third, `plus2Text`, `plus2Multiplier`).
 */
const statistic: Builder = (raw) => {
  const quantity = String(raw.quantity ?? 'count');
  let exact = exactNumber(raw.numberText, raw.multiplier);
  if (raw.plusText) exact = addPart(exact, raw.multiplier, raw.plusText, raw.plusMultiplier);
  if (raw.plus2Text) exact = addPart(exact, raw.plusMultiplier, raw.plus2Text, raw.plus2Multiplier);
  const value: Value = { quantity, number: Number(exact) };
  let normalized = exact;
  if (quantity === 'percent') normalized = `${exact}%`;
  if (quantity === 'money') {
    value.currency = raw.currency ?? 'VND';
    normalized = `${exact} ${value.currency}`;
  }
  if (quantity === 'ratio') {
    const of = exactNumber(raw.ofText, 0);
    value.of = Number(of);
    normalized = `${exact}/${of}`;
  }
  if (raw.unit) value.unit = String(raw.unit).toLowerCase();
  if (raw.qualifier) value.qualifier = raw.qualifier;
  if (raw.per) value.per = String(raw.per).toLowerCase();
  if (raw.rangeFrom && raw.rangeTo) {
    value.range = [Number(exactNumber(raw.rangeFrom, raw.multiplier)), Number(exactNumber(raw.rangeTo, raw.multiplier))];
  }
  return { normalized, value };
};

/** Each builder, with the tables it reads: a rule set that names it without them is refused at load. */
const BUILDERS: Record<string, { build: Builder; tables: readonly string[] }> = {
  date: { build: date, tables: [] },
  title: { build: title, tables: TITLE_TABLES },
  statistic: { build: statistic, tables: [] },
};

/** The builders' names and tables, for the rule set's checks. */
export const BUILDER_CATALOGUE: BuilderCatalogue = BUILDERS;

export function runBuilder(name: string, value: Value, ctx: BuildContext): Built {
  return BUILDERS[name].build(value, ctx);
}
