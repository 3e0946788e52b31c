/**
 * Templates build a record's `normalized` and `value` from a match's named groups:
 * `'khóa {n:ordinal}'` interpolates; a template that is a single placeholder,
 * `'{n:ordinal}'`, keeps the normaliser's type (a number stays a number, an absent
 * optional group gives null).
 */
import { applyNormaliser, checkNormaliser, NormaliserContext } from './normalisers';

/** `{group}`, `{a|b}` (the first of those groups that matched), then `:normaliser` steps. */
const PLACEHOLDER = /\{([A-Za-z_]\w*(?:\|[A-Za-z_]\w*)*)((?::[a-z_][a-z0-9_]*(?:=[^:{}]+)?)*)\}/g;
/** `match` is the whole match, always available. */
export const WHOLE_MATCH = 'match';

interface Step {
  name: string;
  arg?: string;
}

interface Placeholder {
  groups: string[];
  steps: Step[];
}

type Part = string | Placeholder;

export type Groups = Record<string, string | null>;

export class CompiledTemplate {
  private constructor(private readonly parts: Part[]) {}

  /** Parses a template; `check` reports unknown groups and normalisers. */
  static compile(template: string, knownGroups: Set<string>, report: (detail: string) => never): CompiledTemplate {
    const parts: Part[] = [];
    let last = 0;
    for (const m of template.matchAll(PLACEHOLDER)) {
      if (m.index! > last) parts.push(template.slice(last, m.index));
      const names = m[1].split('|');
      for (const group of names) {
        if (group !== WHOLE_MATCH && !knownGroups.has(group)) {
          const known = [...knownGroups].join(', ') || 'none';
          report(`template "${template}" uses {${group}}, which no pattern captures (named groups: ${known})`);
        }
      }
      const steps = m[2]
        .split(':')
        .filter(Boolean)
        .map((step) => {
          const [name, arg] = step.split('=');
          return { name, arg };
        });
      for (const step of steps) {
        const problem = checkNormaliser(step.name, step.arg);
        if (problem) report(`template "${template}": ${problem}`);
      }
      parts.push({ groups: names, steps });
      last = m.index! + m[0].length;
    }
    if (last < template.length) parts.push(template.slice(last));
    return new CompiledTemplate(parts);
  }

  evaluate(groups: Groups, ctx: NormaliserContext): unknown {
    if (this.parts.length === 1 && typeof this.parts[0] !== 'string') return resolve(this.parts[0], groups, ctx);
    // An interpolated template needs all its parts: one missing part makes it null.
    let out = '';
    for (const part of this.parts) {
      if (typeof part === 'string') out += part;
      else {
        const v = resolve(part, groups, ctx);
        if (v === null || v === undefined) return null;
        out += String(v);
      }
    }
    return out;
  }
}

function resolve(placeholder: Placeholder, groups: Groups, ctx: NormaliserContext): unknown {
  let value: unknown = null;
  for (const name of placeholder.groups) {
    value = groups[name] ?? null;
    if (value !== null) break;
  }
  for (const step of placeholder.steps) value = applyNormaliser(step.name, step.arg, value, ctx);
  return value;
}

/** A value template: any plain data whose strings are templates. */
export type CompiledValue =
  | { kind: 'template'; template: CompiledTemplate }
  | { kind: 'constant'; value: unknown }
  | { kind: 'list'; items: CompiledValue[] }
  | { kind: 'map'; entries: Array<[string, CompiledValue]> };

export function compileValue(data: unknown, knownGroups: Set<string>, report: (detail: string) => never): CompiledValue {
  if (typeof data === 'string') {
    return data.includes('{')
      ? { kind: 'template', template: CompiledTemplate.compile(data, knownGroups, report) }
      : { kind: 'constant', value: data };
  }
  if (Array.isArray(data)) return { kind: 'list', items: data.map((d) => compileValue(d, knownGroups, report)) };
  if (data !== null && typeof data === 'object') {
    return {
      kind: 'map',
      entries: Object.entries(data as Record<string, unknown>).map(([k, v]) => [k, compileValue(v, knownGroups, report)]),
    };
  }
  return { kind: 'constant', value: data };
}

export function evaluateValue(value: CompiledValue, groups: Groups, ctx: NormaliserContext): unknown {
  switch (value.kind) {
    case 'template':
      return value.template.evaluate(groups, ctx);
    case 'constant':
      return value.value;
    case 'list':
      return value.items.map((item) => evaluateValue(item, groups, ctx));
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of value.entries) out[k] = evaluateValue(v, groups, ctx);
      return out;
    }
  }
}
