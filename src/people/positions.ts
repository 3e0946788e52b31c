/**
 * Positions over time (`extract people --positions`): one row per person, canonical
 * title and place, with the first and last article date it was seen and the documents,
 * so a reader can tell who held a post when. An article's date is its `published` date,
 * or the reference date the user gave (`--date`) when the article has none.
 */
import { ExtractResult, holdersOf } from '../types';
import { TableFormat } from '../output/writers';
import { nameKey, PlaceSpellings, spellingsIn } from './names';
import { formatRows } from './table';

export interface PositionRow {
  person: string;
  title: string;
  place: string | null;
  /** The earliest and latest article date it was seen on (ISO, as far as the articles give them); null when none had a date. */
  first: string | null;
  last: string | null;
  documents: string[];
  mentions: number;
}

export const POSITION_COLUMNS = ['person', 'title', 'place', 'first', 'last', 'documents', 'mentions'] as const;

/**
 * A post seen without its place (`Bí thư Tỉnh ủy`) and, for the same person, with exactly
 * one place (`Bí thư Tỉnh ủy` of `Thái Bình`) is that one post: the rows are merged.
 */
function mergeUnplaced(rows: PositionRow[]): PositionRow[] {
  const byHolding = new Map<string, PositionRow[]>();
  for (const row of rows) {
    const key = JSON.stringify([nameKey(row.person), nameKey(row.title)]);
    byHolding.set(key, [...(byHolding.get(key) ?? []), row]);
  }
  return [...byHolding.values()].flatMap((group) => {
    const placed = group.filter((r) => r.place !== null);
    const unplaced = group.find((r) => r.place === null);
    if (!unplaced || placed.length !== 1) return group;
    const [into] = placed;
    const dates = [into.first, into.last, unplaced.first, unplaced.last].filter((d): d is string => d !== null).sort();
    return [
      {
        ...into,
        first: dates[0] ?? null,
        last: dates[dates.length - 1] ?? null,
        documents: [...new Set([...into.documents, ...unplaced.documents])],
        mentions: into.mentions + unplaced.mentions,
      },
    ];
  });
}

export class PositionsTable {
  private readonly rows = new Map<string, Omit<PositionRow, 'documents'> & { documents: Set<string> }>();

  constructor(private readonly places: PlaceSpellings = new PlaceSpellings()) {}

  /** Adds a document's titles and their holders; `date` is used when the document has no published date. */
  add(doc: string, result: ExtractResult, date?: string): void {
    // The day: a published time (`2020-07-23T10:18`) is more than the table needs.
    const seen = (result.meta.published ?? date ?? null)?.slice(0, 10) ?? null;
    const named = spellingsIn(result);
    for (const r of result.records) {
      if (r.type !== 'title' || !r.normalized) continue;
      const place = typeof r.value.place === 'string' ? this.places.canonical(r.value.place) : null;
      for (const written of holdersOf(r.value)) {
        const person = named(written);
        const key = JSON.stringify([nameKey(person), nameKey(r.normalized), place === null ? null : nameKey(place)]);
        let row = this.rows.get(key);
        if (!row) {
          row = {
            person: person.replace(/\s+/gu, ' ').trim(),
            title: r.normalized,
            place,
            first: null,
            last: null,
            documents: new Set(),
            mentions: 0,
          };
          this.rows.set(key, row);
        }
        row.mentions++;
        row.documents.add(doc);
        if (seen !== null) {
          if (row.first === null || seen < row.first) row.first = seen;
          if (row.last === null || seen > row.last) row.last = seen;
        }
      }
    }
  }

  /** By title, then place, then when first seen, then by name: who held each post, in order. */
  list(): PositionRow[] {
    const text = (s: string | null) => s ?? '';
    return mergeUnplaced([...this.rows.values()].map((r) => ({ ...r, documents: [...r.documents] }))).sort(
      (a, b) =>
        a.title.localeCompare(b.title, 'vi') ||
        text(a.place).localeCompare(text(b.place), 'vi') ||
        text(a.first).localeCompare(text(b.first)) ||
        a.person.localeCompare(b.person, 'vi'),
    );
  }

  format(format: TableFormat, options: { bom?: boolean } = {}): string {
    const cells = (r: PositionRow) => [r.person, r.title, r.place ?? '', r.first ?? '', r.last ?? '', r.documents.join('; '), r.mentions];
    return formatRows(this.list(), POSITION_COLUMNS, cells, format, options.bom);
  }
}
