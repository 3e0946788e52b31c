/** A comma-separated option value (`date,title`, `doc,type,normalized`) as its items, trimmed, empty ones dropped. */
export function commaList(list: string): string[] {
  return list
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}
