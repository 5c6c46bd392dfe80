/**
 * The helpers the grammar actions call as `yy.h.*`: everything that checks or converts while
 * building the AST. Each failure is a `SQL_SYNTAX` {@link FerrisError} at the offending text.
 */
import type {
  CallExpr,
  ColumnDef,
  ColumnRef,
  DeployStrategy,
  EmitMode,
  Expr,
  Identifier,
  IntervalLiteral,
  IntervalUnit,
  OrderByItem,
  Property,
  PropertyValueKind,
  Query,
  ScalarDataType,
  ScalarTypeName,
  SelectQuery,
  Statement,
  WindowClause,
  WindowSpec,
} from './ast.js';
import { FerrisError } from '../types/errors.js';
import type { SourceLocation } from '../types/errors.js';
import {
  INTERVAL_UNIT_NAMES,
  intervalMillis,
  isIntervalValue,
  parseShorthand,
  unitOfWord,
  unquoteIdentifier,
  unquoteString,
} from './literals.js';
import { toSourceLocation, type JisonLocation } from './location.js';

/** Scalar type names and how many numeric parameters each accepts. */
const SCALAR_TYPE_PARAMS: ReadonlyMap<string, number> = new Map<ScalarTypeName, number>([
  ['BOOLEAN', 0], ['BOOL', 0], ['INT', 0], ['INTEGER', 0], ['BIGINT', 0], ['SMALLINT', 0],
  ['TINYINT', 0], ['FLOAT', 0], ['DOUBLE', 0], ['REAL', 0], ['DECIMAL', 2], ['NUMERIC', 2],
  ['VARCHAR', 1], ['STRING', 0], ['TEXT', 0], ['CHAR', 1], ['TIMESTAMP', 0], ['DATETIME', 0],
  ['DATE', 0], ['INTERVAL', 0],
]);

/** Parts EXTRACT accepts. */
const EXTRACT_PARTS: ReadonlySet<string> = new Set([
  'YEAR', 'QUARTER', 'MONTH', 'WEEK', 'DAY', 'DOW', 'DOY', 'HOUR', 'MINUTE', 'SECOND',
  'MILLISECOND', 'MICROSECOND', 'NANOSECOND', 'EPOCH',
]);

/** Roll-out strategies of DEPLOY JOB. */
const DEPLOY_STRATEGIES: ReadonlySet<string> = new Set(['BLUE_GREEN', 'CANARY', 'ROLLING', 'REPLACE']);

/** Names that are calls even without parentheses. */
const NILADIC_FUNCTIONS: ReadonlySet<string> = new Set(['CURRENT_TIMESTAMP', 'CURRENT_DATE', 'CURRENT_TIME']);

/** The name and arguments of a call, before WITHIN GROUP and OVER are known. */
export interface CallHead {
  readonly name: Identifier;
  readonly args: readonly Expr[];
  readonly distinct: boolean;
  readonly star: boolean;
}

/** A type word as the grammar hands it over: the text and where it was. */
export interface TypeWord {
  readonly text: string;
  readonly loc: JisonLocation;
}

/** The parts of a query-writing statement the grammar knows, before EMIT/WITH are settled. */
export type WritingStatementHead =
  | { readonly type: 'create_as_select'; readonly kind: 'STREAM' | 'TABLE'; readonly name: Identifier; readonly columns: readonly ColumnDef[] | null }
  | { readonly type: 'insert_into'; readonly target: Identifier }
  | { readonly type: 'select_into'; readonly target: Identifier }
  | { readonly type: 'deploy_job'; readonly name: Identifier; readonly version: string; readonly strategy: DeployStrategy | null };

/** Helpers bound to one parse (they know the file name for errors). */
export class GrammarHelpers {
  constructor(private readonly file: string | undefined) {}

  /** A jison position as a {@link SourceLocation}. */
  loc(position: JisonLocation): SourceLocation {
    return toSourceLocation(position);
  }

  /** An unquoted name. */
  ident(text: string, position: JisonLocation): Identifier {
    return { type: 'identifier', text, quoted: false, loc: toSourceLocation(position) };
  }

  /** A `"quoted"` or `` `quoted` `` name. */
  quotedIdent(token: string, position: JisonLocation): Identifier {
    const text = unquoteIdentifier(token);
    if (text.length === 0) throw this.error('empty quoted name', position);
    return { type: 'identifier', text, quoted: true, loc: toSourceLocation(position) };
  }

  /** The value of a `'string'` token. */
  unquote(token: string): string {
    return unquoteString(token);
  }

  /** A column reference, or a call for `CURRENT_TIMESTAMP`-like names written without `()`. */
  column(table: Identifier | null, name: Identifier, position: JisonLocation): ColumnRef | CallExpr {
    const loc = toSourceLocation(position);
    if (table === null && !name.quoted && NILADIC_FUNCTIONS.has(name.text.toUpperCase())) {
      return { type: 'call', name, args: [], distinct: false, star: false, withinGroup: null, over: null, loc };
    }
    return { type: 'column', table, name, loc };
  }

  /** `NOT operand`; `NOT EXISTS (...)` becomes a negated `exists` node. */
  not(operand: Expr, position: JisonLocation): Expr {
    const loc = toSourceLocation(position);
    if (operand.type === 'exists' && !operand.negated) return { ...operand, negated: true, loc };
    return { type: 'unary', op: 'NOT', operand, loc };
  }

  /** `INTERVAL '5' SECOND` or `INTERVAL 5 SECONDS`. */
  interval(value: string, unitWord: string, position: JisonLocation): IntervalLiteral {
    const unit = unitOfWord(unitWord);
    if (unit === undefined) {
      throw this.error(`unknown interval unit '${unitWord}'`, position, `expected one of ${INTERVAL_UNIT_NAMES}`);
    }
    return this.intervalOf(value.trim(), unit, position);
  }

  /** `INTERVAL '5 seconds'`: number and unit inside the string. */
  intervalText(text: string, position: JisonLocation): IntervalLiteral {
    const parts = text.trim().split(/\s+/);
    const unit = parts.length === 2 ? unitOfWord(parts[1] ?? '') : undefined;
    if (unit === undefined) {
      throw this.error(
        `interval '${text}' has no valid unit`,
        position,
        `expected a number and a unit such as INTERVAL '5' SECOND or INTERVAL '5 seconds' (units: ${INTERVAL_UNIT_NAMES})`,
      );
    }
    return this.intervalOf(parts[0] ?? '', unit, position);
  }

  /** The shorthand durations `500ms`, `30s`, `5m`, `1h`, `1d`. */
  shorthandDuration(text: string, position: JisonLocation): IntervalLiteral {
    const parsed = parseShorthand(text);
    if (parsed === undefined) throw this.error(`invalid duration '${text}'`, position, 'expected e.g. 500ms, 30s, 5m, 1h or 1d');
    return this.intervalOf(parsed.value, parsed.unit, position);
  }

  /** A scalar data type; checks the name and the number of parameters. */
  scalarType(word: TypeWord, params: readonly string[], position: JisonLocation): ScalarDataType {
    const name = word.text.toUpperCase();
    const maxParams = SCALAR_TYPE_PARAMS.get(name);
    if (maxParams === undefined) {
      const accepted = [...SCALAR_TYPE_PARAMS.keys(), 'ARRAY<t>', 'MAP<k, v>', 'STRUCT<name t, ...>'].join(', ');
      throw this.error(`unknown data type '${word.text}'`, word.loc, `expected one of ${accepted}`);
    }
    if (params.length > maxParams) {
      const takes = maxParams === 0 ? 'no parameters' : `at most ${maxParams} parameter${maxParams > 1 ? 's' : ''}`;
      throw this.error(`data type ${name} takes ${takes}`, position);
    }
    return { type: 'data_type', name: name as ScalarTypeName, params, loc: toSourceLocation(position) };
  }

  /** The original dialect's `WINDOW TUMBLING|SLIDING|SESSION(...)` clause, from its arguments. */
  windowClause(kind: WindowClause['kind'], args: readonly Expr[], position: JisonLocation): WindowClause {
    const loc = toSourceLocation(position);
    const usage = {
      TUMBLING: 'TUMBLING([time_column,] size)',
      SLIDING: 'SLIDING([time_column,] size, advance)',
      SESSION: 'SESSION([time_column,] gap[, partition_key])',
    }[kind];
    const duration = (index: number): IntervalLiteral => {
      const arg = args[index];
      if (arg === undefined || arg.type !== 'interval') {
        throw this.errorAt(`WINDOW ${kind} expects a duration here`, arg?.loc ?? loc, `usage: ${usage}, with durations like INTERVAL '5' SECOND or 5s`);
      }
      return arg;
    };
    const wrongCount = (): FerrisError => this.error(`WINDOW ${kind} got ${args.length} argument(s)`, position, `usage: ${usage}`);
    switch (kind) {
      case 'TUMBLING':
        if (args.length === 1) return { type: 'window_clause', kind, timeColumn: null, size: duration(0), loc };
        if (args.length === 2) return { type: 'window_clause', kind, timeColumn: args[0] ?? null, size: duration(1), loc };
        throw wrongCount();
      case 'SLIDING':
        if (args.length === 2) return { type: 'window_clause', kind, timeColumn: null, size: duration(0), advance: duration(1), loc };
        if (args.length === 3) {
          return { type: 'window_clause', kind, timeColumn: args[0] ?? null, size: duration(1), advance: duration(2), loc };
        }
        throw wrongCount();
      case 'SESSION':
        if (args.length === 1) return { type: 'window_clause', kind, timeColumn: null, gap: duration(0), partitionKey: null, loc };
        if (args.length === 2 && args[0]?.type === 'interval') {
          return { type: 'window_clause', kind, timeColumn: null, gap: duration(0), partitionKey: args[1] ?? null, loc };
        }
        if (args.length === 2) return { type: 'window_clause', kind, timeColumn: args[0] ?? null, gap: duration(1), partitionKey: null, loc };
        if (args.length === 3) {
          return { type: 'window_clause', kind, timeColumn: args[0] ?? null, gap: duration(1), partitionKey: args[2] ?? null, loc };
        }
        throw wrongCount();
    }
  }

  /** A function call from its head and optional WITHIN GROUP / OVER parts. */
  call(head: CallHead, withinGroup: readonly OrderByItem[] | null, over: WindowSpec | null, position: JisonLocation): CallExpr {
    return { type: 'call', ...head, withinGroup, over, loc: toSourceLocation(position) };
  }

  /** The part of `EXTRACT(part FROM ...)` or `EXTRACT('part', ...)`, upper-cased and checked. */
  extractPart(part: string, position: JisonLocation): string {
    const upper = part.toUpperCase();
    if (!EXTRACT_PARTS.has(upper)) {
      throw this.error(`unknown EXTRACT part '${part}'`, position, `expected one of ${[...EXTRACT_PARTS].join(', ')}`);
    }
    return upper;
  }

  /** `STRATEGY BLUE_GREEN|CANARY(n)|ROLLING|REPLACE`. */
  deployStrategy(word: Identifier, percent: string | null, position: JisonLocation): DeployStrategy {
    const kind = word.text.toUpperCase();
    if (!DEPLOY_STRATEGIES.has(kind)) {
      throw this.error(`unknown deployment strategy '${word.text}'`, position, 'expected one of BLUE_GREEN, CANARY(n), ROLLING, REPLACE');
    }
    if ((kind === 'CANARY') !== (percent !== null)) {
      throw this.error(kind === 'CANARY' ? 'CANARY needs a percentage' : `${kind} takes no percentage`, position, kind === 'CANARY' ? 'e.g. STRATEGY CANARY(10)' : undefined);
    }
    return { type: 'deploy_strategy', kind: kind as DeployStrategy['kind'], percent, loc: toSourceLocation(position) };
  }

  /** One `key = value` of a WITH list. */
  property(key: string, kind: PropertyValueKind, text: string, position: JisonLocation): Property {
    return { type: 'property', key, value: { kind, text }, loc: toSourceLocation(position) };
  }

  /**
   * A CREATE ... AS, INSERT INTO, SELECT ... INTO or DEPLOY JOB statement. The EMIT and WITH
   * written at the end of the query belong to the statement: they are moved out of the query's
   * last SELECT. Writing one of them both before and after INTO is an error.
   */
  writingStatement(
    head: WritingStatementHead,
    query: Query,
    emit: EmitMode | null,
    properties: readonly Property[],
    position: JisonLocation,
  ): Statement {
    const tail = lastSelect(query);
    if (tail.emit !== null && emit !== null) throw this.error('EMIT is given twice', position);
    if (tail.properties.length > 0 && properties.length > 0) throw this.error('WITH (...) is given twice', position);
    const stripped = replaceLastSelect(query, { ...tail, emit: null, properties: [] });
    return {
      ...head,
      query: stripped,
      emit: emit ?? tail.emit,
      properties: properties.length > 0 ? properties : tail.properties,
      annotations: [],
      loc: toSourceLocation(position),
    } as Statement;
  }

  private intervalOf(value: string, unit: IntervalUnit, position: JisonLocation): IntervalLiteral {
    if (!isIntervalValue(value)) {
      throw this.error(`invalid interval value '${value}'`, position, "expected a number such as '5' or '1.5'");
    }
    return { type: 'interval', value, unit, millis: intervalMillis(value, unit), loc: toSourceLocation(position) };
  }

  /** `<problem> at L:C[, <hint>]`, located at the offending text. */
  private error(problem: string, position: JisonLocation, hint?: string): FerrisError {
    return this.errorAt(problem, toSourceLocation(position), hint);
  }

  private errorAt(problem: string, location: SourceLocation, hint?: string): FerrisError {
    const message = `${problem} at ${location.line}:${location.column}${hint === undefined ? '' : `, ${hint}`}`;
    return new FerrisError('SQL_SYNTAX', message, { location, ...this.fileOption() });
  }

  private fileOption(): { file?: string } {
    return this.file === undefined ? {} : { file: this.file };
  }
}

/** The SELECT whose end is the end of the query text (the right-most one). */
function lastSelect(query: Query): SelectQuery {
  switch (query.type) {
    case 'select':
      return query;
    case 'union':
      return lastSelect(query.right);
    case 'with':
      return lastSelect(query.body);
  }
}

/** A copy of the query with its right-most SELECT replaced. */
function replaceLastSelect(query: Query, replacement: SelectQuery): Query {
  switch (query.type) {
    case 'select':
      return replacement;
    case 'union':
      return { ...query, right: replaceLastSelect(query.right, replacement) };
    case 'with':
      return { ...query, body: replaceLastSelect(query.body, replacement) };
  }
}
