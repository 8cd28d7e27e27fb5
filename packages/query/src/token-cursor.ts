/**
 * The parser's view of the tokens: the current one, a look-ahead (the grammar never needs more than
 * one token beyond the current one), and the checks that throw a QuerySyntaxError naming what was
 * expected.
 */
import type { Lexer, SymbolText, Token } from './lexer.js';
import { END_OF_QUERY, syntaxError } from './syntax-error.js';

/**
 * Words that start or continue a clause, or are literals, so they never stand for an alias (nor,
 * bare, for a property: `T.from` still works). Kept short on purpose; `COUNT` and `EXACT` only mean
 * something before `(` or as an argument, so they stay free as names.
 */
const RESERVED_WORDS: ReadonlySet<string> = new Set([
  'EXPLAIN',
  'SELECT',
  'TOP',
  'FROM',
  'DIGITALTWINS',
  'RELATIONSHIPS',
  'AS',
  'JOIN',
  'RELATED',
  'MATCH',
  'WHERE',
  'AND',
  'OR',
  'NOT',
  'IN',
  'NIN',
  'TRUE',
  'FALSE',
  'NULL',
]);

export function isReservedWord(token: Token): boolean {
  return token.kind === 'word' && RESERVED_WORDS.has(token.text.toUpperCase());
}

/** A word that may name an alias: not reserved and not a `$` system name. */
function isAliasWord(token: Token): boolean {
  return token.kind === 'word' && !token.text.startsWith('$') && !isReservedWord(token);
}

export class TokenCursor {
  /** Tokens read from the lexer but not consumed yet; [0] is the current one. */
  private readonly buffer: Token[] = [];

  constructor(private readonly lexer: Lexer) {}

  /** The current token (`ahead` 0) or one after it. */
  peek(ahead = 0): Token {
    for (;;) {
      const token = this.buffer[ahead];
      if (token !== undefined) return token;
      this.buffer.push(this.lexer.next());
    }
  }

  /** Consumes the current token and returns it; the end token is never consumed. */
  advance(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.buffer.shift();
    return token;
  }

  atEnd(): boolean {
    return this.peek().kind === 'end';
  }

  /** Whether a token is the keyword, in any letter case. */
  isKeyword(keyword: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'word' && token.text.toUpperCase() === keyword;
  }

  isSymbol(symbol: SymbolText, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'symbol' && token.text === symbol;
  }

  acceptKeyword(keyword: string): Token | undefined {
    return this.isKeyword(keyword) ? this.advance() : undefined;
  }

  acceptSymbol(symbol: SymbolText): Token | undefined {
    return this.isSymbol(symbol) ? this.advance() : undefined;
  }

  /** `alternatives` are what could also have come here, for the message: `expected "AS", "," or "FROM"`. */
  expectKeyword(keyword: string, alternatives: readonly string[] = []): Token {
    return this.acceptKeyword(keyword) ?? this.fail([...alternatives, keyword]);
  }

  expectSymbol(symbol: SymbolText, alternatives: readonly string[] = []): Token {
    return this.acceptSymbol(symbol) ?? this.fail([...alternatives, symbol]);
  }

  /** A bare alias: `T` in `FROM DIGITALTWINS T`, `r` in `-[r:feeds]->`. */
  acceptBareAlias(): string | undefined {
    return isAliasWord(this.peek()) ? this.advance().text : undefined;
  }

  /** `[AS] alias`, or nothing. */
  acceptAlias(): string | undefined {
    return this.acceptKeyword('AS') === undefined ? this.acceptBareAlias() : this.expectAlias();
  }

  expectAlias(alternatives: readonly string[] = []): string {
    return this.acceptBareAlias() ?? this.fail([...alternatives, 'an alias']);
  }

  /** A relationship name: any word but a `$` system name, keywords included (`T.in` is a name). */
  expectName(description: string, alternatives: readonly string[] = []): string {
    const token = this.peek();
    if (token.kind !== 'word' || token.text.startsWith('$')) return this.fail([...alternatives, description]);
    return this.advance().text;
  }

  /** An integer written with digits only (no `1.0`, no `1e2`) from `min` to `max`, inclusive. */
  expectInteger(min: number, max: number, description: string, alternatives: readonly string[] = []): number {
    const token = this.peek();
    const valid = token.kind === 'number' && /^[0-9]+$/.test(token.text) && token.value >= min && token.value <= max;
    if (!valid) return this.fail([...alternatives, description]);
    this.advance();
    return token.value;
  }

  /** Throws a QuerySyntaxError at `token` (the current one unless given). */
  fail(expected: readonly string[], token: Token = this.peek()): never {
    throw syntaxError(token.at, expected, token.kind === 'end' ? END_OF_QUERY : token.text);
  }
}
