import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BinaryOperator, DataType, Expr, Identifier } from '../../../lib/sql/ast.js';
import { parseExpression } from '../../../lib/sql/parser.js';
import { stripLocations } from '../../../lib/sql/stripLocations.js';
import { toSql } from '../../../lib/sql/toSql.js';

const loc = { line: 1, column: 1 };

const identifier: fc.Arbitrary<Identifier> = fc.oneof(
  fc.constantFrom('a', 'b', 'price', 'qty', 'window', 'timestamp', 'key', 'x1').map((text) => ({ type: 'identifier' as const, text, quoted: false, loc })),
  fc.string({ minLength: 1, maxLength: 6 }).map((text) => ({ type: 'identifier' as const, text, quoted: true, loc })),
);

const dataType: fc.Arbitrary<DataType> = fc.oneof(
  fc.constantFrom('INT', 'DOUBLE', 'STRING', 'TIMESTAMP', 'BOOLEAN').map((name) => ({ type: 'data_type' as const, name, params: [], loc })),
  fc.tuple(fc.integer({ min: 1, max: 38 }), fc.integer({ min: 0, max: 9 })).map(([p, s]) => ({
    type: 'data_type' as const,
    name: 'DECIMAL' as const,
    params: [String(p), String(s)],
    loc,
  })),
);

/** A small query for the subquery forms (its own round trip is covered by the corpus). */
const subquery = stripLocations(parseExpression('(SELECT MAX(price) FROM trades WHERE qty > 0)'));
const query = subquery.type === 'scalar_subquery' ? subquery.query : null;
if (query === null) throw new Error('expected a scalar subquery');

const operators: readonly BinaryOperator[] = ['OR', 'AND', '=', '<>', '!=', '<', '<=', '>', '>=', '||', '+', '-', '*', '/', '%'];

const expression: fc.Arbitrary<Expr> = fc.letrec<{ expr: Expr }>((tie) => {
  const sub = tie('expr');
  return {
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.record({ type: fc.constant('column' as const), table: fc.option(identifier, { nil: null }), name: identifier, loc: fc.constant(loc) }),
      fc.oneof(fc.nat().map(String), fc.constantFrom('150.2567', '.5', '1e3')).map((text) => ({ type: 'number' as const, text, loc })),
      fc.string({ maxLength: 5 }).map((value) => ({ type: 'string' as const, value, loc })),
      fc.boolean().map((value) => ({ type: 'boolean' as const, value, loc })),
      fc.constant({ type: 'null' as const, loc }),
      fc.record({ type: fc.constant('unary' as const), op: fc.constantFrom('NOT' as const, '-' as const, '+' as const), operand: sub, loc: fc.constant(loc) }),
      fc.record({ type: fc.constant('binary' as const), op: fc.constantFrom(...operators), left: sub, right: sub, loc: fc.constant(loc) }),
      fc.record({ type: fc.constant('is' as const), expr: sub, negated: fc.boolean(), what: fc.constantFrom('NULL' as const, 'TRUE' as const, 'FALSE' as const), loc: fc.constant(loc) }),
      fc.record({ type: fc.constant('between' as const), expr: sub, low: sub, high: sub, negated: fc.boolean(), loc: fc.constant(loc) }),
      fc.record({ type: fc.constant('in_list' as const), expr: sub, list: fc.array(sub, { minLength: 1, maxLength: 3 }), negated: fc.boolean(), loc: fc.constant(loc) }),
      fc.record({
        type: fc.constant('like' as const),
        expr: sub,
        pattern: sub,
        negated: fc.boolean(),
        caseInsensitive: fc.boolean(),
        escape: fc.option(sub, { nil: null }),
        loc: fc.constant(loc),
      }),
      fc.record({ type: fc.constant('is_distinct_from' as const), left: sub, right: sub, negated: fc.boolean(), loc: fc.constant(loc) }),
      fc.record({ type: fc.constant('cast' as const), expr: sub, dataType, syntax: fc.constantFrom('cast' as const, '::' as const), loc: fc.constant(loc) }),
      fc.record({ type: fc.constant('index' as const), expr: sub, index: sub, loc: fc.constant(loc) }),
      fc.record({ type: fc.constant('field_access' as const), expr: sub, field: identifier, loc: fc.constant(loc) }),
      fc.record({
        type: fc.constant('case' as const),
        operand: fc.option(sub, { nil: null }),
        whens: fc.array(fc.record({ type: fc.constant('case_when' as const), when: sub, then: sub, loc: fc.constant(loc) }), { minLength: 1, maxLength: 2 }),
        else: fc.option(sub, { nil: null }),
        loc: fc.constant(loc),
      }),
      fc.constant({ type: 'scalar_subquery' as const, query, loc }),
      fc.record({ type: fc.constant('in_subquery' as const), expr: sub, query: fc.constant(query), negated: fc.boolean(), loc: fc.constant(loc) }),
      fc.record({
        type: fc.constant('quantified' as const),
        left: sub,
        op: fc.constantFrom('=' as const, '<>' as const, '<' as const, '>=' as const),
        quantifier: fc.constantFrom('ANY' as const, 'ALL' as const, 'SOME' as const),
        query: fc.constant(query),
        loc: fc.constant(loc),
      }),
      fc.record({
        type: fc.constant('call' as const),
        name: fc.constantFrom('f', 'ROUND', 'LEFT').map((text) => ({ type: 'identifier' as const, text, quoted: false, loc })),
        args: fc.array(sub, { maxLength: 3 }),
        distinct: fc.constant(false),
        star: fc.constant(false),
        withinGroup: fc.constant(null),
        over: fc.constant(null),
        loc: fc.constant(loc),
      }),
    ),
  };
}).expr;

describe('printer and parser agree', () => {
  it('parse(toSql(expr)) gives back any expression tree', () => {
    fc.assert(
      fc.property(expression, (expr) => {
        const printed = toSql(expr);
        expect(stripLocations(parseExpression(printed)), printed).toEqual(stripLocations(expr));
      }),
      { numRuns: 2000 },
    );
  });
});
