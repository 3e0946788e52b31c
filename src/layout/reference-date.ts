/**
 * The reference date a document's incomplete dates are read against (SPEC "Reference
 * date"): the `--date` option, else the dateline, else the latest year in the headline.
 * Never a date from the body: those are often birth dates, old resolutions, past terms.
 */
import { DocumentMeta, ReferenceDate } from '../types';
import { parseIsoDate } from '../text/calendar';

/** A year a headline may name (`… năm 2020`): 1940–2099, standing alone. */
const HEADLINE_YEAR = /(?<![\p{L}\p{N}])(19[4-9]\d|20\d\d)(?![\p{L}\p{N}])/gu;

/** The latest year a headline names, if any: the year of a dateline that gives none. */
export function latestYearIn(headline: string | null): number | undefined {
  const years = [...(headline ?? '').matchAll(HEADLINE_YEAR)].map((m) => Number(m[1]));
  return years.length > 0 ? Math.max(...years) : undefined;
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
  const year = latestYearIn(meta.headline);
  if (year !== undefined) return { year, source: 'headline' };
  return undefined;
}
