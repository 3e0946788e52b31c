/**
 * Thousands of documents of noise through the whole pipeline: random bytes, random
 * Unicode with Vietnamese combining marks, random mixes of the seeds' lines. Nothing
 * may throw (but a binary file's DecodeError), and every record must point at its own
 * text inside the document.
 */
import { decodeBytes, DecodeError } from '../../src/text/decode';
import { extract, defaultRules } from '../../src/extract/extract';
import { readSeed, SEEDS } from '../helpers';
import * as path from 'path';

/** A small deterministic generator, so a failure can be replayed. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rules = defaultRules();
const seedLines = SEEDS.flatMap((file) => readSeed(path.basename(file)).split('\n'));
const ALPHABET = 'aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ0123456789 ,.;:-–/()%&\n\t\r\u00A0\u200B';
const MARKS = ['\u0300', '\u0301', '\u0303', '\u0309', '\u0323', '\u0302', '\u0306', '\u031B'];

function checkInvariants(input: string): void {
  const result = extract(input, { rules });
  const text = input.normalize('NFC');
  for (const r of result.records) {
    expect(r.start).toBeGreaterThanOrEqual(0);
    expect(r.end).toBeLessThanOrEqual(text.length);
    expect(r.start).toBeLessThan(r.end);
    expect(text.slice(r.start, r.end)).toBe(r.text);
    expect(r.line).toBeGreaterThanOrEqual(1);
    expect(r.column).toBeGreaterThanOrEqual(1);
  }
}

test('random bytes', () => {
  const random = generator(1);
  for (let n = 0; n < 1000; n++) {
    const bytes = Buffer.alloc(Math.floor(random() * 400));
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
    let text: string;
    try {
      text = decodeBytes(bytes).text;
    } catch (err) {
      expect(err).toBeInstanceOf(DecodeError);
      continue;
    }
    checkInvariants(text);
  }
});

test('random Unicode with Vietnamese combining marks and odd spaces', () => {
  const random = generator(2);
  for (let n = 0; n < 1500; n++) {
    let text = '';
    const length = Math.floor(random() * 300);
    for (let i = 0; i < length; i++) {
      const r = random();
      if (r < 0.15) text += MARKS[Math.floor(random() * MARKS.length)];
      else if (r < 0.2) text += String.fromCodePoint(Math.floor(random() * 0x2ffff));
      else text += ALPHABET[Math.floor(random() * ALPHABET.length)];
    }
    checkInvariants(text);
  }
});

test('random mixes of the seeds lines', () => {
  const random = generator(3);
  for (let n = 0; n < 1000; n++) {
    const lines: string[] = [];
    const count = 1 + Math.floor(random() * 8);
    for (let i = 0; i < count; i++) {
      let line = seedLines[Math.floor(random() * seedLines.length)];
      if (random() < 0.3) line = line.slice(Math.floor(random() * line.length));
      if (random() < 0.2) line = line.normalize('NFD');
      lines.push(line);
    }
    checkInvariants(lines.join(random() < 0.5 ? '\n' : '\r\n'));
  }
});

test('seed lines with emoji after letters, HTML entities and odd spacing, decoded from bytes', () => {
  const random = generator(4);
  const odd = ['😀', '&nbsp;', '&amp;', '\u00a0', '\t', '  ', '\u200b', '🇻🇳', '&#7871;'];
  for (let n = 0; n < 600; n++) {
    let text = '';
    for (let i = 0, count = 1 + Math.floor(random() * 5); i < count; i++) {
      const line = seedLines[Math.floor(random() * seedLines.length)];
      for (const ch of line)
        text += ch === ' ' && random() < 0.3 ? odd[Math.floor(random() * odd.length)] : ch + (random() < 0.02 ? odd[0] : '');
      text += random() < 0.5 ? '\n' : '\r';
    }
    const decoded = decodeBytes(Buffer.from(text, 'utf8')).text;
    checkInvariants(decoded);
    for (const r of extract(decoded, { rules }).records) {
      if (r.normalized !== null) expect([r.normalized, /[^\S ]| {2}|^ | $/u.test(r.normalized)]).toEqual([r.normalized, false]);
    }
  }
});
