/**
 * The LR driver that runs the jison-generated tables, in place of jison's own `parse`.
 *
 * jison's driver copies its three stacks (`stack.slice(0, -len)`) on every reduction, so a
 * parse costs the square of its nesting (10,000 parentheses took seconds). Here the stacks
 * shrink in place and a reduction costs the length of its production, so a parse is linear
 * in its tokens. The driver also measures the depth of the tree the grammar actions build
 * (a node is one deeper than its deepest child; an action that passes a child through, such
 * as `( expr )`, adds nothing) and stops at {@link MAX_NESTING_DEPTH}, before the later
 * stages, which walk the tree recursively, could run out of stack.
 */
import type { LrTables } from './expectedTokens.js';
import type { JisonLocation } from './location.js';

/**
 * The deepest tree a statement may build: nested expressions (CASE in CASE, `a + (b * (...))`,
 * `NOT NOT ...`, a chain of 1,000 `OR`s) and nested subqueries all count. The same limit as
 * DuckDB's `max_expression_depth`.
 */
export const MAX_NESTING_DEPTH = 1000;

/** What a grammar action sees as `this`: `$` is `$$`, `_$` is `@$`. */
interface ReductionResult {
  $: unknown;
  _$: JisonLocation;
}

/** The generated tables plus the grammar actions. */
export interface LrGrammar extends LrTables {
  /** Symbol name → number. */
  readonly symbols_: Readonly<Record<string, number | undefined>>;
  performAction(
    this: ReductionResult,
    yytext: string,
    yyleng: number,
    yylineno: number,
    yy: unknown,
    production: number,
    values: unknown[],
    locations: JisonLocation[],
  ): unknown;
}

/** The lexer as the driver reads it. */
export interface TokenSource {
  /** The next token: a terminal number or name. */
  lex(): string | number;
  readonly yytext: string;
  readonly yyleng: number;
  readonly yylineno: number;
  readonly yylloc: JisonLocation;
}

/** How the driver reports failures; both throw. */
export interface LrFailures {
  /**
   * No action for `token` (a terminal name) in the current state, or a token the grammar does
   * not know (the lexer's names for unreadable text); `expected` are the state's terminals, quoted.
   */
  syntaxError(token: string, expected: readonly string[]): never;
  /** A tree deeper than {@link MAX_NESTING_DEPTH} would be built at `location`. */
  tooDeep(location: JisonLocation): never;
}

const SHIFT = 1;
const REDUCE = 2;
const ACCEPT = 3;
/** Terminals below this are jison's own (`$end` is 1, `error` is 2). */
const FIRST_GRAMMAR_TERMINAL = 3;

/**
 * Parses the tokens of `lexer` with the tables of `grammar`, running the grammar actions
 * with `yy`; returns what the accepting action returns.
 */
export function runLrParse(grammar: LrGrammar, lexer: TokenSource, yy: unknown, failures: LrFailures): unknown {
  const states: number[] = [0];
  const values: unknown[] = [null];
  const depths: number[] = [0];
  const locations: JisonLocation[] = [lexer.yylloc];
  /** The lookahead: a terminal number, or the name of a token the grammar does not know. */
  let symbol: number | string | null = null;
  let yytext = '';
  let yyleng = 0;
  let yylineno = 0;
  const result: ReductionResult = { $: undefined, _$: lexer.yylloc };
  for (;;) {
    const state = states[states.length - 1] as number;
    let action = grammar.defaultActions[state];
    if (action === undefined) {
      if (symbol === null) symbol = nextSymbol(grammar, lexer);
      const entry = typeof symbol === 'number' ? grammar.table[state]?.[symbol] : undefined;
      if (typeof entry !== 'object' || entry.length === 0) {
        failures.syntaxError(typeof symbol === 'number' ? (grammar.terminals_[symbol] ?? String(symbol)) : symbol, expectedIn(grammar, state));
      }
      action = entry;
    }
    switch (action[0]) {
      case SHIFT:
        states.push(action[1] as number);
        values.push(lexer.yytext);
        depths.push(0);
        locations.push(lexer.yylloc);
        yytext = lexer.yytext;
        yyleng = lexer.yyleng;
        yylineno = lexer.yylineno;
        symbol = null;
        break;
      case REDUCE: {
        const production = action[1] as number;
        const [lhs, length] = grammar.productions_[production] as readonly [number, number];
        result.$ = values[values.length - length];
        result._$ = spanOf(locations, length);
        const accepted = grammar.performAction.call(result, yytext, yyleng, yylineno, yy, production, values, locations);
        if (accepted !== undefined) return accepted;
        const depth = depthOf(result.$, values, depths, length);
        if (depth > MAX_NESTING_DEPTH) failures.tooDeep(result._$);
        states.length -= length;
        values.length -= length;
        depths.length -= length;
        locations.length -= length;
        const goto = grammar.table[states[states.length - 1] as number]?.[lhs];
        states.push(goto as number);
        values.push(result.$);
        depths.push(depth);
        locations.push(result._$);
        break;
      }
      case ACCEPT:
        return true;
    }
  }
}

function nextSymbol(grammar: LrGrammar, lexer: TokenSource): number | string {
  const token = lexer.lex();
  return typeof token === 'number' ? token : (grammar.symbols_[token] ?? token);
}

/** The location of the last `length` symbols (for an empty production: where the previous one ends). */
function spanOf(locations: readonly JisonLocation[], length: number): JisonLocation {
  const first = locations[locations.length - (length || 1)] as JisonLocation;
  const last = locations[locations.length - 1] as JisonLocation;
  const span = { first_line: first.first_line, last_line: last.last_line, first_column: first.first_column, last_column: last.last_column };
  if (first.range === undefined || last.range === undefined) return span;
  return { ...span, range: [first.range[0], last.range[1]] };
}

/** The depth of a reduction's value: its deepest child's, plus one when it is a new node (lists are not nodes). */
function depthOf(value: unknown, values: readonly unknown[], depths: readonly number[], length: number): number {
  let deepest = 0;
  let passedThrough = false;
  for (let i = values.length - length; i < values.length; i++) {
    deepest = Math.max(deepest, depths[i] as number);
    if (values[i] === value) passedThrough = true;
  }
  return passedThrough || typeof value !== 'object' || value === null || Array.isArray(value) ? deepest : deepest + 1;
}

function expectedIn(grammar: LrTables, state: number): string[] {
  const expected: string[] = [];
  for (const key of Object.keys(grammar.table[state] ?? {})) {
    const name = grammar.terminals_[Number(key)];
    if (name !== undefined && Number(key) >= FIRST_GRAMMAR_TERMINAL) expected.push(`'${name}'`);
  }
  return expected;
}
