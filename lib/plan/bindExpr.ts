import type { CallExpr, ColumnRef, Expr } from '../sql/ast.js';
import { toSql } from '../sql/toSql.js';
import { lookupFunction, suggestFunction } from '../functions/registry.js';
import { suggestAggregate } from '../aggregates/registry.js';
import { didYouMean } from '../types/didYouMean.js';
import { bindBinaryOperator, bindNegate, commonSuperType, compileLike, type BinaryOperator } from '../functions/operators.js';
import { bindExtract } from '../functions/extract.js';
import { castable } from '../types/cast.js';
import { FerrisError, notSupported, type SourceLocation } from '../types/errors.js';
import { BOOLEAN, formatType, NULL_TYPE, STRING, type SqlType } from '../types/sqlType.js';
import type { Value } from '../types/value.js';
import type { BoundExpr } from './boundExpr.js';
import { alignComparison, coerceTo } from './coerce.js';
import { toSqlType } from './dataTypes.js';
import { ANALYTIC_FUNCTIONS, isAggregateCall, overNotSupported, WINDOW_FUNCTIONS } from './functionKinds.js';
import { intervalLiteral, numberLiteral, typedLiteral } from './literals.js';
import { fieldAccess } from './fieldAccess.js';
import { resolveColumn } from './resolveColumn.js';
import type { Scope } from './scope.js';

/** What expressions of one clause can see. */
export interface ExprContext {
  readonly scope: Scope;
  /** Aliases of earlier select items a later item may use (`SELECT a * 2 AS b, b + 1 AS c`). */
  readonly aliases: ReadonlyMap<string, BoundExpr>;
  /** The clause, for messages: 'WHERE', 'SELECT', ... */
  readonly clause: string;
  /**
   * Replaces an expression before it is bound, e.g. after GROUP BY: a grouped expression
   * becomes its key column and an aggregate call its result column.
   */
  readonly substitute?: (expr: Expr) => BoundExpr | undefined;
}

/** Binds an expression of the AST: resolves names, checks types, specialises operators. */
export function bindExpr(expr: Expr, ctx: ExprContext): BoundExpr {
  const substituted = ctx.substitute?.(expr);
  if (substituted !== undefined) return substituted;
  const text = toSql(expr);
  switch (expr.type) {
    case 'column':
      return resolveColumn(expr, ctx);
    case 'number':
      return { kind: 'literal', ...numberLiteral(expr), text };
    case 'string':
      return { kind: 'literal', value: expr.value, type: STRING, text };
    case 'boolean':
      return { kind: 'literal', value: expr.value, type: BOOLEAN, text };
    case 'null':
      return { kind: 'literal', value: null, type: NULL_TYPE, text };
    case 'interval':
      return { kind: 'literal', ...intervalLiteral(expr), text };
    case 'typed_literal':
      return { kind: 'literal', ...typedLiteral(expr), text };
    case 'unary':
      return bindUnary(expr.op, bindExpr(expr.operand, ctx), text, expr.loc);
    case 'binary':
      return bindBinary(expr.op, bindExpr(expr.left, ctx), bindExpr(expr.right, ctx), text, expr.loc);
    case 'between': {
      const operand = bindExpr(expr.expr, ctx);
      const low = bindBinary('>=', operand, bindExpr(expr.low, ctx), text, expr.loc);
      const high = bindBinary('<=', operand, bindExpr(expr.high, ctx), text, expr.loc);
      const both: BoundExpr = { kind: 'and', left: low, right: high, type: BOOLEAN, text };
      return expr.negated ? { kind: 'not', operand: both, type: BOOLEAN, text } : both;
    }
    case 'in_list': {
      const operand = bindExpr(expr.expr, ctx);
      const items = expr.list.map((item) => {
        const [left, right] = alignComparison(operand, bindExpr(item, ctx), item.loc);
        return { expr: right, equals: kernel('=', left.type, right.type, item.loc) };
      });
      return { kind: 'in_list', negated: expr.negated, operand, items, type: BOOLEAN, text };
    }
    case 'like':
      return bindLike(expr, ctx, text);
    case 'is': {
      const operand = bindExpr(expr.expr, ctx);
      if (expr.what !== 'NULL') requireBoolean(operand, `IS ${expr.what}`, expr.loc);
      return { kind: 'is', what: expr.what, negated: expr.negated, operand, type: BOOLEAN, text };
    }
    case 'is_distinct_from': {
      const [left, right] = alignComparison(bindExpr(expr.left, ctx), bindExpr(expr.right, ctx), expr.loc);
      kernel('=', left.type, right.type, expr.loc);
      return { kind: 'distinct_from', negated: expr.negated, left, right, type: BOOLEAN, text };
    }
    case 'case':
      return bindCase(expr, ctx, text);
    case 'cast': {
      const operand = bindExpr(expr.expr, ctx);
      const target = toSqlType(expr.dataType);
      if (operand.type.kind !== 'NULL' && operand.type.kind !== 'ANY' && !castable(operand.type, target)) {
        throw new FerrisError('SQL_TYPE', `cannot cast ${formatType(operand.type)} to ${formatType(target)}`, {
          location: expr.loc,
        });
      }
      return coerceTo(operand, target, expr.loc);
    }
    case 'extract': {
      const operand = bindExpr(expr.from, ctx);
      const fn = bindExtract(expr.part, operand.type);
      return { kind: 'call', name: `EXTRACT(${expr.part})`, fn, args: [operand], deterministic: true, type: fn.returnType, text };
    }
    case 'call':
      return bindCall(expr, ctx, text);
    case 'index': {
      const operand = bindExpr(expr.expr, ctx);
      const index = bindExpr(expr.index, ctx);
      return { kind: 'index', operand, index, type: elementType(operand.type, expr.loc), text };
    }
    case 'field_access': {
      const operand = bindExpr(expr.expr, ctx);
      return fieldAccess(operand, expr.field.text, text, expr.loc);
    }
    case 'in_subquery':
    case 'exists':
    case 'scalar_subquery':
    case 'quantified':
      throw notSupported(`a subquery (${expr.type.replace('_', ' ')}) in ${ctx.clause}: subqueries go in WHERE and in the select list of a query without GROUP BY, one level deep`, expr.loc);
  }
}

function elementType(type: SqlType, location: SourceLocation): SqlType {
  if (type.kind === 'ARRAY') return type.element;
  if (type.kind === 'MAP') return type.value;
  if (type.kind === 'ANY') return type;
  throw new FerrisError('SQL_TYPE', `cannot index a value of type ${formatType(type)}`, { location });
}

function kernel(op: BinaryOperator, left: SqlType, right: SqlType, location: SourceLocation) {
  try {
    return bindBinaryOperator(op, left, right);
  } catch (error) {
    if (error instanceof FerrisError && error.location === undefined) {
      throw new FerrisError(error.code, error.message, { location, cause: error });
    }
    throw error;
  }
}

function requireBoolean(expr: BoundExpr, where: string, location: SourceLocation): void {
  if (expr.type.kind !== 'BOOLEAN' && expr.type.kind !== 'NULL' && expr.type.kind !== 'ANY') {
    throw new FerrisError('SQL_TYPE', `${where} needs a BOOLEAN, but '${expr.text}' is ${formatType(expr.type)}`, {
      location,
    });
  }
}

function bindUnary(op: 'NOT' | '-' | '+', operand: BoundExpr, text: string, location: SourceLocation): BoundExpr {
  if (op === 'NOT') {
    requireBoolean(operand, 'NOT', location);
    return { kind: 'not', operand, type: BOOLEAN, text };
  }
  const negate = bindNegate(operand.type);
  if (op === '+') return operand;
  return { kind: 'negate', call: negate.call, operand, type: negate.returnType, text };
}

function bindBinary(op: string, left: BoundExpr, right: BoundExpr, text: string, location: SourceLocation): BoundExpr {
  if (op === 'AND' || op === 'OR') {
    requireBoolean(left, op, location);
    requireBoolean(right, op, location);
    return { kind: op === 'AND' ? 'and' : 'or', left, right, type: BOOLEAN, text };
  }
  const normalized = (op === '!=' ? '<>' : op) as BinaryOperator;
  const isComparison = ['=', '<>', '<', '<=', '>', '>='].includes(normalized);
  const [l, r] = isComparison ? alignComparison(left, right, location) : [left, right];
  const bound = kernel(normalized, l.type, r.type, location);
  return { kind: 'binary', op: normalized, kernel: bound, left: l, right: r, type: bound.returnType, text };
}

function bindLike(expr: Extract<Expr, { type: 'like' }>, ctx: ExprContext, text: string): BoundExpr {
  const operand = bindExpr(expr.expr, ctx);
  const pattern = bindExpr(expr.pattern, ctx);
  for (const [what, e] of [['operand', operand], ['pattern', pattern]] as const) {
    if (e.type.kind !== 'STRING' && e.type.kind !== 'NULL' && e.type.kind !== 'ANY') {
      throw new FerrisError('SQL_TYPE', `LIKE needs a STRING ${what}, but '${e.text}' is ${formatType(e.type)}`, {
        location: expr.loc,
      });
    }
  }
  let escape: string | undefined;
  if (expr.escape) {
    const bound = bindExpr(expr.escape, ctx);
    if (bound.kind !== 'literal' || typeof bound.value !== 'string' || bound.value.length !== 1) {
      throw new FerrisError('SQL_TYPE', 'ESCAPE needs a one-character string literal', { location: expr.escape.loc });
    }
    escape = bound.value;
  }
  const matcher =
    pattern.kind === 'literal' && typeof pattern.value === 'string'
      ? compileLike(pattern.value, expr.caseInsensitive, escape)
      : undefined;
  return {
    kind: 'like',
    negated: expr.negated,
    caseInsensitive: expr.caseInsensitive,
    escape,
    operand,
    pattern,
    matcher,
    type: BOOLEAN,
    text,
  };
}

function bindCase(expr: Extract<Expr, { type: 'case' }>, ctx: ExprContext, text: string): BoundExpr {
  const operand = expr.operand ? bindExpr(expr.operand, ctx) : undefined;
  const whens = expr.whens.map((w) => {
    const condition = operand
      ? bindBinary('=', operand, bindExpr(w.when, ctx), toSql(w.when), w.loc)
      : bindExpr(w.when, ctx);
    requireBoolean(condition, 'WHEN', w.loc);
    return { when: condition, then: bindExpr(w.then, ctx) };
  });
  const otherwise: BoundExpr = expr.else
    ? bindExpr(expr.else, ctx)
    : { kind: 'literal', value: null, type: NULL_TYPE, text: 'NULL' };
  const resultType = [...whens.map((w) => w.then.type), otherwise.type].reduce<SqlType>((acc, t) => {
    const common = commonSuperType(acc, t);
    if (!common) {
      throw new FerrisError('SQL_TYPE', `CASE branches mix ${formatType(acc)} and ${formatType(t)}`, { location: expr.loc });
    }
    return common;
  }, NULL_TYPE);
  return {
    kind: 'case',
    whens: whens.map((w) => ({ when: w.when, then: coerceTo(w.then, resultType, expr.loc) })),
    otherwise: coerceTo(otherwise, resultType, expr.loc),
    type: resultType,
    text,
  };
}

function bindCall(expr: CallExpr, ctx: ExprContext, text: string): BoundExpr {
  const name = expr.name.text.toUpperCase();
  if (expr.over) throw overNotSupported(expr);
  if (expr.withinGroup) throw notSupported(`${name} ... WITHIN GROUP (aggregation)`, expr.loc);
  if (isAggregateCall(name, expr.args.length) || expr.star || expr.distinct) {
    throw notSupported(`aggregate function ${name} (GROUP BY and windows)`, expr.loc);
  }
  if (ANALYTIC_FUNCTIONS.has(name)) {
    throw new FerrisError('SQL_BIND', `${name} is a window function: it needs OVER (...), e.g. ${name}(...) OVER (PARTITION BY k ORDER BY ts)`, { location: expr.loc });
  }
  if (WINDOW_FUNCTIONS.has(name)) throw notSupported(`window function ${name} (GROUP BY windows)`, expr.loc);
  const fn = lookupFunction(name);
  if (!fn) {
    const candidates = [suggestFunction(name), suggestAggregate(name)].filter((c): c is string => c !== undefined);
    const suggestion = didYouMean(name, candidates);
    throw new FerrisError(
      'SQL_BIND',
      `unknown function ${name}${suggestion ? `; did you mean ${suggestion}?` : ''} (SHOW FUNCTIONS lists them)`,
      { location: expr.name.loc },
    );
  }
  if (expr.args.length < fn.minArgs || expr.args.length > fn.maxArgs) {
    const expected =
      fn.minArgs === fn.maxArgs ? `${fn.minArgs}` : fn.maxArgs === Infinity ? `at least ${fn.minArgs}` : `${fn.minArgs} to ${fn.maxArgs}`;
    throw new FerrisError('SQL_BIND', `${fn.signature} takes ${expected} argument(s), got ${expr.args.length}`, {
      location: expr.loc,
    });
  }
  const implicit = (fn.implicitArgs ?? []).map((column: string) =>
    resolveColumn(syntheticColumn(column, expr.loc), ctx),
  );
  const args = expr.args.map((a) => bindExpr(a, ctx));
  const constants: (Value | undefined)[] = args.map((a) => (a.kind === 'literal' ? a.value : undefined));
  let bound;
  try {
    bound = fn.bind(args.map((a) => a.type), constants);
  } catch (error) {
    if (error instanceof FerrisError && error.location === undefined) {
      throw new FerrisError(error.code, error.message, { location: expr.loc, cause: error });
    }
    throw error;
  }
  return {
    kind: 'call',
    name: fn.name,
    fn: bound,
    args: [...implicit, ...args],
    deterministic: fn.deterministic,
    type: bound.returnType,
    text,
  };
}

function syntheticColumn(name: string, loc: SourceLocation): ColumnRef {
  return { type: 'column', table: null, name: { type: 'identifier', text: name, quoted: false, loc }, loc };
}
