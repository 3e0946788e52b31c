/**
 * The people table (`extract people`): every distinct person across a corpus with
 * each title and place seen, the documents they appear in and how often they are
 * mentioned. Built from one document at a time, so memory grows with the number of
 * people, not of documents.
 */
import { ExtractResult, holdersOf } from '../types';
import { nameKey, PlaceSpellings, spellingsIn } from './names';
import { TableFormat } from '../output/writers';
import { Cell, delimited } from '../output/table';

export interface PersonRow {
  person: string;
  titles: string[];
  places: string[];
  documents: string[];
  mentions: number;
}

export const PEOPLE_COLUMNS = ['person', 'titles', 'places', 'documents', 'mentions'] as const;

export class PeopleTable {
  constructor(private readonly places: PlaceSpellings = new PlaceSpellings()) {}

  private readonly rows = new Map<
    string,
    { person: string; titles: Set<string>; places: Set<string>; documents: Set<string>; mentions: number }
  >();

  private row(name: string) {
    const key = nameKey(name);
    let row = this.rows.get(key);
    if (!row) {
      row = { person: name.replace(/\s+/gu, ' ').trim(), titles: new Set(), places: new Set(), documents: new Set(), mentions: 0 };
      this.rows.set(key, row);
    }
    return row;
  }

  /** Adds a document's results; they must include the person helper records (keepInternal). */
  add(doc: string, result: ExtractResult): void {
    const named = spellingsIn(result);
    for (const r of result.records) {
      if (r.type === 'person' && r.normalized) {
        const row = this.row(named(r.normalized));
        row.mentions++;
        row.documents.add(doc);
      } else if (r.type === 'title' && r.normalized) {
        for (const person of holdersOf(r.value)) {
          const row = this.row(named(person));
          row.titles.add(r.normalized);
          row.documents.add(doc);
          if (typeof r.value.place === 'string') row.places.add(this.places.canonical(r.value.place));
        }
      }
    }
  }

  /** Most mentioned first, then by name. */
  list(): PersonRow[] {
    return [...this.rows.values()]
      .map((r) => ({ person: r.person, titles: [...r.titles], places: [...r.places], documents: [...r.documents], mentions: r.mentions }))
      .sort((a, b) => b.mentions - a.mentions || a.person.localeCompare(b.person, 'vi'));
  }

  format(format: TableFormat, options: { bom?: boolean } = {}): string {
    const cells = (r: PersonRow) => [r.person, r.titles.join('; '), r.places.join('; '), r.documents.join('; '), r.mentions];
    return formatRows(this.list(), PEOPLE_COLUMNS, cells, format, options.bom);
  }
}

/**
 * A people table's rows in a format: JSON and JSON Lines as they are, CSV and TSV with a
 * header and one row of `cells` each, safe to open in a spreadsheet (a cell that would
 * start a formula is written as text).
 */
export function formatRows<T>(rows: T[], columns: readonly string[], cells: (row: T) => Cell[], format: TableFormat, bom = false): string {
  if (format === 'json') return JSON.stringify(rows, null, 2) + '\n';
  if (format === 'jsonl') return rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '');
  return (bom ? '\uFEFF' : '') + delimited([[...columns], ...rows.map(cells)], format === 'tsv' ? '\t' : ',');
}
