/** Numbers as Vietnamese text writes them: Roman numerals, spelled ordinals, grouped digits. */

const ROMAN_VALUES: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000 };

/** Canonical Roman form of 1..3999. */
export function toRoman(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 3999) throw new RangeError(`no Roman numeral for ${n}`);
  const table: Array<[number, string]> = [
    [1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'],
    [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I'],
  ];
  let out = '';
  for (const [value, letters] of table) {
    while (n >= value) {
      out += letters;
      n -= value;
    }
  }
  return out;
}

/**
 * Reads a Roman numeral, or undefined when the letters are not a well-formed one
 * (`IIII`, `VX`, `CCQ`): parsing and writing back must give the same letters.
 */
export function parseRoman(text: string): number | undefined {
  const upper = text.toUpperCase();
  if (!/^[IVXLCDM]+$/.test(upper)) return undefined;
  let total = 0;
  for (let i = 0; i < upper.length; i++) {
    const value = ROMAN_VALUES[upper[i]];
    const next = ROMAN_VALUES[upper[i + 1]] ?? 0;
    total += value < next ? -value : value;
  }
  return total > 0 && total < 4000 && toRoman(total) === upper ? total : undefined;
}

const UNITS: Record<string, number> = {
  'một': 1, 'mốt': 1, 'nhất': 1, 'hai': 2, 'ba': 3, 'bốn': 4, 'tư': 4, 'năm': 5, 'lăm': 5, 'nhăm': 5,
  'sáu': 6, 'bảy': 7, 'bẩy': 7, 'tám': 8, 'chín': 9,
};

/**
 * Spelled numbers up to ninety-nine, as ordinals and cardinals are written
 * (`mười`, `mười một`, `hai mươi`, `hai mươi mốt`, `thứ nhất`, `thứ tư`).
 */
export function parseSpelledNumber(text: string): number | undefined {
  const words = text.toLowerCase().normalize('NFC').trim().split(/\s+/u);
  if (words.length === 1 && UNITS[words[0]] !== undefined) {
    const unit = UNITS[words[0]];
    return words[0] === 'lăm' || words[0] === 'nhăm' || words[0] === 'mốt' ? undefined : unit;
  }
  let tens: number;
  let rest: string[];
  if (words[0] === 'mười') {
    tens = 10;
    rest = words.slice(1);
  } else if (UNITS[words[0]] !== undefined && (words[1] === 'mươi' || words[1] === 'chục')) {
    tens = UNITS[words[0]] * 10;
    rest = words.slice(2);
  } else {
    return undefined;
  }
  if (rest.length === 0) return tens;
  if (rest.length === 1 && UNITS[rest[0]] !== undefined && rest[0] !== 'nhất' && rest[0] !== 'tư') {
    if (rest[0] === 'mốt' && tens === 10) return undefined;
    return tens + UNITS[rest[0]];
  }
  if (rest.length === 1 && rest[0] === 'tư' && tens > 10) return tens + 4;
  return undefined;
}

/**
 * A number written the Vietnamese way: `.` groups thousands, `,` marks decimals
 * (`17.363` → "17363", `4,45` → "4.45", `1.234.567,8` → "1234567.8"). Returned as a
 * plain decimal string so no binary rounding creeps in; undefined when not a number.
 */
export function parseVietnameseDecimal(text: string): string | undefined {
  const s = text.replace(/\s/gu, '');
  let intPart: string;
  let fraction: string;
  if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(s) || /^\d+(,\d+)?$/.test(s)) {
    const [i, f] = s.split(',');
    intPart = i.replace(/\./g, '');
    fraction = f ?? '';
  } else if (/^\d+\.\d{1,2}$/.test(s)) {
    // `72.84` before a percent sign: a decimal written with a point (SPEC §5)
    [intPart, fraction] = s.split('.');
  } else {
    return undefined;
  }
  intPart = intPart.replace(/^0+(?=\d)/, '');
  fraction = fraction.replace(/0+$/, '');
  return fraction ? `${intPart}.${fraction}` : intPart;
}

/** Multiplies a decimal string by 10^exponent exactly. */
export function scaleDecimal(decimal: string, exponent: number): string {
  const [i, f = ''] = decimal.split('.');
  const digits = i + f;
  const point = i.length + exponent;
  const padded = digits.padEnd(Math.max(point, digits.length), '0');
  const whole = padded.slice(0, point).replace(/^0+(?=\d)/, '') || '0';
  const frac = padded.slice(point).replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : whole;
}
