/** `extract [inputs…]`: the records of every document, in the chosen format. */
import { createWriter, Format, needsText } from '../../output/writers';
import { RunOptions } from '../options';
import { forEachDocument, PartConsumer, prepare, writeOutput } from '../run';

export interface ExtractCommandOptions extends RunOptions {
  format: Format;
  output?: string;
  bom?: boolean;
}

export async function runExtract(inputs: string[], options: ExtractCommandOptions): Promise<void> {
  const prepared = prepare(inputs, options, 'no inputs given (try: extract seeds/*.txt, or --help)');
  const writer = createWriter(options.format, { bom: options.bom });
  await writeOutput(prepared.output, async (sink) => {
    await sink.write(writer.begin());
    const parts: PartConsumer | undefined = writer.part && {
      part: (doc, part, first, rendered) => sink.write(rendered ?? writer.part!(doc, part, first)),
      end: (doc) => sink.write(writer.endParts!(doc)),
    };
    await forEachDocument(
      prepared,
      options,
      async (doc, result, rendered) => {
        if (rendered === undefined) return sink.write(writer.document(doc, result));
        await sink.write(writer.separator!());
        await sink.write(rendered);
      },
      // Workers render what they can: the main thread then only writes.
      { text: needsText(options.format), render: writer.render ? options.format : undefined },
      parts,
    );
    await sink.write(writer.end());
  });
}
