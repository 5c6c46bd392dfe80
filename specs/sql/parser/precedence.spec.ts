import { describe, expect, it } from 'vitest';
import type { Expr } from '../../../lib/sql/ast.js';
import { parseExpression } from '../../../lib/sql/parser.js';
import { stripLocations } from '../../../lib/sql/stripLocations.js';
import { toSql } from '../../../lib/sql/toSql.js';

/** A compact rendering of an expression tree: every operator node fully parenthesised. */
function shape(expr: Expr): string {
  switch (expr.type) {
    case 'column':
      return expr.table === null ? expr.name.text : `${expr.table.text}.${expr.name.text}`;
    case 'number':
      return expr.text;
    case 'boolean':
      return String(expr.value);
    case 'unary':
      return `(${expr.op} ${shape(expr.operand)})`;
    case 'binary':
      return `(${shape(expr.left)} ${expr.op} ${shape(expr.right)})`;
    case 'is':
      return `(${shape(expr.expr)} IS${expr.negated ? ' NOT' : ''} ${expr.what})`;
    case 'between':
      return `(${shape(expr.expr)}${expr.negated ? ' NOT' : ''} BETWEEN ${shape(expr.low)} AND ${shape(expr.high)})`;
    case 'in_list':
      return `(${shape(expr.expr)}${expr.negated ? ' NOT' : ''} IN [${expr.list.map(shape).join(', ')}])`;
    case 'like':
      return `(${shape(expr.expr)}${expr.negated ? ' NOT' : ''} LIKE ${shape(expr.pattern)})`;
    case 'cast':
      return `(${shape(expr.expr)} :: ${expr.dataType.name})`;
    case 'index':
      return `(${shape(expr.expr)}[${shape(expr.index)}])`;
    case 'field_access':
      return `(${shape(expr.expr)} . ${expr.field.text})`;
    case 'exists':
      return `(${expr.negated ? 'NOT ' : ''}EXISTS)`;
    default:
      return expr.type;
  }
}

const cases: readonly (readonly [string, string])[] = [
  ['NOT a = b', '(NOT (a = b))'],
  ['a OR b AND c', '(a OR (b AND c))'],
  ['a AND b OR c', '((a AND b) OR c)'],
  ['-x * y', '((- x) * y)'],
  ['a || b = c', '((a || b) = c)'],
  ['a + b * c', '(a + (b * c))'],
  ['a - b - c', '((a - b) - c)'],
  ['a / b % c', '((a / b) % c)'],
  ['a || b + c', '(a || (b + c))'],
  ['NOT a AND b', '((NOT a) AND b)'],
  ['NOT NOT a', '(NOT (NOT a))'],
  ['NOT a IS NULL', '(NOT (a IS NULL))'],
  ['a + 1 IS NOT NULL', '((a + 1) IS NOT NULL)'],
  ['x BETWEEN 1 AND 2 AND y', '((x BETWEEN 1 AND 2) AND y)'],
  ['x NOT BETWEEN a + 1 AND b * 2 OR z', '((x NOT BETWEEN (a + 1) AND (b * 2)) OR z)'],
  ['a IN (1, 2) OR b NOT IN (3)', '((a IN [1, 2]) OR (b NOT IN [3]))'],
  ["a || 'x' LIKE b AND c", '(((a || string) LIKE b) AND c)'],
  ['-x::INT', '(- (x :: INT))'],
  ['a.b.c[1]', '((a.b . c)[1])'],
  ['-a[1] * 2', '((- (a[1])) * 2)'],
  ['NOT EXISTS (SELECT 1) AND x', '((NOT EXISTS) AND x)'],
  ['NOT (EXISTS (SELECT 1))', '(NOT EXISTS)'],
  ['a = TRUE OR b', '((a = true) OR b)'],
];

describe('operator precedence', () => {
  for (const [text, expected] of cases) {
    it(`parses ${text} as ${expected}`, () => {
      const expr = parseExpression(text);
      expect(shape(expr)).toBe(expected);
      expect(stripLocations(parseExpression(toSql(expr)))).toEqual(stripLocations(expr));
    });
  }

  it('builds the exact tree for NOT a = b', () => {
    expect(stripLocations(parseExpression('NOT a = b'))).toEqual({
      type: 'unary',
      op: 'NOT',
      operand: {
        type: 'binary',
        op: '=',
        left: { type: 'column', table: null, name: { type: 'identifier', text: 'a', quoted: false } },
        right: { type: 'column', table: null, name: { type: 'identifier', text: 'b', quoted: false } },
      },
    });
  });

  it('prints only the parentheses precedence needs', () => {
    expect(toSql(parseExpression('((a + b)) * (c)'))).toBe('(a + b) * c');
    expect(toSql(parseExpression('a - (b - c)'))).toBe('a - (b - c)');
    expect(toSql(parseExpression('(a - b) - c'))).toBe('a - b - c');
    expect(toSql(parseExpression('(NOT a) = b'))).toBe('(NOT a) = b');
    expect(toSql(parseExpression('- (- x)'))).toBe('-(-x)');
    expect(toSql(parseExpression('(a).b'))).toBe('(a).b');
  });

  it('rejects chained comparisons', () => {
    expect(() => parseExpression('a = b = c')).toThrow(/unexpected '=' at 1:7/);
  });
});
