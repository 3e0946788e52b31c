/**
 * `--types` runs only the rules that can decide the records asked for (src/extract/prune.ts):
 * the records of each type must be exactly those of a full run, on the seeds, dev, dev2
 * and the slice of VNTC that the snapshot reads.
 */
import * as fs from 'fs';
import * as path from 'path';
import { defaultRules, extract } from '../../src/extract/extract';
import { decodeBytes } from '../../src/text/decode';
import { releaseGroup, snapshotGroups } from '../../src/bench/snapshot';
import { rulesNotNeeded, typesNeededFor } from '../../src/extract/prune';
import { IGNORE_TYPE } from '../../src/refiners/overlaps';

const groups = snapshotGroups();
afterAll(() => groups.forEach(releaseGroup));

const rules = defaultRules();
const outputTypes = [...new Set(rules.rules.filter((r) => !r.def.internal && r.def.type !== IGNORE_TYPE).map((r) => r.def.type))].sort();

test('each type leaves rules out, and a type that claims another is kept for it', () => {
  expect(outputTypes).toEqual(expect.arrayContaining(['date', 'document', 'statistic', 'term', 'title']));
  for (const type of outputTypes) expect(rulesNotNeeded(rules, [type]).size).toBeGreaterThan(0);
  // Terms claim the years inside them; titles need the names their holders are.
  expect([...typesNeededFor(rules, ['date'])]).toEqual(expect.arrayContaining(['date', 'term', 'ignore']));
  expect([...typesNeededFor(rules, ['title'])]).toEqual(expect.arrayContaining(['title', 'person', 'organization']));
  expect([...typesNeededFor(rules, ['document'])]).not.toContain('title');
});

describe.each(groups.map((g) => [g.name, g] as const))('on %s', (_name, group) => {
  const texts = group.docs.map((doc) => decodeBytes(fs.readFileSync(path.join(group.cwd, doc))).text);
  const full = texts.map((text) => extract(text, { rules }));

  test.each(outputTypes)('--types %s gives the records of a full run', (type) => {
    texts.forEach((text, i) => {
      const alone = extract(text, { rules, types: [type] });
      expect({ doc: group.docs[i], records: alone.records }).toEqual({
        doc: group.docs[i],
        records: full[i].records.filter((r) => r.type === type),
      });
      expect(alone.meta).toEqual(full[i].meta);
    });
  });
});
