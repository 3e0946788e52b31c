/** `extract people`: each distinct person with the titles and places seen, across the documents; with `--positions`, one row per person, title and place with when it was seen. */
import { TableFormat } from '../../output/writers';
import { PlaceSpellings } from '../../people/names';
import { PositionsTable } from '../../people/positions';
import { PeopleTable } from '../../people/table';
import { forEachDocument, prepare, writeOutput } from '../run';
import { ExtractCommandOptions } from './extract';

export interface PeopleCommandOptions extends ExtractCommandOptions {
  positions?: boolean;
}

export async function runPeople(inputs: string[], options: PeopleCommandOptions): Promise<void> {
  const prepared = prepare(inputs, { ...options, types: undefined }, 'people needs documents (e.g. extract people seeds/*.txt)');
  const places = new PlaceSpellings(prepared.rules.tables.get('place_spellings'));
  const table = options.positions ? new PositionsTable(places) : new PeopleTable(places);
  await writeOutput(prepared.output, async (sink) => {
    await forEachDocument(prepared, options, async (doc, result) => table.add(doc, result, options.date), { internal: true });
    await sink.write(table.format(options.format as TableFormat, { bom: options.bom }));
  });
}
