import { describe, expect, it } from 'vitest';
import { parseExpression, parseSql } from '../../../lib/sql/parser.js';

function messageOf(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a syntax error');
}

describe('expected tokens in syntax errors', () => {
  it('lists only what fits the context, not what LALR state merging adds', () => {
    const message = messageOf(() => parseSql('SELECT a FROM t WHERE a = b = c'));
    expect(message).toContain("expected an operator, 'GROUP', 'WINDOW'");
    expect(message).not.toMatch(/'JOIN'|'AS'|a name/);
  });

  it('keeps the AND of BETWEEN visible among the operators', () => {
    expect(messageOf(() => parseSql('SELECT a FROM t WHERE a BETWEEN 1'))).toContain("expected an operator or 'AND'");
  });

  it('puts a missing closing parenthesis first', () => {
    expect(messageOf(() => parseSql('SELECT a FROM t WHERE (a = b'))).toContain("expected ')', an operator or '('");
  });

  it('knows the clauses that may follow a FROM item', () => {
    const message = messageOf(() => parseSql('SELECT a FROM t t2 t3'));
    expect(message).toContain("expected 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'WHERE', 'GROUP' or other clauses");
  });

  it('works in expression mode too', () => {
    expect(messageOf(() => parseExpression('a +'))).toBe('unexpected end of input at 1:4, expected an expression');
    expect(messageOf(() => parseExpression('a b'))).toBe("unexpected 'b' at 1:3, expected an operator, '(' or end of input");
  });
});
