/**
 * The reference date a document's incomplete dates are read against (SPEC "Reference
 * date"): the `--date` option, else the dateline, else the latest year in the headline.
 * Never a date from the body: those are often birth dates, old resolutions, past terms.
 */
import { DocumentMeta, ReferenceDate } from '../types';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;
const HEADLINE_YEAR = /(?<![\p{L}\p{N}])(19[4-9]\d|20\d\d)(?![\p{L}\p{N}])/gu;

/** Whether year, month and day name a real calendar day. */
export function isCalendarDay(year: number, month: number, day: number): boolean {
  const check = new Date(Date.UTC(year, month - 1, day));
  return check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day;
}

/** `YYYY-MM-DD` (and anything after it) read as a real calendar day, else undefined. */
export function parseIsoDate(text: string): { year: number; month: number; day: number } | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isCalendarDay(year, month, day) ? { year, month, day } : undefined;
}

export function findReferenceDate(option: string | undefined, meta: DocumentMeta): ReferenceDate | undefined {
  if (option) {
    const d = parseIsoDate(option);
    if (d) return { ...d, source: 'option' };
  }
  if (meta.published) {
    const d = parseIsoDate(meta.published);
    if (d) return { ...d, source: 'dateline' };
  }
  if (meta.headline) {
    const years = [...meta.headline.matchAll(HEADLINE_YEAR)].map((m) => Number(m[1]));
    if (years.length > 0) return { year: Math.max(...years), source: 'headline' };
  }
  return undefined;
}
