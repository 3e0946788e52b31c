/** The builders' stage of the pipeline: each candidate whose rule names a builder gets its built value, or is dropped. */
import { Candidate } from '../rules/match';
import { Reject } from '../rules/normalisers';
import { Refiner } from '../refiners/refiner';
import { runBuilder } from './builders';

export const applyBuilders: Refiner = (ctx, candidates) => {
  const built: Candidate[] = [];
  for (const c of candidates) {
    const builder = c.rule.def.build;
    if (!builder) {
      built.push(c);
      continue;
    }
    try {
      const result = runBuilder(builder, c.value, { reference: ctx.reference, tables: ctx.rules.tables });
      built.push({ ...c, normalized: result.normalized, value: result.value });
    } catch (err) {
      if (!(err instanceof Reject)) throw err;
    }
  }
  return built;
};
