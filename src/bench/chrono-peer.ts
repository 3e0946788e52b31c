/**
 * The peer a user would otherwise reach for: chrono-node's Vietnamese parser. Its
 * results become `date` records normalised the way SPEC "date" says, so both systems
 * are scored by the same scorer on the same gold. chrono gets the same reference date
 * as extract (the dateline or --date), so neither is handicapped on year inference.
 */
import * as chrono from 'chrono-node';
import { ExtractedRecord, ExtractResult, ReferenceDate } from '../types';

type Components = { get(c: 'year' | 'month' | 'day'): number | null; isCertain(c: 'year' | 'month' | 'day'): boolean };

const pad = (n: number) => String(n).padStart(2, '0');

/** ISO form of what chrono actually read (a time of day alone is no date). */
function isoOf(c: Components): string | null {
  const year = c.get('year');
  const month = c.get('month');
  const day = c.get('day');
  if (c.isCertain('day') && c.isCertain('month')) return `${year}-${pad(month!)}-${pad(day!)}`;
  if (c.isCertain('month') && c.isCertain('year')) return `${year}-${pad(month!)}`;
  if (c.isCertain('year')) return String(year);
  return null;
}

export function chronoDates(text: string, reference: ReferenceDate | undefined): ExtractedRecord[] {
  const refDate = reference ? new Date(reference.year, (reference.month ?? 1) - 1, reference.day ?? 1, 12) : new Date();
  const records: ExtractedRecord[] = [];
  for (const result of chrono.vi.parse(text, refDate)) {
    const start = isoOf(result.start as unknown as Components);
    if (start === null) continue;
    const end = result.end ? isoOf(result.end as unknown as Components) : null;
    const normalized = end && /^\d{4}$/.test(start) && /^\d{4}$/.test(end) ? `${start}/${end}` : start;
    records.push({
      type: 'date',
      text: result.text,
      normalized,
      value: {},
      start: result.index,
      end: result.index + result.text.length,
      line: 0,
      column: 0,
      rule: 'chrono.vi',
      context: '',
    });
  }
  return records;
}

/** A result holding chrono's dates in place of extract's, for the scorer. */
export function asChronoResult(text: string, ours: ExtractResult, reference: ReferenceDate | undefined): ExtractResult {
  return { meta: ours.meta, records: chronoDates(text, reference), warnings: [] };
}
