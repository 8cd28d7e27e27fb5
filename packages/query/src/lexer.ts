/**
 * Splits a twin query into tokens, one at a time as the parser asks, so that the first error in
 * the text is the one reported. Columns count UTF-16 code units, as Monaco and VS Code do; a tab
 * is one column. Line breaks are `\n`, `\r\n` or a lone `\r`.
 *
 * Keywords are not told apart here: a keyword is a `word` whose upper-cased text matches, so
 * `select`, `Select` and `SELECT` are one keyword while names stay case-sensitive.
 */
import type { Position } from './ast.js';
import { END_OF_QUERY, syntaxError } from './syntax-error.js';

/**
 * Two-character symbols first, so `<=` wins over `<` and `..` over `.`. There is no `->` or `<-`:
 * `a<-1` must stay `a < -1`, so MATCH arrows are read as `<` `-` and `-` `>` by the parser.
 */
const SYMBOLS = [
  '..',
  '!=',
  '<>',
  '<=',
  '>=',
  '(',
  ')',
  '[',
  ']',
  ',',
  '.',
  '*',
  '/',
  '%',
  '+',
  '-',
  '=',
  '<',
  '>',
  ':',
  '|',
  ';',
] as const;

export type SymbolText = (typeof SYMBOLS)[number];

export type Token =
  /** A name or keyword: `T`, `SELECT`, `$dtId` (the `$` is part of the text). */
  | { readonly kind: 'word'; readonly text: string; readonly at: Position }
  /** `text` is the source with its quotes, `value` the string it stands for. */
  | { readonly kind: 'string'; readonly text: string; readonly value: string; readonly at: Position }
  | { readonly kind: 'number'; readonly text: string; readonly value: number; readonly at: Position }
  | { readonly kind: 'symbol'; readonly text: SymbolText; readonly at: Position }
  /** A character no token starts with (`#`, `é`): the parser reports it with what it expected. */
  | { readonly kind: 'unknown'; readonly text: string; readonly at: Position }
  | { readonly kind: 'end'; readonly text: ''; readonly at: Position };

/** Backslash escapes in string literals, by the character after the backslash. */
const ESCAPES: ReadonlyMap<string, string> = new Map([
  ['\\', '\\'],
  ["'", "'"],
  ['"', '"'],
  ['n', '\n'],
  ['r', '\r'],
  ['t', '\t'],
]);
const ESCAPES_EXPECTED = [...ESCAPES.keys()].map((escaped) => `\\${escaped}`);

export class Lexer {
  private offset = 0;
  private line = 1;
  /** Offset of the first character of the current line. */
  private lineStart = 0;

  constructor(private readonly text: string) {}

  /** The next token; at the end, an `end` token every time. */
  next(): Token {
    this.skipWhitespace();
    const at = this.position();
    const char = this.text[this.offset];
    if (char === undefined) return { kind: 'end', text: '', at };
    if (char === "'" || char === '"') return this.readString(char, at);
    if (isDigit(char)) return this.readNumber(at);
    if (isWordStart(char) || (char === '$' && isWordStart(this.text[this.offset + 1]))) return this.readWord(at);
    const symbol = SYMBOLS.find((candidate) => this.text.startsWith(candidate, this.offset));
    if (symbol !== undefined) {
      this.offset += symbol.length;
      return { kind: 'symbol', text: symbol, at };
    }
    // One code point, so an emoji is reported whole rather than as half a surrogate pair.
    const unknown = String.fromCodePoint(this.text.codePointAt(this.offset) ?? 0);
    this.offset += unknown.length;
    return { kind: 'unknown', text: unknown, at };
  }

  private position(): Position {
    return { line: this.line, column: this.offset - this.lineStart + 1, offset: this.offset };
  }

  private skipWhitespace(): void {
    for (;;) {
      const char = this.text[this.offset];
      if (char === undefined || !/\s/.test(char)) return;
      if (!this.skipLineBreak()) this.offset += 1;
    }
  }

  /** Steps over a line break at the current offset and returns it, or returns '' if there is none. */
  private skipLineBreak(): string {
    const char = this.text[this.offset];
    if (char !== '\n' && char !== '\r') return '';
    const lineBreak = char === '\r' && this.text[this.offset + 1] === '\n' ? '\r\n' : char;
    this.offset += lineBreak.length;
    this.line += 1;
    this.lineStart = this.offset;
    return lineBreak;
  }

  private readWord(at: Position): Token {
    const start = this.offset;
    this.offset += 1; // the first letter, or the `$`
    while (isWordPart(this.text[this.offset])) this.offset += 1;
    return { kind: 'word', text: this.text.slice(start, this.offset), at };
  }

  /** `12`, `20.5`, `1.5e3`, `2E-4`. A `.` belongs to the number only before a digit: `*1..3` is `1` `..` `3`. */
  private readNumber(at: Position): Token {
    const start = this.offset;
    this.skipDigits();
    if (this.text[this.offset] === '.' && isDigit(this.text[this.offset + 1])) {
      this.offset += 1;
      this.skipDigits();
    }
    const exponent = this.text[this.offset];
    if (exponent === 'e' || exponent === 'E') {
      const sign = this.text[this.offset + 1];
      const signLength = sign === '+' || sign === '-' ? 1 : 0;
      if (isDigit(this.text[this.offset + 1 + signLength])) {
        this.offset += 1 + signLength;
        this.skipDigits();
      }
    }
    const text = this.text.slice(start, this.offset);
    const value = Number(text);
    if (!Number.isFinite(value)) throw syntaxError(at, ['a finite number'], text);
    return { kind: 'number', text, value, at };
  }

  private skipDigits(): void {
    while (isDigit(this.text[this.offset])) this.offset += 1;
  }

  /**
   * A string in single or double quotes. Besides the backslash escapes, the quote itself doubled
   * (`'it''s'`) stands for one quote, as in SQL. Line breaks are kept as they are.
   */
  private readString(quote: "'" | '"', at: Position): Token {
    const start = this.offset;
    this.offset += 1;
    let value = '';
    for (;;) {
      const char = this.text[this.offset];
      if (char === undefined) throw syntaxError(at, [quote], END_OF_QUERY, 'unterminated string');
      if (char === quote) {
        if (this.text[this.offset + 1] !== quote) break;
        value += quote;
        this.offset += 2;
      } else if (char === '\\') {
        value += this.readEscape(quote, at);
      } else {
        const lineBreak = this.skipLineBreak();
        if (lineBreak !== '') {
          value += lineBreak;
        } else {
          value += char;
          this.offset += 1;
        }
      }
    }
    this.offset += 1; // the closing quote
    return { kind: 'string', text: this.text.slice(start, this.offset), value, at };
  }

  private readEscape(quote: "'" | '"', stringAt: Position): string {
    const escaped = this.text[this.offset + 1];
    if (escaped === undefined) throw syntaxError(stringAt, [quote], END_OF_QUERY, 'unterminated string');
    const value = ESCAPES.get(escaped);
    if (value === undefined) {
      const found = `\\${String.fromCodePoint(this.text.codePointAt(this.offset + 1) ?? 0)}`;
      throw syntaxError(this.position(), ESCAPES_EXPECTED, found, 'unknown escape');
    }
    this.offset += 2;
    return value;
  }
}

function isDigit(char: string | undefined): boolean {
  return char !== undefined && char >= '0' && char <= '9';
}

function isWordStart(char: string | undefined): boolean {
  return char !== undefined && /[A-Za-z_]/.test(char);
}

function isWordPart(char: string | undefined): boolean {
  return char !== undefined && /[A-Za-z0-9_]/.test(char);
}
