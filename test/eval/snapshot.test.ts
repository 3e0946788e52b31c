/**
 * The speed work must change no record: the output on the seeds, dev, dev2 and a slice of
 * VNTC is compared with the copy in test/snapshots/, which `npm run snapshot` rewrites on
 * purpose (in a commit that says why the records changed).
 */
import * as fs from 'fs';
import { digests, releaseGroup, runGroup, snapshotGroups, storedDigests } from '../../src/bench/snapshot';
import { tempDir } from '../helpers';

const groups = snapshotGroups();
afterAll(() => groups.forEach(releaseGroup));

describe.each(groups.map((g) => [g.name, g] as const))('the records of %s', (name, group) => {
  test('are those of the stored snapshot, document by document', () => {
    const stored = storedDigests(name);
    if (!stored) throw new Error(`no snapshot of ${name} in test/snapshots/: run npm run snapshot`);
    const now = digests(runGroup(group));
    const changed = [...new Set([...stored.keys(), ...now.keys()])].filter((doc) => stored.get(doc) !== now.get(doc));
    // The documents whose records differ, by name: `npm run snapshot` and `git diff` show how (the seeds in full).
    expect(changed).toEqual([]);
  });
});

test('releasing groups removes only the folder made for one, not a folder under the temporary one', () => {
  // A checkout under /tmp (as CI's fresh clone may be) holds the seeds' folder there.
  const checkout = tempDir();
  releaseGroup({ name: 'seeds', cwd: checkout, docs: [] });
  expect(fs.existsSync(checkout)).toBe(true);
  expect(groups.filter((g) => g.temporary).map((g) => g.name)).toEqual(groups.some((g) => g.name === 'vntc') ? ['vntc'] : []);
});
