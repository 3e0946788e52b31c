/**
 * The source's dependencies run one way, from the text up to the command line:
 *
 *   types, lazy, text ← rules ← builders, layout, refiners ← extract ← output, people, eval ← cli, bench, index
 *
 * A module imports only from its own layer or the ones below, and no chain of imports
 * comes back to where it started.
 */
import * as fs from 'fs';
import * as path from 'path';

const SRC = path.resolve(__dirname, '..', '..', 'src');

const LAYERS: ReadonlyArray<readonly string[]> = [
  ['types.ts', 'lazy.ts', 'text'],
  ['rules'],
  ['builders', 'layout', 'refiners'],
  ['extract'],
  ['output', 'people', 'eval'],
  ['cli', 'bench', 'index.ts'],
];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The layer of a source file, by its first path segment under src/. */
function layerOf(file: string): number {
  const top = path.relative(SRC, file).split(path.sep)[0];
  const layer = LAYERS.findIndex((names) => names.includes(top));
  if (layer < 0) throw new Error(`src/${top} belongs to no layer: add it to LAYERS in ${path.basename(__filename)}`);
  return layer;
}

const IMPORT = /(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(['"])(\.[^'"]*)\1/gm;

/** The source files a file imports (relative imports only; packages are not ours). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => {
    const target = path.resolve(path.dirname(file), m[2]);
    const candidates = [`${target}.ts`, path.join(target, 'index.ts')];
    const found = candidates.find((c) => fs.existsSync(c));
    if (!found) throw new Error(`${path.relative(SRC, file)} imports ${m[2]}, which is not a source file`);
    return found;
  });
}

const files = sourceFiles(SRC);
const graph = new Map(files.map((f) => [f, importsOf(f)]));
const rel = (f: string) => path.relative(SRC, f);

test('the source has modules in every layer, and each file belongs to one', () => {
  expect(files.length).toBeGreaterThan(20);
  for (const file of files) expect(() => layerOf(file)).not.toThrow();
});

test('no module imports from a layer above its own', () => {
  const upward = files.flatMap((file) =>
    graph
      .get(file)!
      .filter((target) => layerOf(target) > layerOf(file))
      .map((target) => `${rel(file)} → ${rel(target)}`),
  );
  expect(upward).toEqual([]);
});

test('no chain of imports comes back to where it started', () => {
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (file: string, trail: string[]) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      cycles.push([...trail.slice(trail.indexOf(file)), file].map(rel).join(' → '));
      return;
    }
    state.set(file, 'open');
    for (const target of graph.get(file)!) visit(target, [...trail, file]);
    state.set(file, 'done');
  };
  for (const file of files) visit(file, []);
  expect(cycles).toEqual([]);
});
