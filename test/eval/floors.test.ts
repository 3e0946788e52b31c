/**
 * The scores the issues promise, kept as floors: a change that makes the extractor
 * worse on the gold files fails here. Seeds gold ships with the project; the dev
 * corpus lives in ../shared and its floors skip where that folder is absent.
 */
import * as fs from 'fs';
import * as path from 'path';
import { extract } from '../../src/extract/extract';
import { decodeBytes } from '../../src/text/decode';
import { EvalReport, parseGold, score } from '../../src/eval/score';
import { compareDates, goldSets } from '../../src/bench/compare-dates';
import { describeWithShared, ROOT, SEEDS, SHARED } from '../helpers';
import { PeopleTable, PersonRow } from '../../src/people/table';
import { foldText } from '../../src/text/fold';

/**
 * Floors just below the scores the README reports (at most 0.01 under), so a real
 * drop fails; the issues' targets (dev2 dates, terms and figures ≥ 0.95) are met by them.
 */
const FLOORS = {
  seeds: { term: 0.99, document: 0.99, date: 0.99, title: 0.99, holder: 0.99, statistic: 0.99 },
  dev: { term: 0.99, document: 0.99, date: 0.99, title: 0.985, holder: 0.98, statistic: 0.985 },
  dev2: { term: 0.99, document: 0.99, date: 0.99, title: 0.955, holder: 0.96, statistic: 0.98 },
};

/** Documents of a corpus folder in ../shared, sorted. */
const corpusFiles = (name: string) => {
  const dir = path.join(SHARED, 'corpus', name);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => path.join(dir, f));
};

function evaluate(goldFile: string, files: string[]): EvalReport {
  const gold = parseGold(fs.readFileSync(goldFile, 'utf8'), goldFile);
  const results = files.map((doc) => ({ doc, result: extract(decodeBytes(fs.readFileSync(doc)).text) }));
  return score(results, gold);
}

describe('seeds (test/fixtures/gold-seeds.jsonl)', () => {
  const report = evaluate(path.join(ROOT, 'test', 'fixtures', 'gold-seeds.jsonl'), SEEDS);

  test('every seed has a gold line', () => {
    expect(report.documents).toBe(5);
    expect(report.unmatched).toEqual([]);
  });

  test.each(Object.entries(FLOORS.seeds))('%s F1 ≥ %d', (type, floor) => {
    expect(report.types[type].f1).toBeGreaterThanOrEqual(floor);
  });

  test('headline and published right for every seed', () => {
    expect(report.headline.accuracy).toBe(1);
    expect(report.published.accuracy).toBe(1);
  });
});

describeWithShared('dev corpus (../shared/gold/dev.jsonl, 24 real articles)', () => {
  // Computed in beforeAll: a skipped block (no ../shared) still runs its body, never its hooks.
  let report: EvalReport;
  beforeAll(() => {
    report = evaluate(path.join(SHARED, 'gold', 'dev.jsonl'), corpusFiles('dev'));
  });

  test.each(Object.entries(FLOORS.dev))('%s F1 ≥ %d', (type, floor) => {
    expect(report.types[type].f1).toBeGreaterThanOrEqual(floor);
  });

  test('headline and published right for every article', () => {
    expect(report.headline.accuracy).toBe(1);
    expect(report.published.accuracy).toBe(1);
  });
});

describeWithShared('dev2 corpus (../shared/gold/dev2.jsonl, 30 national-news articles)', () => {
  let report: EvalReport;
  beforeAll(() => {
    report = evaluate(path.join(SHARED, 'gold', 'dev2.jsonl'), corpusFiles('dev2'));
  });

  test.each(Object.entries(FLOORS.dev2))('%s F1 ≥ %d', (type, floor) => {
    expect(report.types[type].f1).toBeGreaterThanOrEqual(floor);
  });

  test('published right for every article, the headline for all but one', () => {
    expect(report.published.accuracy).toBe(1);
    expect(report.headline.accuracy).toBeGreaterThanOrEqual(29 / 30);
  });
});

describeWithShared('the people table on dev and dev2, against their gold holders together', () => {
  const key = (person: string, title: string) => JSON.stringify([person, title].map((s) => foldText(s.normalize('NFC')).toLowerCase()));
  let people: PersonRow[];
  let ours: Set<string>;
  let gold: Set<string>;
  beforeAll(() => {
    const table = new PeopleTable();
    for (const doc of [...corpusFiles('dev'), ...corpusFiles('dev2')]) {
      table.add(doc, extract(decodeBytes(fs.readFileSync(doc)).text, { keepInternal: true }));
    }
    people = table.list();
    ours = new Set(people.flatMap((p) => p.titles.map((t) => key(p.person, t))));
    gold = new Set();
    for (const name of ['dev', 'dev2']) {
      const file = path.join(SHARED, 'gold', `${name}.jsonl`);
      for (const line of parseGold(fs.readFileSync(file, 'utf8'), file).values()) {
        for (const [person, title] of (line.holder ?? []) as Array<[string, string]>) gold.add(key(person, title));
      }
    }
  });

  test('person–title pairs: precision ≥ 0.98, recall ≥ 0.85', () => {
    const found = [...ours].filter((pair) => gold.has(pair)).length;
    expect(found / ours.size).toBeGreaterThanOrEqual(0.98);
    expect(found / gold.size).toBeGreaterThanOrEqual(0.85);
  });

  test('no country, place, business, heading, photo credit or byline among the people of the seeds, dev and dev2', () => {
    const table = new PeopleTable();
    for (const doc of [...SEEDS, ...corpusFiles('dev'), ...corpusFiles('dev2')]) {
      table.add(doc, extract(decodeBytes(fs.readFileSync(doc)).text, { keepInternal: true }));
    }
    const names = new Set(table.list().map((p) => p.person));
    const notPeople = [
      ...['Thái Lan', 'Vương Quốc Anh'], // countries
      ...['Chu Va', 'Văn Điển', 'Cao Ngạn', 'Hà Đông', 'Kim Liên'], // a bridge, a cemetery, a reservoir, a route's end, an address
      'Huỳnh Gia Huynh Đệ', // one of `3 cơ sở giết mổ … là …`
      'Giáp Thân', // a lunar year
      'Nghiêm Túc', // `THỰC HIỆN NGHIÊM TÚC, SÁNG TẠO`, a heading in capitals
      ...['Doãn Tấn', 'Mai Phương', 'Lâm Khánh', 'Hoàng Hoa', 'Văn Cảnh'], // photo credits
      ...['Phạm Ngọc', 'Lưu Thủy', 'Công Danh', 'Chí Kiên'], // bylines
      'Văn Đua', // the end of `UBND TP Nguyễn Văn Đua`
    ];
    expect(notPeople.filter((name) => names.has(name))).toEqual([]);
    expect(names).toContain('Nguyễn Văn Đua');
  });
});

describe('dates against the peer, chrono-node (chrono.vi), on every gold file', () => {
  test.each(goldSets().map((s) => [s.name, s] as const))('%s: our date F1 is the higher one', (_name, set) => {
    const [ours, chrono] = compareDates(set);
    expect(ours.system).toBe('extract');
    expect(chrono.system).toBe('chrono.vi');
    expect(chrono.f1).toBeGreaterThan(0); // the peer really ran
    expect(ours.f1).toBeGreaterThan(chrono.f1);
  });
});
