/** Calendar facts: how long a month is, which days exist, and ISO dates read back. */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;

/** Days in a month of the Gregorian calendar; February has 29 when the year is not known. */
export function daysInMonth(year: number | undefined, month: number): number {
  if (month === 2) {
    if (year === undefined) return 29;
    return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Whether year, month and day name a real calendar day. */
export function isCalendarDay(year: number, month: number, day: number): boolean {
  return Number.isInteger(month) && month >= 1 && month <= 12 && Number.isInteger(day) && day >= 1 && day <= daysInMonth(year, month);
}

/** `YYYY-MM-DD` (and anything after it) read as a real calendar day, else undefined. */
export function parseIsoDate(text: string): { year: number; month: number; day: number } | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isCalendarDay(year, month, day) ? { year, month, day } : undefined;
}
