/**
 * The adapter around the jison-generated parser (the only module that loads it): parses SQL
 * text into statements or an expression and turns parser failures into `SQL_SYNTAX` errors
 * with the line and column of the offending token.
 */
import { createRequire } from 'node:module';
import type { Annotation, Expr, Statement } from './ast.js';
import { annotationOfComment, attachAnnotations } from './annotations.js';
import { GrammarHelpers } from './grammarHelpers.js';
import { keywordToken } from './keywords.js';
import { toSourceLocation, type JisonLocation } from './location.js';
import { describeExpected, describeFoundToken, describeLexicalProblem } from './syntaxError.js';
import { expectedTerminals, type LrTables } from './expectedTokens.js';
import { FerrisError } from '../types/errors.js';

/** The parts of jison's lexer the adapter touches. */
interface GeneratedLexer {
  lex(this: GeneratedLexer): string | number;
  setInput(text: string, yy: LexerState): void;
  yylloc: JisonLocation;
  match: string;
  yy: LexerState;
}

/** The parts of jison's parser the adapter touches. */
interface GeneratedParser extends LrTables {
  parse(text: string): unknown;
  yy: ParserState;
  lexer: GeneratedLexer;
  readonly symbols_: Readonly<Record<string, number | undefined>>;
}

/** What jison hands to `parseError`. */
interface JisonErrorHash {
  readonly token: string | number | null;
  readonly text: string;
  readonly expected?: readonly string[];
}

/** What the lexer actions call through jison's `yy`. */
interface LexerState {
  readonly keywordToken: (word: string) => string;
  readonly noteComment: (comment: string, position: JisonLocation) => void;
  readonly session: ParseSession;
}

/** Per-parse state shared with the grammar actions and the lexer through jison's `yy`. */
interface ParserState extends LexerState {
  readonly h: GrammarHelpers;
  readonly parseError: (message: string, hash: JisonErrorHash) => never;
}

/** What one call to the parser collects and needs. */
interface ParseSession {
  readonly text: string;
  readonly file: string | undefined;
  /** True for `parseExpression` (the parse starts with the EXPRESSION_START token). */
  readonly expression: boolean;
  readonly annotations: Annotation[];
  /** Set for `parseExpression`: the first token handed to the parser selects the expression rule. */
  pendingStartToken: string | null;
  /** The lexer of the running parse, to locate the token a syntax error is about. */
  lexer: GeneratedLexer | null;
}

/** Options of {@link parseSql}. */
export interface ParseOptions {
  /** The file the text comes from, reported in errors. */
  readonly file?: string;
}

/** jison's own end-of-input terminal (the lexer returns it once the input is used up). */
const JISON_END = 1;

/** The token that makes the grammar read one expression instead of statements. */
const EXPRESSION_START = 'EXPRESSION_START';

const require = createRequire(import.meta.url);
const generated = require('./grammar/parser.generated.cjs') as { parser: GeneratedParser };
const parser = generated.parser;
const baseLexer = parser.lexer;

/** The lexer handed to jison: the generated one, able to emit a leading mode token. */
const modeLexer: GeneratedLexer = Object.create(baseLexer) as GeneratedLexer;
modeLexer.lex = function lexWithMode(this: GeneratedLexer): string | number {
  const session = this.yy.session;
  session.lexer = this;
  if (session.pendingStartToken !== null) {
    const token = session.pendingStartToken;
    session.pendingStartToken = null;
    return token;
  }
  return baseLexer.lex.call(this);
};
parser.lexer = modeLexer;

/**
 * Parses a SQL text of statements separated by `;` (the last `;` optional). Each statement
 * gets the `-- @key: value` annotations written before it.
 * @throws FerrisError `SQL_SYNTAX` with the line and column of the offending token.
 */
export function parseSql(text: string, options: ParseOptions = {}): Statement[] {
  const session = newSession(text, options.file, false);
  const statements = run(session) as Statement[];
  return attachAnnotations(statements, session.annotations, options.file);
}

/**
 * Parses a single expression, e.g. `price * quantity > 1000`.
 * @throws FerrisError `SQL_SYNTAX` with the line and column of the offending token.
 */
export function parseExpression(text: string, options: ParseOptions = {}): Expr {
  return run(newSession(text, options.file, true)) as Expr;
}

function newSession(text: string, file: string | undefined, expression: boolean): ParseSession {
  return { text, file, expression, annotations: [], pendingStartToken: expression ? EXPRESSION_START : null, lexer: null };
}

function run(session: ParseSession): unknown {
  const collectAnnotations = !session.expression;
  parser.yy = {
    h: new GrammarHelpers(session.file),
    keywordToken,
    noteComment: (comment, position) => {
      const annotation = collectAnnotations ? annotationOfComment(comment, position) : undefined;
      if (annotation) session.annotations.push(annotation);
    },
    parseError: (_message, hash) => {
      throw syntaxError(hash, session);
    },
    session,
  };
  return parser.parse(session.text);
}

function syntaxError(hash: JisonErrorHash, session: ParseSession): FerrisError {
  const token = String(hash.token ?? 'INVALID');
  const text = session.lexer?.match ?? hash.text;
  const position = session.lexer?.yylloc;
  const location = position ? toSourceLocation(position) : { line: 1, column: 1 };
  const at = `at ${location.line}:${location.column}`;
  const lexical = describeLexicalProblem(token, text);
  if (lexical !== undefined) return new FerrisError('SQL_SYNTAX', `${lexical} ${at}`, { location, ...fileOf(session) });
  const expected = position?.range === undefined ? (hash.expected ?? []) : expectedTerminals(parser, tokensBefore(session, position.range[0]));
  const message = `unexpected ${describeFoundToken(token, text)} ${at}, expected ${describeExpected(expected)}`;
  return new FerrisError('SQL_SYNTAX', message, { location, ...fileOf(session) });
}

function fileOf(session: ParseSession): { file?: string } {
  return session.file === undefined ? {} : { file: session.file };
}

/** The token numbers the parser consumed before the token starting at `offset` (lexed again). */
function tokensBefore(session: ParseSession, offset: number): number[] {
  const lexer = Object.create(baseLexer) as GeneratedLexer;
  lexer.setInput(session.text, { keywordToken, noteComment: () => undefined, session: { ...session, pendingStartToken: null } });
  const consumed: number[] = [];
  if (session.expression) consumed.push(symbolNumber(EXPRESSION_START));
  const endOfInput = symbolNumber('EOF');
  for (;;) {
    const token = baseLexer.lex.call(lexer);
    const symbol = typeof token === 'number' ? token : symbolNumber(token);
    const start = lexer.yylloc.range?.[0] ?? offset;
    if (start >= offset || symbol === endOfInput || symbol === JISON_END) return consumed;
    consumed.push(symbol);
  }
}

function symbolNumber(token: string): number {
  const symbol = parser.symbols_[token];
  if (symbol === undefined) throw new FerrisError('INTERNAL', `the generated parser has no token ${token}`);
  return symbol;
}
