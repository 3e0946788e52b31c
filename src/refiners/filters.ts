/** Refiners that only keep or drop candidates: nothing in a candidate is changed here. */
import { Refiner } from './refiner';

/** No record from page chrome (a caption, a menu, a byline) the layout reader marked. */
export const dropChrome: Refiner = (ctx, candidates) =>
  ctx.chrome.length === 0 ? candidates : candidates.filter((c) => !ctx.chrome.some(([s, e]) => c.start < e && s < c.end));

/** Helper records (a person name) have done their work once holders are linked. */
export const dropInternal: Refiner = (ctx, candidates) => (ctx.keepInternal ? candidates : candidates.filter((c) => !c.rule.def.internal));

/** `--types`: only the types asked for, once every other type has played its part in the refiners before. */
export const keepTypes: Refiner = (ctx, candidates) => (ctx.types ? candidates.filter((c) => ctx.types!.includes(c.type)) : candidates);
