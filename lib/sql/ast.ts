/**
 * The abstract syntax tree of FerrisStreams SQL.
 *
 * Plain, JSON-serialisable data: every node is tagged by `type` and carries the
 * `loc` of its source text. Absent parts are `null` (never `undefined`) and lists are
 * empty arrays, so every field is always present. Number literals keep their source
 * TEXT so that decimals stay exact; the planner decides their type.
 *
 * Names: unquoted identifiers are case-insensitive and keep the text as written with
 * `quoted: false`; `"Col"` and `` `col` `` are quoted (case-sensitive) identifiers.
 */
import type { SourceLocation } from '../types/errors.js';

/** A part of the tree with a place in the source text. */
export interface Located {
  readonly loc: SourceLocation;
}

/** A name as written: `text` without quotes, `quoted` when it was `"..."` or `` `...` ``. */
export interface Identifier extends Located {
  readonly type: 'identifier';
  readonly text: string;
  readonly quoted: boolean;
}

// ─────────────────────────────────────────────────────────────────────────── annotations, WITH

/** A `-- @key: value` comment line placed before a statement (`@app`, `@job_mode`, `@metric`...). */
export interface Annotation extends Located {
  readonly type: 'annotation';
  /** The key without its `@`, e.g. `job_mode` or `deployment.region`. */
  readonly key: string;
  /** The trimmed text after the key and its optional `:`; empty when there is none. */
  readonly value: string;
}

/** How a WITH property value was written. */
export type PropertyValueKind = 'string' | 'number' | 'boolean';

/** A WITH property value: the text as written (strings unquoted and unescaped) and its kind. */
export interface PropertyValue {
  readonly kind: PropertyValueKind;
  readonly text: string;
}

/** One `'key' = value` entry of a `WITH (...)` list; the order of the list is kept. */
export interface Property extends Located {
  readonly type: 'property';
  readonly key: string;
  readonly value: PropertyValue;
}

// ─────────────────────────────────────────────────────────────────────────────────── data types

/** Names of scalar data types, upper-cased as written (the planner maps aliases). */
export type ScalarTypeName =
  | 'BOOLEAN'
  | 'BOOL'
  | 'INT'
  | 'INTEGER'
  | 'BIGINT'
  | 'SMALLINT'
  | 'TINYINT'
  | 'FLOAT'
  | 'DOUBLE'
  | 'REAL'
  | 'DECIMAL'
  | 'NUMERIC'
  | 'VARCHAR'
  | 'STRING'
  | 'TEXT'
  | 'CHAR'
  | 'TIMESTAMP'
  | 'DATETIME'
  | 'DATE'
  | 'INTERVAL';

/** A scalar type with its optional numeric parameters as text: `DECIMAL(18,4)` → `['18','4']`. */
export interface ScalarDataType extends Located {
  readonly type: 'data_type';
  readonly name: ScalarTypeName;
  readonly params: readonly string[];
}

/** `ARRAY<element>`. */
export interface ArrayDataType extends Located {
  readonly type: 'data_type';
  readonly name: 'ARRAY';
  readonly element: DataType;
}

/** `MAP<key, value>`. */
export interface MapDataType extends Located {
  readonly type: 'data_type';
  readonly name: 'MAP';
  readonly key: DataType;
  readonly value: DataType;
}

/** One `name type` field of a `STRUCT<...>`. */
export interface StructFieldType extends Located {
  readonly type: 'struct_field';
  readonly name: Identifier;
  readonly dataType: DataType;
}

/** `STRUCT<name type, ...>`. */
export interface StructDataType extends Located {
  readonly type: 'data_type';
  readonly name: 'STRUCT';
  readonly fields: readonly StructFieldType[];
}

/** A data type of a CAST or a column list; discriminate on `name`. */
export type DataType = ScalarDataType | ArrayDataType | MapDataType | StructDataType;

// ──────────────────────────────────────────────────────────────────────────────────── literals

/** A number as written (`150.2567`, `42`, `1e-3`); never converted, so decimals stay exact. */
export interface NumberLiteral extends Located {
  readonly type: 'number';
  readonly text: string;
}

/** A single-quoted string; `value` is unescaped (`'it''s'` → `it's`). */
export interface StringLiteral extends Located {
  readonly type: 'string';
  readonly value: string;
}

/** `TRUE` or `FALSE`. */
export interface BooleanLiteral extends Located {
  readonly type: 'boolean';
  readonly value: boolean;
}

/** `NULL`. */
export interface NullLiteral extends Located {
  readonly type: 'null';
}

/**
 * Interval units, singular. MONTH and YEAR parse but have no fixed length: their `millis`
 * is `null` and the planner rejects them where a fixed duration is needed.
 */
export type IntervalUnit = 'MILLISECOND' | 'SECOND' | 'MINUTE' | 'HOUR' | 'DAY' | 'MONTH' | 'YEAR';

/**
 * A duration, from any of `INTERVAL '5' SECOND`, `INTERVAL '5' SECONDS`, `INTERVAL '5 seconds'`,
 * `INTERVAL 5 MINUTES` or the shorthand `500ms`, `30s`, `5m`, `1h`, `1d`.
 * `value` is the number text (possibly signed or fractional); `millis` its length in
 * milliseconds, or `null` for MONTH/YEAR or when it is not a whole number of milliseconds.
 */
export interface IntervalLiteral extends Located {
  readonly type: 'interval';
  readonly value: string;
  readonly unit: IntervalUnit;
  readonly millis: number | null;
}

/** `TIMESTAMP '2024-01-01 00:00:00'`, `DATE '2024-01-01'`: the text is kept unparsed. */
export interface TypedLiteral extends Located {
  readonly type: 'typed_literal';
  readonly dataType: 'TIMESTAMP' | 'DATE';
  readonly value: string;
}

// ───────────────────────────────────────────────────────────────────────────────── expressions

/**
 * A column reference: `name` or `table.name`. A longer path `a.b.c` parses as
 * `field_access(column{table: a, name: b}, c)`; when `a` is not a relation in scope the
 * binder reads `column{table: a, name: b}` as the field `b` of the column `a`.
 */
export interface ColumnRef extends Located {
  readonly type: 'column';
  readonly table: Identifier | null;
  readonly name: Identifier;
}

/** Prefix operators. */
export type UnaryOperator = 'NOT' | '-' | '+';

/** `NOT x`, `-x`, `+x`. */
export interface UnaryExpr extends Located {
  readonly type: 'unary';
  readonly op: UnaryOperator;
  readonly operand: Expr;
}

/** Comparison operators (also used by quantified comparisons). */
export type ComparisonOperator = '=' | '<>' | '!=' | '<' | '<=' | '>' | '>=';

/** Infix operators of a {@link BinaryExpr}; `<>` and `!=` are kept as written. */
export type BinaryOperator = 'OR' | 'AND' | ComparisonOperator | '+' | '-' | '*' | '/' | '%' | '||';

/** `left op right`. */
export interface BinaryExpr extends Located {
  readonly type: 'binary';
  readonly op: BinaryOperator;
  readonly left: Expr;
  readonly right: Expr;
}

/** `expr [NOT] IN (a, b, ...)`. */
export interface InListExpr extends Located {
  readonly type: 'in_list';
  readonly expr: Expr;
  readonly list: readonly Expr[];
  readonly negated: boolean;
}

/** `expr [NOT] IN (SELECT ...)`. */
export interface InSubqueryExpr extends Located {
  readonly type: 'in_subquery';
  readonly expr: Expr;
  readonly query: Query;
  readonly negated: boolean;
}

/** `expr [NOT] BETWEEN low AND high`. */
export interface BetweenExpr extends Located {
  readonly type: 'between';
  readonly expr: Expr;
  readonly low: Expr;
  readonly high: Expr;
  readonly negated: boolean;
}

/** `expr [NOT] LIKE|ILIKE pattern [ESCAPE e]`. */
export interface LikeExpr extends Located {
  readonly type: 'like';
  readonly expr: Expr;
  readonly pattern: Expr;
  readonly negated: boolean;
  /** True for ILIKE. */
  readonly caseInsensitive: boolean;
  readonly escape: Expr | null;
}

/** `expr IS [NOT] NULL|TRUE|FALSE`. */
export interface IsExpr extends Located {
  readonly type: 'is';
  readonly expr: Expr;
  readonly negated: boolean;
  readonly what: 'NULL' | 'TRUE' | 'FALSE';
}

/** `left IS [NOT] DISTINCT FROM right`. */
export interface IsDistinctFromExpr extends Located {
  readonly type: 'is_distinct_from';
  readonly left: Expr;
  readonly right: Expr;
  readonly negated: boolean;
}

/** `[NOT] EXISTS (SELECT ...)`. */
export interface ExistsExpr extends Located {
  readonly type: 'exists';
  readonly query: Query;
  readonly negated: boolean;
}

/** `(SELECT ...)` used as a value. */
export interface ScalarSubqueryExpr extends Located {
  readonly type: 'scalar_subquery';
  readonly query: Query;
}

/** `left op ANY|ALL|SOME (SELECT ...)`. */
export interface QuantifiedExpr extends Located {
  readonly type: 'quantified';
  readonly left: Expr;
  readonly op: ComparisonOperator;
  readonly quantifier: 'ANY' | 'ALL' | 'SOME';
  readonly query: Query;
}

/** One `WHEN when THEN then` branch of a CASE. */
export interface CaseWhen extends Located {
  readonly type: 'case_when';
  readonly when: Expr;
  readonly then: Expr;
}

/** `CASE [operand] WHEN ... THEN ... [ELSE ...] END`; `operand` is set for the simple form. */
export interface CaseExpr extends Located {
  readonly type: 'case';
  readonly operand: Expr | null;
  readonly whens: readonly CaseWhen[];
  readonly else: Expr | null;
}

/** `CAST(expr AS type)` (syntax `cast`) or `expr::type` (syntax `::`). */
export interface CastExpr extends Located {
  readonly type: 'cast';
  readonly expr: Expr;
  readonly dataType: DataType;
  readonly syntax: 'cast' | '::';
}

/** `EXTRACT(part FROM expr)` (also `EXTRACT('part', expr)`); `part` upper-cased, e.g. `HOUR`. */
export interface ExtractExpr extends Located {
  readonly type: 'extract';
  readonly part: string;
  readonly from: Expr;
}

/**
 * A function call: `f(a, b)`, `COUNT(*)` (`star`), `COUNT(DISTINCT x)` (`distinct`),
 * `PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY x)` (`withinGroup`), `f(...) OVER (...)` (`over`).
 * Keyword functions without parentheses (`CURRENT_TIMESTAMP`, `CURRENT_DATE`) are calls with no
 * arguments. Window calls of GROUP BY (`TUMBLE(ts, INTERVAL '5' SECOND)`, `HOP`, `SESSION`) are
 * ordinary calls too.
 */
export interface CallExpr extends Located {
  readonly type: 'call';
  readonly name: Identifier;
  readonly args: readonly Expr[];
  readonly distinct: boolean;
  readonly star: boolean;
  readonly withinGroup: readonly OrderByItem[] | null;
  readonly over: WindowSpec | null;
}

/** `expr[index]`. */
export interface IndexExpr extends Located {
  readonly type: 'index';
  readonly expr: Expr;
  readonly index: Expr;
}

/** `expr.field` on a value of STRUCT type (see {@link ColumnRef} for `a.b.c` paths). */
export interface FieldAccessExpr extends Located {
  readonly type: 'field_access';
  readonly expr: Expr;
  readonly field: Identifier;
}

/** Every expression node. */
export type Expr =
  | ColumnRef
  | NumberLiteral
  | StringLiteral
  | BooleanLiteral
  | NullLiteral
  | IntervalLiteral
  | TypedLiteral
  | UnaryExpr
  | BinaryExpr
  | InListExpr
  | InSubqueryExpr
  | BetweenExpr
  | LikeExpr
  | IsExpr
  | IsDistinctFromExpr
  | ExistsExpr
  | ScalarSubqueryExpr
  | QuantifiedExpr
  | CaseExpr
  | CastExpr
  | ExtractExpr
  | CallExpr
  | IndexExpr
  | FieldAccessExpr;

/** The `type` tags of expressions. */
export type ExprType = Expr['type'];

// ──────────────────────────────────────────────────────────────────────────── OVER (...) specs

/** One end of a window frame. `offset` is set for `n PRECEDING|FOLLOWING` only. */
export interface FrameBound extends Located {
  readonly type: 'frame_bound';
  readonly kind: 'UNBOUNDED_PRECEDING' | 'PRECEDING' | 'CURRENT_ROW' | 'FOLLOWING' | 'UNBOUNDED_FOLLOWING';
  /** A row count (`5 PRECEDING`) or a duration (`INTERVAL '1' HOUR PRECEDING`). */
  readonly offset: NumberLiteral | IntervalLiteral | null;
}

/** `ROWS|RANGE start` or `ROWS|RANGE BETWEEN start AND end` (`end` null for the first form). */
export interface WindowFrame extends Located {
  readonly type: 'window_frame';
  readonly units: 'ROWS' | 'RANGE';
  readonly start: FrameBound;
  readonly end: FrameBound | null;
}

/** `EXPIRE AFTER ...` of the row-buffer form: a duration of inactivity, or NEVER. */
export interface RowsExpiry extends Located {
  readonly type: 'rows_expiry';
  /** `null` for `EXPIRE AFTER NEVER`. */
  readonly inactivity: IntervalLiteral | null;
}

/**
 * The window of an OVER clause. Standard form:
 * `OVER ([PARTITION BY ...] [ORDER BY ...] [frame])`. The original's row-buffer form:
 * `OVER (ROWS WINDOW BUFFER n ROWS [PARTITION BY ...] [ORDER BY ...] [frame]
 * [EMIT EVERY RECORD | EMIT ON BUFFER FULL] [EXPIRE AFTER ...])` sets `bufferRows` and may set
 * `bufferEmit` and `expire` (both are always null in the standard form).
 */
export interface WindowSpec extends Located {
  readonly type: 'window_spec';
  readonly bufferRows: NumberLiteral | null;
  readonly partitionBy: readonly Expr[];
  readonly orderBy: readonly OrderByItem[];
  readonly frame: WindowFrame | null;
  readonly bufferEmit: 'EVERY_RECORD' | 'ON_BUFFER_FULL' | null;
  readonly expire: RowsExpiry | null;
}

// ──────────────────────────────────────────────────────────────────────────────────── queries

/** `*` or `t.*` in a select list. */
export interface StarItem extends Located {
  readonly type: 'star';
  readonly table: Identifier | null;
}

/** `expr [[AS] alias] [PRIMARY KEY]`. */
export interface ExprItem extends Located {
  readonly type: 'expr_item';
  readonly expr: Expr;
  readonly alias: Identifier | null;
  readonly primaryKey: boolean;
}

/** An entry of a select list. */
export type SelectItem = StarItem | ExprItem;

/** A named stream or table in FROM/JOIN: `name [[AS] alias]`. */
export interface TableRef extends Located {
  readonly type: 'table_ref';
  readonly name: Identifier;
  readonly alias: Identifier | null;
}

/** A quoted URI in FROM/JOIN: `'file://data/trades.csv' [[AS] alias]`. */
export interface UriRef extends Located {
  readonly type: 'uri_ref';
  readonly uri: string;
  readonly alias: Identifier | null;
}

/** `(SELECT ...) [AS] alias` in FROM/JOIN. */
export interface SubqueryRef extends Located {
  readonly type: 'subquery_ref';
  readonly query: Query;
  readonly alias: Identifier;
}

/** What a FROM or JOIN reads. */
export type FromItem = TableRef | UriRef | SubqueryRef;

/** Join kinds; `LEFT OUTER` and `LEFT` are both `LEFT`, `JOIN` alone is `INNER`. */
export type JoinKind = 'INNER' | 'LEFT' | 'RIGHT' | 'FULL';

/** `[kind] JOIN right ON condition [WITHIN duration]`. */
export interface Join extends Located {
  readonly type: 'join';
  readonly kind: JoinKind;
  readonly right: FromItem;
  readonly on: Expr;
  readonly within: IntervalLiteral | null;
}

/** `WINDOW TUMBLING([time_column,] size)`. */
export interface TumblingWindowClause extends Located {
  readonly type: 'window_clause';
  readonly kind: 'TUMBLING';
  readonly timeColumn: Expr | null;
  readonly size: IntervalLiteral;
}

/** `WINDOW SLIDING([time_column,] size, advance)`. */
export interface SlidingWindowClause extends Located {
  readonly type: 'window_clause';
  readonly kind: 'SLIDING';
  readonly timeColumn: Expr | null;
  readonly size: IntervalLiteral;
  readonly advance: IntervalLiteral;
}

/** `WINDOW SESSION([time_column,] gap[, partition_key])`. */
export interface SessionWindowClause extends Located {
  readonly type: 'window_clause';
  readonly kind: 'SESSION';
  readonly timeColumn: Expr | null;
  readonly gap: IntervalLiteral;
  readonly partitionKey: Expr | null;
}

/** The original dialect's WINDOW clause; discriminate on `kind`. */
export type WindowClause = TumblingWindowClause | SlidingWindowClause | SessionWindowClause;

/** `expr [ASC|DESC] [NULLS FIRST|LAST]`; `direction` is ASC when not written. */
export interface OrderByItem extends Located {
  readonly type: 'order_by_item';
  readonly expr: Expr;
  readonly direction: 'ASC' | 'DESC';
  readonly nulls: 'FIRST' | 'LAST' | null;
}

/** EMIT CHANGES (re-emit on every update) or EMIT FINAL (emit when a window closes). */
export type EmitMode = 'CHANGES' | 'FINAL';

/**
 * `SELECT [DISTINCT] items [FROM from [joins]] [WHERE] [GROUP BY] [WINDOW] [HAVING]
 * [ORDER BY] [LIMIT n] [EMIT CHANGES|FINAL] [WITH (...)]`.
 * In CREATE ... AS, INSERT INTO, SELECT ... INTO and DEPLOY JOB the trailing EMIT and WITH of
 * the query belong to the statement (see there), so `emit`/`properties` here are then empty.
 */
export interface SelectQuery extends Located {
  readonly type: 'select';
  readonly distinct: boolean;
  readonly items: readonly SelectItem[];
  readonly from: FromItem | null;
  readonly joins: readonly Join[];
  readonly where: Expr | null;
  readonly groupBy: readonly Expr[];
  readonly window: WindowClause | null;
  readonly having: Expr | null;
  readonly orderBy: readonly OrderByItem[];
  readonly limit: NumberLiteral | null;
  readonly emit: EmitMode | null;
  readonly properties: readonly Property[];
}

/** One `name AS (query)` of a WITH. */
export interface CommonTableExpr extends Located {
  readonly type: 'cte';
  readonly name: Identifier;
  readonly query: Query;
}

/** `WITH name AS (query), ... body`. */
export interface WithQuery extends Located {
  readonly type: 'with';
  readonly ctes: readonly CommonTableExpr[];
  readonly body: Query;
}

/** `left UNION [ALL] right` (left-associative). */
export interface UnionQuery extends Located {
  readonly type: 'union';
  readonly all: boolean;
  readonly left: Query;
  readonly right: Query;
}

/** Every query node. */
export type Query = SelectQuery | WithQuery | UnionQuery;

// ───────────────────────────────────────────────────────────────────────────────── statements

/** What every statement has. */
export interface StatementBase extends Located {
  /** `-- @key: value` lines placed between the previous statement and this one. */
  readonly annotations: readonly Annotation[];
}

/** STREAM or TABLE. */
export type RelationKind = 'STREAM' | 'TABLE';

/** `name type [NOT NULL] [PRIMARY KEY]` in a column list. */
export interface ColumnDef extends Located {
  readonly type: 'column_def';
  readonly name: Identifier;
  readonly dataType: DataType;
  readonly notNull: boolean;
  readonly primaryKey: boolean;
}

/** `CREATE STREAM|TABLE name [(columns)] WITH (...)`: declares a source. */
export interface CreateSourceStatement extends StatementBase {
  readonly type: 'create_source';
  readonly kind: RelationKind;
  readonly name: Identifier;
  readonly columns: readonly ColumnDef[];
  readonly properties: readonly Property[];
}

/** `CREATE STREAM|TABLE name [(columns)] AS query [EMIT ...] [WITH (...)]` (CSAS / CTAS). */
export interface CreateAsSelectStatement extends StatementBase {
  readonly type: 'create_as_select';
  readonly kind: RelationKind;
  readonly name: Identifier;
  readonly columns: readonly ColumnDef[] | null;
  readonly query: Query;
  readonly emit: EmitMode | null;
  readonly properties: readonly Property[];
}

/** `INSERT INTO target query [EMIT ...] [WITH (...)]`. */
export interface InsertIntoStatement extends StatementBase {
  readonly type: 'insert_into';
  readonly target: Identifier;
  readonly query: Query;
  readonly emit: EmitMode | null;
  readonly properties: readonly Property[];
}

/** `SELECT ... INTO target [EMIT ...] [WITH (...)]`: a query writing to a sink. */
export interface SelectIntoStatement extends StatementBase {
  readonly type: 'select_into';
  readonly query: Query;
  readonly target: Identifier;
  readonly emit: EmitMode | null;
  readonly properties: readonly Property[];
}

/** A bare query; its EMIT and WITH stay in its select node. */
export interface QueryStatement extends StatementBase {
  readonly type: 'query';
  readonly query: Query;
}

/** What SHOW lists. `QUERIES` is kept as written (the planner treats it as JOBS). */
export type ShowTarget = 'STREAMS' | 'TABLES' | 'JOBS' | 'QUERIES' | 'FUNCTIONS' | 'TOPICS' | 'SCHEMA' | 'PROPERTIES';

/**
 * `SHOW STREAMS|TABLES|JOBS|QUERIES|FUNCTIONS|TOPICS [LIKE 'pattern']`,
 * `SHOW SCHEMA name`, `SHOW PROPERTIES name`.
 */
export interface ShowStatement extends StatementBase {
  readonly type: 'show';
  readonly what: ShowTarget;
  /** Set for SCHEMA and PROPERTIES, null otherwise. */
  readonly name: Identifier | null;
  /** The LIKE pattern of the listing forms. */
  readonly like: string | null;
}

/** `DESCRIBE name`. */
export interface DescribeStatement extends StatementBase {
  readonly type: 'describe';
  readonly name: Identifier;
}

/** `EXPLAIN statement` (the inner statement has no annotations). */
export interface ExplainStatement extends StatementBase {
  readonly type: 'explain';
  readonly statement: Statement;
}

/** `DROP STREAM|TABLE [IF EXISTS] name`. */
export interface DropStatement extends StatementBase {
  readonly type: 'drop';
  readonly kind: RelationKind;
  readonly name: Identifier;
  readonly ifExists: boolean;
}

/** Job lifecycle actions. */
export type JobAction = 'START' | 'STOP' | 'PAUSE' | 'RESUME';

/** `START|STOP|PAUSE|RESUME JOB name`. */
export interface JobControlStatement extends StatementBase {
  readonly type: 'job_control';
  readonly action: JobAction;
  readonly name: Identifier;
}

/** Roll-out strategies of DEPLOY JOB; `percent` is the CANARY(n) percentage text. */
export interface DeployStrategy extends Located {
  readonly type: 'deploy_strategy';
  readonly kind: 'BLUE_GREEN' | 'CANARY' | 'ROLLING' | 'REPLACE';
  readonly percent: string | null;
}

/** `DEPLOY JOB name VERSION 'v' AS query [EMIT ...] [WITH (...)] [STRATEGY ...]`. */
export interface DeployJobStatement extends StatementBase {
  readonly type: 'deploy_job';
  readonly name: Identifier;
  readonly version: string;
  readonly query: Query;
  readonly emit: EmitMode | null;
  readonly properties: readonly Property[];
  readonly strategy: DeployStrategy | null;
}

/** Every statement node. */
export type Statement =
  | CreateSourceStatement
  | CreateAsSelectStatement
  | InsertIntoStatement
  | SelectIntoStatement
  | QueryStatement
  | ShowStatement
  | DescribeStatement
  | ExplainStatement
  | DropStatement
  | JobControlStatement
  | DeployJobStatement;

/** The `type` tags of statements. */
export type StatementType = Statement['type'];

/** The nodes {@link toSql} and the tests work on. */
export type SqlNode = Statement | Query | Expr;

const QUERY_TYPES: ReadonlySet<string> = new Set<Query['type']>(['select', 'with', 'union']);

const STATEMENT_TYPES: ReadonlySet<string> = new Set<StatementType>([
  'create_source',
  'create_as_select',
  'insert_into',
  'select_into',
  'query',
  'show',
  'describe',
  'explain',
  'drop',
  'job_control',
  'deploy_job',
]);

/** True when the node is a query (`select`, `with` or `union`). */
export function isQuery(node: SqlNode): node is Query {
  return QUERY_TYPES.has(node.type);
}

/** True when the node is a statement. */
export function isStatement(node: SqlNode): node is Statement {
  return STATEMENT_TYPES.has(node.type);
}

/** True when the node is an expression. */
export function isExpr(node: SqlNode): node is Expr {
  return !QUERY_TYPES.has(node.type) && !STATEMENT_TYPES.has(node.type);
}

/** The statements that write a query's result somewhere and own its trailing EMIT and WITH. */
export type QueryWritingStatement =
  | CreateAsSelectStatement
  | InsertIntoStatement
  | SelectIntoStatement
  | DeployJobStatement;

/** True for CREATE ... AS, INSERT INTO, SELECT ... INTO and DEPLOY JOB. */
export function isQueryWritingStatement(statement: Statement): statement is QueryWritingStatement {
  return (
    statement.type === 'create_as_select' ||
    statement.type === 'insert_into' ||
    statement.type === 'select_into' ||
    statement.type === 'deploy_job'
  );
}
