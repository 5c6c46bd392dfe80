/**
 * Printing of expressions, with exactly the parentheses precedence requires so that parsing
 * the output gives back the same tree.
 */
import type { BinaryOperator, Expr, FrameBound, OrderByItem, WindowFrame, WindowSpec } from '../ast.js';
import { printDataType, printIdentifier, printInterval, printString } from './literals.js';
import { printQuery } from './queries.js';

/** Binding strength, loosest first (mirrors the layers of the grammar). */
const Level = {
  Or: 1,
  And: 2,
  Not: 3,
  Predicate: 4,
  Concat: 5,
  Additive: 6,
  Multiplicative: 7,
  Unary: 8,
  Postfix: 9,
  Primary: 10,
} as const;

/** One of the {@link Level} values. */
type Level = (typeof Level)[keyof typeof Level];

const BINARY_LEVELS: Readonly<Record<BinaryOperator, Level>> = {
  OR: Level.Or,
  AND: Level.And,
  '=': Level.Predicate,
  '<>': Level.Predicate,
  '!=': Level.Predicate,
  '<': Level.Predicate,
  '<=': Level.Predicate,
  '>': Level.Predicate,
  '>=': Level.Predicate,
  '||': Level.Concat,
  '+': Level.Additive,
  '-': Level.Additive,
  '*': Level.Multiplicative,
  '/': Level.Multiplicative,
  '%': Level.Multiplicative,
};

function levelOf(expr: Expr): Level {
  switch (expr.type) {
    case 'binary':
      return BINARY_LEVELS[expr.op];
    case 'unary':
      return expr.op === 'NOT' ? Level.Not : Level.Unary;
    case 'in_list':
    case 'in_subquery':
    case 'between':
    case 'like':
    case 'is':
    case 'is_distinct_from':
    case 'quantified':
      return Level.Predicate;
    case 'exists':
      return expr.negated ? Level.Not : Level.Primary;
    case 'index':
    case 'field_access':
      return Level.Postfix;
    case 'cast':
      return expr.syntax === '::' ? Level.Postfix : Level.Primary;
    default:
      return Level.Primary;
  }
}

/** Prints `expr`, in parentheses when it binds more loosely than `minimum`. */
function operand(expr: Expr, minimum: Level): string {
  const text = printExpr(expr);
  return levelOf(expr) < minimum ? `(${text})` : text;
}

/** An operand of a predicate (comparison, IN, BETWEEN, LIKE, IS): anything tighter than those. */
function arith(expr: Expr): string {
  return operand(expr, Level.Concat);
}

/** Prints an expression as canonical SQL. */
export function printExpr(expr: Expr): string {
  switch (expr.type) {
    case 'column':
      return expr.table === null ? printIdentifier(expr.name) : `${printIdentifier(expr.table)}.${printIdentifier(expr.name)}`;
    case 'number':
      return expr.text;
    case 'string':
      return printString(expr.value);
    case 'boolean':
      return expr.value ? 'TRUE' : 'FALSE';
    case 'null':
      return 'NULL';
    case 'interval':
      return printInterval(expr);
    case 'typed_literal':
      return `${expr.dataType} ${printString(expr.value)}`;
    case 'unary':
      return printUnary(expr.op, expr.operand);
    case 'binary': {
      const level = BINARY_LEVELS[expr.op];
      if (level === Level.Predicate) return `${arith(expr.left)} ${expr.op} ${arith(expr.right)}`;
      return `${operand(expr.left, level)} ${expr.op} ${operand(expr.right, (level + 1) as Level)}`;
    }
    case 'in_list':
      return `${arith(expr.expr)} ${expr.negated ? 'NOT IN' : 'IN'} (${expr.list.map(printExpr).join(', ')})`;
    case 'in_subquery':
      return `${arith(expr.expr)} ${expr.negated ? 'NOT IN' : 'IN'} (${printQuery(expr.query)})`;
    case 'between':
      return `${arith(expr.expr)} ${expr.negated ? 'NOT BETWEEN' : 'BETWEEN'} ${arith(expr.low)} AND ${arith(expr.high)}`;
    case 'like': {
      const keyword = `${expr.negated ? 'NOT ' : ''}${expr.caseInsensitive ? 'ILIKE' : 'LIKE'}`;
      const escape = expr.escape === null ? '' : ` ESCAPE ${arith(expr.escape)}`;
      return `${arith(expr.expr)} ${keyword} ${arith(expr.pattern)}${escape}`;
    }
    case 'is':
      return `${arith(expr.expr)} IS ${expr.negated ? 'NOT ' : ''}${expr.what}`;
    case 'is_distinct_from':
      return `${arith(expr.left)} IS ${expr.negated ? 'NOT ' : ''}DISTINCT FROM ${arith(expr.right)}`;
    case 'exists':
      return `${expr.negated ? 'NOT ' : ''}EXISTS (${printQuery(expr.query)})`;
    case 'scalar_subquery':
      return `(${printQuery(expr.query)})`;
    case 'quantified':
      return `${arith(expr.left)} ${expr.op} ${expr.quantifier} (${printQuery(expr.query)})`;
    case 'case': {
      const operandText = expr.operand === null ? '' : ` ${printExpr(expr.operand)}`;
      const whens = expr.whens.map((branch) => ` WHEN ${printExpr(branch.when)} THEN ${printExpr(branch.then)}`).join('');
      const elseText = expr.else === null ? '' : ` ELSE ${printExpr(expr.else)}`;
      return `CASE${operandText}${whens}${elseText} END`;
    }
    case 'cast':
      return expr.syntax === '::'
        ? `${operand(expr.expr, Level.Postfix)}::${printDataType(expr.dataType)}`
        : `CAST(${printExpr(expr.expr)} AS ${printDataType(expr.dataType)})`;
    case 'extract':
      return `EXTRACT(${expr.part} FROM ${printExpr(expr.from)})`;
    case 'call':
      return printCall(expr);
    case 'index':
      return `${operand(expr.expr, Level.Postfix)}[${printExpr(expr.index)}]`;
    case 'field_access': {
      // `(a).f`: without parentheses `a.f` would read as column f of relation a, and `1."f"` as `1.` then `"f"`.
      const needsParentheses = (expr.expr.type === 'column' && expr.expr.table === null) || expr.expr.type === 'number';
      const base = needsParentheses ? `(${printExpr(expr.expr)})` : operand(expr.expr, Level.Postfix);
      return `${base}.${printIdentifier(expr.field)}`;
    }
  }
}

function printUnary(op: '-' | '+' | 'NOT', inner: Expr): string {
  if (op === 'NOT') return `NOT ${operand(inner, Level.Not)}`;
  // A unary operand of a sign is parenthesised so that `- -x` never prints as a `--` comment.
  const text = printExpr(inner);
  return levelOf(inner) < Level.Postfix ? `${op}(${text})` : `${op}${text}`;
}

function printCall(call: Extract<Expr, { type: 'call' }>): string {
  const args = call.star ? '*' : `${call.distinct ? 'DISTINCT ' : ''}${call.args.map(printExpr).join(', ')}`;
  const withinGroup = call.withinGroup === null ? '' : ` WITHIN GROUP (ORDER BY ${printOrderBy(call.withinGroup)})`;
  const over = call.over === null ? '' : ` OVER (${printWindowSpec(call.over)})`;
  return `${printIdentifier(call.name)}(${args})${withinGroup}${over}`;
}

/** `a DESC NULLS LAST, b` (ASC is the default and is not printed). */
export function printOrderBy(items: readonly OrderByItem[]): string {
  return items
    .map((item) => `${printExpr(item.expr)}${item.direction === 'DESC' ? ' DESC' : ''}${item.nulls === null ? '' : ` NULLS ${item.nulls}`}`)
    .join(', ');
}

/** The inside of `OVER (...)`. */
export function printWindowSpec(spec: WindowSpec): string {
  const parts: string[] = [];
  if (spec.bufferRows !== null) parts.push(`ROWS WINDOW BUFFER ${spec.bufferRows.text} ROWS`);
  if (spec.partitionBy.length > 0) parts.push(`PARTITION BY ${spec.partitionBy.map(printExpr).join(', ')}`);
  if (spec.orderBy.length > 0) parts.push(`ORDER BY ${printOrderBy(spec.orderBy)}`);
  if (spec.frame !== null) parts.push(printFrame(spec.frame));
  if (spec.bufferEmit !== null) parts.push(spec.bufferEmit === 'EVERY_RECORD' ? 'EMIT EVERY RECORD' : 'EMIT ON BUFFER FULL');
  if (spec.expire !== null) {
    parts.push(spec.expire.inactivity === null ? 'EXPIRE AFTER NEVER' : `EXPIRE AFTER ${printInterval(spec.expire.inactivity)} INACTIVITY`);
  }
  return parts.join(' ');
}

function printFrame(frame: WindowFrame): string {
  if (frame.end === null) return `${frame.units} ${printFrameBound(frame.start)}`;
  return `${frame.units} BETWEEN ${printFrameBound(frame.start)} AND ${printFrameBound(frame.end)}`;
}

function printFrameBound(bound: FrameBound): string {
  switch (bound.kind) {
    case 'UNBOUNDED_PRECEDING':
      return 'UNBOUNDED PRECEDING';
    case 'UNBOUNDED_FOLLOWING':
      return 'UNBOUNDED FOLLOWING';
    case 'CURRENT_ROW':
      return 'CURRENT ROW';
    case 'PRECEDING':
    case 'FOLLOWING': {
      const offset = bound.offset === null ? '' : bound.offset.type === 'number' ? bound.offset.text : printInterval(bound.offset);
      return `${offset} ${bound.kind}`;
    }
  }
}
