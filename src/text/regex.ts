/** Regex source that matches `text` literally. `-` is left alone: under the `u` flag an escaped hyphen outside a class is an error. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
