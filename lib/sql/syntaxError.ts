/**
 * Readable syntax error messages from what the LALR parser reports: the offending token and
 * the (often long) list of token names it would have accepted, collapsed into a few words such
 * as "an expression" or "a name".
 */
import { NONRESERVED_KEYWORDS } from './keywords.js';

/** Typographic quotes that editors put in place of straight ones. */
const CURLY_QUOTES: ReadonlySet<string> = new Set(['\u2018', '\u2019', '\u201C', '\u201D']);

/** Tokens the lexer produces for text it cannot read, and what to say about each. */
const LEXICAL_PROBLEMS: Readonly<Record<string, (text: string) => string>> = {
  INVALID: (text) => `unexpected character '${text}'${CURLY_QUOTES.has(text) ? " (use straight quotes: ' for strings, \" for names)" : ''}`,
  UNTERMINATED_STRING: () => 'unterminated string literal',
  UNTERMINATED_IDENT: () => 'unterminated quoted name',
  UNTERMINATED_COMMENT: () => 'unterminated /* comment',
  BAD_NUMBER: (text) => `invalid number or duration '${shortened(text)}' (durations: 500ms, 30s, 5m, 1h, 1d)`,
};

/** Token text as a message shows it: at most 40 characters, a longer one cut with `...`. */
function shortened(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** Tokens that can begin a name. */
const NAME_TOKENS: ReadonlySet<string> = new Set(['IDENT', 'QUOTED_IDENT', 'TIME_UNIT', ...NONRESERVED_KEYWORDS]);

/** Tokens that can begin an expression, besides names. */
const EXPRESSION_START_TOKENS: ReadonlySet<string> = new Set([
  'NUMBER', 'STRING', 'DURATION', 'TRUE', 'FALSE', 'NULL', 'INTERVAL', '(', '-', '+', 'NOT',
  'CASE', 'CAST', 'EXTRACT', 'EXISTS',
]);

/** Tokens that continue an expression (collapsed into "an operator" when there are many). */
const OPERATOR_TOKENS: ReadonlySet<string> = new Set([
  'OR', 'AND', 'IS', 'IN', 'NOT', 'BETWEEN', 'LIKE', 'ILIKE', '=', '<>', '!=', '<', '<=', '>', '>=', '||',
  '+', '-', '*', '/', '%', '::', '[', '.',
]);

/** Tokens that can begin a statement. */
const STATEMENT_START_TOKENS: ReadonlySet<string> = new Set([
  'SELECT', 'WITH', 'CREATE', 'INSERT', 'DEPLOY', 'SHOW', 'DESCRIBE', 'EXPLAIN', 'DROP', 'START', 'STOP',
  'PAUSE', 'RESUME',
]);

/** How some tokens read in a message; any other keyword or symbol is shown quoted. */
const TOKEN_WORDS: Readonly<Record<string, string>> = {
  EOF: 'end of input',
  NUMBER: 'a number',
  STRING: 'a string',
  DURATION: 'a duration',
  TIME_UNIT: 'a time unit',
  WITHIN_GROUP: "'WITHIN GROUP'",
  ROWS_WINDOW_BUFFER: "'ROWS WINDOW BUFFER'",
};

/** At most this many alternatives are listed. */
const MAX_LISTED = 8;

/** The message for a lexer problem token, or undefined when the token is an ordinary one. */
export function describeLexicalProblem(token: string, text: string): string | undefined {
  return LEXICAL_PROBLEMS[token]?.(text);
}

/** How the offending token reads: `'FROM'`, `string 'abc'`, `end of input`. */
export function describeFoundToken(token: string, text: string): string {
  if (token === 'EOF' || token === '$end') return 'end of input';
  const shown = shortened(text);
  if (token === 'STRING') return `string ${shown}`;
  return `'${shown}'`;
}

/**
 * Collapses the parser's expected tokens (jison quotes them: `'FROM'`) into a short phrase:
 * `an expression`, `a name`, `'FROM', 'WHERE' or end of input`.
 */
export function describeExpected(quotedTokens: readonly string[]): string {
  const tokens = new Set(quotedTokens.map((token) => token.replace(/^'|'$/g, '')));
  tokens.delete('EXPRESSION_START');
  tokens.delete('error');
  const phrases: string[] = [];
  if (tokens.has('SELECT') && tokens.has('CREATE')) {
    phrases.push('a statement (SELECT, CREATE, INSERT, SHOW, ...)');
    for (const token of STATEMENT_START_TOKENS) tokens.delete(token);
  }
  if (tokens.has('IDENT') && tokens.has('NUMBER') && tokens.has('(')) {
    phrases.push('an expression');
    for (const token of [...NAME_TOKENS, ...EXPRESSION_START_TOKENS]) tokens.delete(token);
  }
  if (tokens.has('IDENT')) {
    phrases.push('a name');
    for (const token of NAME_TOKENS) tokens.delete(token);
  }
  if (tokens.delete(')')) phrases.unshift("')'");
  // The AND of BETWEEN stays visible: it is the one operator that is required there.
  const operators = [...tokens].filter((token) => OPERATOR_TOKENS.has(token) && !(token === 'AND' && !tokens.has('OR')));
  if (operators.length >= 3) {
    phrases.push('an operator');
    for (const token of operators) tokens.delete(token);
  }
  const ending = tokens.delete('EOF') || tokens.delete('$end');
  const described = [...tokens].filter((token) => TOKEN_WORDS[token] !== undefined);
  const quoted = [...tokens].filter((token) => TOKEN_WORDS[token] === undefined).sort(compareTokens);
  phrases.push(...described.map((token) => TOKEN_WORDS[token] ?? token), ...quoted.map((token) => `'${token}'`));
  if (ending) phrases.push('end of input');
  if (phrases.length === 0) return 'something else';
  const listed = phrases.length > MAX_LISTED ? [...phrases.slice(0, MAX_LISTED - 1), 'other clauses'] : phrases;
  if (listed.length === 1) return listed[0] ?? '';
  return `${listed.slice(0, -1).join(', ')} or ${listed[listed.length - 1]}`;
}

/** Keywords first (in reading order of a SELECT where it helps), then symbols. */
const CLAUSE_ORDER = [
  'AS', 'FROM', 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'ON', 'WITHIN', 'WHERE', 'GROUP', 'WINDOW',
  'HAVING', 'ORDER', 'LIMIT', 'INTO', 'EMIT', 'WITH', 'UNION',
];

function rank(token: string): number {
  const index = CLAUSE_ORDER.indexOf(token);
  if (index >= 0) return index;
  return /^[A-Z_]+$/.test(token) ? CLAUSE_ORDER.length : CLAUSE_ORDER.length + 1;
}

function compareTokens(left: string, right: string): number {
  return rank(left) - rank(right) || (left < right ? -1 : left > right ? 1 : 0);
}
