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
import { FerrisError } from '../types/errors.js';

/** The parts of jison's lexer the adapter touches. */
interface GeneratedLexer {
  lex(this: GeneratedLexer): string | number;
  yylloc: JisonLocation;
  match: string;
  yy: ParserState;
}

/** The parts of jison's parser the adapter touches. */
interface GeneratedParser {
  parse(text: string): unknown;
  yy: ParserState;
  lexer: GeneratedLexer;
}

/** What jison hands to `parseError`. */
interface JisonErrorHash {
  readonly token: string | number | null;
  readonly text: string;
  readonly expected?: readonly string[];
}

/** Per-parse state shared with the grammar actions and the lexer through jison's `yy`. */
interface ParserState {
  readonly h: GrammarHelpers;
  readonly keywordToken: (word: string) => string;
  readonly noteComment: (comment: string, position: JisonLocation) => void;
  readonly parseError: (message: string, hash: JisonErrorHash) => never;
  readonly session: ParseSession;
}

/** What one call to the parser collects and needs. */
interface ParseSession {
  readonly file: string | undefined;
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
  const session = newSession(options.file, null);
  const statements = run(text, session) as Statement[];
  return attachAnnotations(statements, session.annotations, options.file);
}

/**
 * Parses a single expression, e.g. `price * quantity > 1000`.
 * @throws FerrisError `SQL_SYNTAX` with the line and column of the offending token.
 */
export function parseExpression(text: string, options: ParseOptions = {}): Expr {
  return run(text, newSession(options.file, 'EXPRESSION_START')) as Expr;
}

function newSession(file: string | undefined, pendingStartToken: string | null): ParseSession {
  return { file, annotations: [], pendingStartToken, lexer: null };
}

function run(text: string, session: ParseSession): unknown {
  const collectAnnotations = session.pendingStartToken === null;
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
  return parser.parse(text);
}

function syntaxError(hash: JisonErrorHash, session: ParseSession): FerrisError {
  const token = String(hash.token ?? 'INVALID');
  const text = session.lexer?.match ?? hash.text;
  const position = session.lexer?.yylloc;
  const location = position ? toSourceLocation(position) : { line: 1, column: 1 };
  const at = `at ${location.line}:${location.column}`;
  const lexical = describeLexicalProblem(token, text);
  const message = lexical
    ? `${lexical} ${at}`
    : `unexpected ${describeFoundToken(token, text)} ${at}, expected ${describeExpected(hash.expected ?? [])}`;
  return new FerrisError('SQL_SYNTAX', message, { location, ...(session.file === undefined ? {} : { file: session.file }) });
}
