/** `extract eval --gold FILE`: precision, recall and F1 per type against gold annotations. */
import { commaList } from '../../text/comma-list';
import * as fs from 'fs';
import { formatReport, parseGold, score, SCORED_TYPES } from '../../eval/score';
import { ExtractResult } from '../../types';
import { RunOptions } from '../options';
import { UsageError } from '../report';
import { forEachDocument, prepare } from '../run';

/** `eval --types date,term` scores only those types. */
function scoredTypes(list: string | undefined): readonly string[] {
  if (list === undefined) return SCORED_TYPES;
  const types = commaList(list);
  for (const t of types) {
    if (!(SCORED_TYPES as readonly string[]).includes(t))
      throw new UsageError(`--types: "${t}" is not scored (scored types: ${SCORED_TYPES.join(', ')})`);
  }
  return types;
}

export interface EvalOptions extends RunOptions {
  gold: string;
  misses?: boolean;
  json?: boolean;
}

export async function runEval(inputs: string[], options: EvalOptions): Promise<void> {
  const types = scoredTypes(options.types);
  let goldText: string;
  try {
    goldText = fs.readFileSync(options.gold, 'utf8');
  } catch (err) {
    throw new UsageError(`--gold ${options.gold}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let gold;
  try {
    gold = parseGold(goldText, options.gold);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const prepared = prepare(
    inputs,
    { ...options, types: undefined },
    'eval needs the documents to score (e.g. extract eval --gold gold.jsonl seeds/*.txt)',
  );
  const results: Array<{ doc: string; result: ExtractResult }> = [];
  await forEachDocument(prepared, options, async (doc, result) => {
    results.push({ doc, result });
  });
  const report = score(results, gold, types);
  if (options.json) {
    const out = options.misses ? report : { ...report, misses: undefined };
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else {
    process.stdout.write(formatReport(report, Boolean(options.misses)));
  }
}
