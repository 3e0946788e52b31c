/**
 * Text from documents and file names made safe to print on a terminal: control
 * characters (C0, DEL, C1 — ESC starts the ANSI and OSC sequences that recolour, retitle
 * or rewrite a terminal) and the bidirectional overrides that reorder what is shown are
 * printed as visible stand-ins, never passed through to be executed.
 */

/** C0 controls, DEL, C1 controls, and the bidi embeddings, overrides and isolates. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** The stand-in for one unsafe character: its Control Pictures glyph (␛ for ESC), else `<U+XXXX>`. */
function standIn(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/**
 * `text` with every unsafe character shown as a stand-in. With `layout`, line ends and
 * tabs are kept as they are (an article's lines), a lone CR read as a line end.
 */
export function visible(text: string, layout = false): string {
  const source = layout ? text.replace(/\r\n?/g, '\n') : text;
  return source.replace(UNSAFE, (ch) => (layout && (ch === '\n' || ch === '\t') ? ch : standIn(ch)));
}
