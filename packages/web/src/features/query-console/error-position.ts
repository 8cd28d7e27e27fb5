/** 1-based, as the query language reports it (packages/query: columns count UTF-16 code units). */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/**
 * Where a query error points: the platform puts it at the start of the message, in the form
 * `line 1, column 37: expected "RELATED", found "RELATE"` (query.syntax and the other query.* codes).
 */
export function errorPosition(message: string): TextPosition | null {
  const match = /^line (\d+), column (\d+): /.exec(message);
  if (match === null) return null;
  return { line: Number(match[1]), column: Number(match[2]) };
}

/** The message without its leading `line L, column C: `, which the console shows on its own. */
export function errorWithoutPosition(message: string): string {
  return message.replace(/^line \d+, column \d+: /, '');
}

/** Line breaks as the query lexer knows them: `\n`, `\r\n` or a lone `\r`. */
const LINE_BREAK = /\r\n|\r|\n/g;

/** The 0-based offset of a position in the text (clamped to the text), to select it in the editor. */
export function offsetOfPosition(text: string, position: TextPosition): number {
  let lineStart = 0;
  let line = 1;
  LINE_BREAK.lastIndex = 0;
  for (let match = LINE_BREAK.exec(text); match !== null && line < position.line; match = LINE_BREAK.exec(text)) {
    lineStart = match.index + match[0].length;
    line += 1;
  }
  LINE_BREAK.lastIndex = 0;
  return Math.min(text.length, lineStart + Math.max(0, position.column - 1));
}

export interface ErrorExcerpt {
  /** The line the error is on, cut to at most `widthMax` characters around the column. */
  readonly text: string;
  /** Where the caret goes under `text`, 0-based. */
  readonly caret: number;
}

/**
 * The line of the query an error points into, with where to put a caret under it, like a
 * compiler's message. Long lines are cut around the column (with `…` at the cut ends).
 */
export function errorExcerpt(text: string, position: TextPosition, widthMax = 80): ErrorExcerpt {
  const lines = text.split(/\r\n|\r|\n/);
  const line = lines[Math.min(lines.length, Math.max(1, position.line)) - 1] ?? '';
  const column = Math.min(line.length, Math.max(0, position.column - 1));
  if (line.length <= widthMax) return { text: line, caret: column };
  const start = Math.max(0, Math.min(column - Math.floor(widthMax / 2), line.length - widthMax));
  const end = start + widthMax;
  const head = start > 0 ? '…' : '';
  const tail = end < line.length ? '…' : '';
  return { text: `${head}${line.slice(start, end)}${tail}`, caret: column - start + head.length };
}
