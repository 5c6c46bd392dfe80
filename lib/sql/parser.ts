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
import { expectedTerminals } from './expectedTokens.js';
import { MAX_NESTING_DEPTH, runLrParse, type LrGrammar } from './lrDriver.js';
import { FerrisError } from '../types/errors.js';

/** The parts of jison's lexer the adapter touches. */
interface GeneratedLexer {
  lex(this: GeneratedLexer): string | number;
  /** One rule's match: its token, or `false` for skipped text (whitespace, comments). */
  next(this: GeneratedLexer): string | number | false;
  setInput(text: string, yy: LexerState): void;
  yylloc: JisonLocation;
  yytext: string;
  yyleng: number;
  yylineno: number;
  match: string;
  yy: LexerState;
}

/** The parts of jison's parser the adapter touches. */
interface GeneratedParser extends LrGrammar {
  lexer: GeneratedLexer;
}

/** What the driver reports about a token the grammar has no action for. */
interface UnexpectedToken {
  readonly token: string;
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

/**
 * The next token of a generated lexer. jison's own `lex` calls itself once per skipped
 * match, so 3,000 comment lines overflowed the stack; this loops instead.
 */
function nextToken(lexer: GeneratedLexer): string | number {
  for (;;) {
    const token = lexer.next();
    if (token !== false) return token;
  }
}

/** The lexer the parse reads: the generated one, able to emit a leading mode token. */
const modeLexer: GeneratedLexer = Object.create(baseLexer) as GeneratedLexer;
modeLexer.lex = function lexWithMode(this: GeneratedLexer): string | number {
  const session = this.yy.session;
  if (session.pendingStartToken !== null) {
    const token = session.pendingStartToken;
    session.pendingStartToken = null;
    return token;
  }
  return nextToken(this);
};

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
  const yy: ParserState = {
    h: new GrammarHelpers(session.file),
    keywordToken,
    noteComment: (comment, position) => {
      const annotation = collectAnnotations ? annotationOfComment(comment, position) : undefined;
      if (annotation) session.annotations.push(annotation);
    },
    session,
  };
  const lexer = Object.create(modeLexer) as GeneratedLexer;
  lexer.setInput(session.text, yy);
  session.lexer = lexer;
  return runLrParse(parser, lexer, yy, {
    syntaxError: (token, expected) => {
      throw syntaxError({ token, text: lexer.match, expected }, session);
    },
    tooDeep: (position) => {
      throw tooDeepError(position, session);
    },
  });
}

function tooDeepError(position: JisonLocation, session: ParseSession): FerrisError {
  const location = toSourceLocation(position);
  const message = `statement nested too deeply at ${location.line}:${location.column}: more than ${MAX_NESTING_DEPTH} levels of expressions and subqueries`;
  return new FerrisError('SQL_SYNTAX', message, { location, ...fileOf(session) });
}

function syntaxError(hash: UnexpectedToken, session: ParseSession): FerrisError {
  const token = hash.token;
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
    const token = nextToken(lexer);
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
