/** `extract people`: each distinct person with the titles and places seen, across the documents. */
import { TableFormat } from '../../output/writers';
import { PeopleTable } from '../../people/table';
import { forEachDocument, prepare, writeOutput } from '../run';
import { ExtractCommandOptions } from './extract';

export async function runPeople(inputs: string[], options: ExtractCommandOptions): Promise<void> {
  const prepared = prepare(inputs, { ...options, types: undefined }, 'people needs documents (e.g. extract people seeds/*.txt)');
  const table = new PeopleTable();
  await writeOutput(prepared.output, async (sink) => {
    await forEachDocument(prepared, options, async (doc, result) => table.add(doc, result), { internal: true });
    await sink.write(table.format(options.format as TableFormat, { bom: options.bom }));
  });
}
