/**
 * The speed work must change no record: the output on the seeds, dev, dev2 and a slice of
 * VNTC is compared with the copy in test/snapshots/, which `npm run snapshot` rewrites on
 * purpose (in a commit that says why the records changed).
 */
import { digests, releaseGroup, runGroup, snapshotGroups, storedDigests } from '../../src/bench/snapshot';

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
