/**
 * The annotated HTML report in a real browser (Playwright core driving the machine's
 * Chromium; `.ci/run` installs it when missing, and this suite skips where there is
 * none), and the terminal view.
 */
import * as fs from 'fs';
import * as path from 'path';
import { chromium, Browser } from 'playwright-core';
import { renderTerminal } from '../../src/output/terminal';
import { extract } from '../../src/extract/extract';
import { ROOT, readSeed, runCli, tempDir } from '../helpers';
import { pagerFor, wantsColour } from '../../src/cli/commands/show';
import { spawnSync } from 'child_process';

const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && fs.existsSync(p));
const describeBrowser = CHROMIUM ? describe : describe.skip;
const ARTIFACTS = path.join(ROOT, 'test', 'artifacts');

describeBrowser('the HTML report in Chromium', () => {
  let browser: Browser;
  const dir = tempDir();
  const report = path.join(dir, 'report.html');

  beforeAll(async () => {
    const made = runCli(['--format', 'html', '-o', report, 'seeds/*.txt']);
    expect(made.status).toBe(0);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 60000);

  afterAll(async () => {
    await browser?.close();
  });

  test('one highlight per record, per type; a tooltip on hover; nothing fetched; a screenshot', async () => {
    const records = runCli(['--format', 'jsonl', 'seeds/*.txt'])
      .stdout.trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((r) => r.type !== 'meta');
    const expected: Record<string, number> = {};
    for (const r of records) expected[r.type] = (expected[r.type] ?? 0) + 1;

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    page.on('request', (req) => requests.push(req.url()));
    await page.goto('file://' + report);
    const counts = await page.$$eval('[data-type]', (els) => {
      const c: Record<string, number> = {};
      for (const el of els) c[el.getAttribute('data-type')!] = (c[el.getAttribute('data-type')!] ?? 0) + 1;
      return c;
    });
    // Person names are marked too, though they are no records of their own in JSON Lines.
    expect(counts.person).toBeGreaterThan(10);
    delete counts.person;
    expect(counts).toEqual(expected);
    expect(await page.$$eval('section.article', (els) => els.length)).toBe(5);
    expect(await page.$$eval('nav.index a', (els) => els.length)).toBe(5);

    const title = page.locator('[data-type="title"][data-normalized="Bí thư Tỉnh ủy"]').first();
    await title.scrollIntoViewIfNeeded();
    await title.hover();
    const tip = await title.evaluate((el) => getComputedStyle(el, '::after').content);
    expect(tip).toContain('title: Bí thư Tỉnh ủy');
    expect(tip).toContain('rule: title.role-organization');
    expect(requests.every((u) => u.startsWith('file://'))).toBe(true);

    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'report.png') });
    await page.close();
  }, 60000);

  test('a title and its holder light up together; a swatch hides its type; each article links back to the index', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto('file://' + report);
    const article = page.locator('section.article').nth(3);
    const title = article.locator('mark[data-type="title"][data-normalized="Bí thư Tỉnh ủy"][data-holder]').first();
    const holder = await title.getAttribute('data-holder');
    const person = article.locator(`mark[data-person="${holder}"]`).first();
    const outline = () => person.evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(await person.getAttribute('data-normalized')).toBe('Ngô Đông Hải');
    expect(await outline()).toBe('none');
    await title.scrollIntoViewIfNeeded();
    await title.hover();
    expect(await outline()).toBe('solid');

    const date = article.locator('mark[data-type="date"]').first();
    const background = () => date.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(await background()).not.toBe('rgba(0, 0, 0, 0)');
    const filter = await date.getAttribute('data-t');
    await article.locator(`input[data-filter="${filter}"]`).uncheck();
    expect(await background()).toBe('rgba(0, 0, 0, 0)');

    expect(await article.locator('a.back').getAttribute('href')).toBe('#index');
    expect(await page.locator('nav#index').count()).toBe(1);
  });

  test('article text is escaped: a <script> in the text shows as text', async () => {
    const input = path.join(dir, 'hostile.txt');
    fs.writeFileSync(input, 'Tin <script>window.hacked = 1</script>\n\nKỳ họp thứ 2 <b>khai mạc</b>, nhiệm kỳ 2020-2025 & "hơn" 5%.\n');
    const out = path.join(dir, 'hostile.html');
    expect(runCli(['--format', 'html', '-o', out, input]).status).toBe(0);
    const page = await browser.newPage();
    await page.goto('file://' + out);
    expect(await page.evaluate(() => (window as unknown as { hacked?: number }).hacked)).toBeUndefined();
    expect(await page.$$eval('script', (els) => els.length)).toBe(0);
    expect(await page.textContent('.text')).toContain('<b>khai mạc</b>');
    expect(await page.$$eval('[data-type="term"]', (els) => els.map((e) => e.getAttribute('data-normalized')))).toEqual([
      'kỳ họp thứ 2',
      'nhiệm kỳ 2020-2025',
    ]);
    await page.close();
  }, 60000);
});

describe('the report without a browser', () => {
  test('self-contained: no external scripts, styles, fonts or images', () => {
    const { stdout } = runCli(['--format', 'html', 'seeds/003_c1d1f7f42b3b49c0.txt']);
    expect(stdout.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(stdout).not.toMatch(/<script|<link|@import|url\(|src=/i);
    expect(stdout).toContain('<caption>People and their titles</caption>');
    expect(stdout).toContain('<caption>Statistics</caption>');
  });
});

describe('extract show', () => {
  test('plain text when stdout is not a terminal: the article and a table per type', () => {
    const { status, stdout } = runCli(['show', 'seeds/003_c1d1f7f42b3b49c0.txt']);
    expect(status).toBe(0);
    expect(stdout).not.toContain('\x1b[');
    expect(stdout).toContain('Ban chấp hành Đảng bộ tỉnh Thái Bình thảo luận một số nội dung quan trọng');
    expect(stdout).toMatch(/^title \(\d+\)$/m);
    expect(stdout).toMatch(/^ {2}Bí thư Tỉnh ủy +\d+:\d+ +Bí thư Tỉnh ủy Thái Bình +\[Ngô Đông Hải, Thái Bình\]$/m);
  });

  test('without colour each record is in brackets with its type, and the table columns line up', () => {
    const { stdout } = runCli(['show', 'seeds/003_c1d1f7f42b3b49c0.txt']);
    expect(stdout).toContain('[kỳ họp thứ 2](term)');
    expect(stdout).toMatch(/\[Chiều nay\]\(date\), Ban chấp hành/);
    const table = stdout
      .split('\n\n')
      .find((block) => block.startsWith('title ('))!
      .split('\n')
      .slice(1);
    const starts = (column: RegExp) => new Set(table.map((row) => row.search(column)));
    // The line:column cells all start at one offset.
    expect(starts(/ \d+:\d+ /).size).toBe(1);
  });

  test('FORCE_COLOR colours a pipe; FORCE_COLOR=0 and NO_COLOR keep it plain', () => {
    const forced = runCli(['show', 'seeds/003_c1d1f7f42b3b49c0.txt'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain('\x1b[');
    expect(forced.stdout).not.toContain('](term)');
    const off = runCli(['show', 'seeds/003_c1d1f7f42b3b49c0.txt'], { env: { NO_COLOR: undefined, FORCE_COLOR: '0' } });
    expect(off.stdout).not.toContain('\x1b[');
    expect(wantsColour({ NO_COLOR: '1' }, true)).toBe(false);
    expect(wantsColour({}, true)).toBe(true);
    expect(wantsColour({}, false)).toBe(false);
  });

  test('on a terminal, a view longer than it goes through the pager', () => {
    expect(pagerFor({}, true, 100, 40)).toEqual(['less', '-R']);
    expect(pagerFor({ PAGER: 'most' }, true, 100, 40)).toEqual(['sh', '-c', 'most']);
    expect(pagerFor({}, true, 30, 40)).toBeNull();
    expect(pagerFor({}, false, 100, 40)).toBeNull();
    expect(pagerFor({ PAGER: 'cat' }, true, 100, 40)).toBeNull();
    // A real terminal, from util-linux `script`, where it is installed.
    if (spawnSync('script', ['--version']).status !== 0) return;
    const command = `stty rows 20 cols 120; PAGER='sed s/^/paged:/' ${process.execPath} ${path.join(ROOT, 'bin', 'extract')} show seeds/003_c1d1f7f42b3b49c0.txt`;
    const viaPty = spawnSync('script', ['-qec', command, '/dev/null'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    const lines = viaPty.stdout.split(/\r?\n/).filter(Boolean);
    expect(lines.length).toBeGreaterThan(20);
    expect(lines.every((line) => line.startsWith('paged:'))).toBe(true);
  });

  test('colours by type on a terminal', () => {
    const text = readSeed('004_d6215770de576872.txt');
    const coloured = renderTerminal('004', { ...extract(text, { keepText: true }) }, true);
    expect(coloured).toContain('\x1b[');
    const plain = renderTerminal('004', { ...extract(text, { keepText: true }) }, false);
    expect(plain).not.toContain('\x1b[');
    expect(plain).toContain(text.trim().split('\n')[0]);
  });
});
