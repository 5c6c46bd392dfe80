import { castValue, castable } from '../types/cast.js';
import { FerrisError, type SourceLocation } from '../types/errors.js';
import { formatType, type SqlType } from '../types/sqlType.js';
import type { BoundExpr } from './boundExpr.js';

/** Whether two types are the same SQL type (DECIMALs with their precision and scale). */
export function sameType(a: SqlType, b: SqlType): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'DECIMAL' && b.kind === 'DECIMAL') return a.precision === b.precision && a.scale === b.scale;
  if (a.kind === 'ARRAY' && b.kind === 'ARRAY') return sameType(a.element, b.element);
  return a.kind !== 'MAP' && a.kind !== 'STRUCT';
}

/**
 * Converts an expression to `target`: unchanged when it already has that type, a constant
 * cast at plan time for literals, a CAST node otherwise. Types that cannot be cast are a
 * SQL_TYPE error naming both.
 */
export function coerceTo(expr: BoundExpr, target: SqlType, location?: SourceLocation): BoundExpr {
  if (sameType(expr.type, target) || target.kind === 'ANY') return expr;
  if (expr.type.kind === 'NULL') return { kind: 'literal', value: null, type: target, text: expr.text };
  if (!castable(expr.type, target)) {
    throw new FerrisError('SQL_TYPE', `cannot use ${formatType(expr.type)} '${expr.text}' as ${formatType(target)}`, {
      ...(location ? { location } : {}),
    });
  }
  if (expr.kind === 'literal') {
    try {
      return { kind: 'literal', value: castValue(expr.value, expr.type, target), type: target, text: expr.text };
    } catch (cause) {
      throw new FerrisError('SQL_TYPE', `cannot convert ${expr.text} to ${formatType(target)}`, {
        cause,
        ...(location ? { location } : {}),
      });
    }
  }
  return { kind: 'cast', operand: expr, type: target, text: `CAST(${expr.text} AS ${formatType(target)})` };
}

/** Whether the type is a point in time (TIMESTAMP or DATE). */
export function isTemporal(type: SqlType): boolean {
  return type.kind === 'TIMESTAMP' || type.kind === 'DATE';
}

/**
 * Lines up the operands of a comparison: a string literal compared with a TIMESTAMP or DATE
 * is read as one (`ts > '2024-01-01'`); other pairs are left to the operator kernels.
 */
export function alignComparison(left: BoundExpr, right: BoundExpr, location?: SourceLocation): [BoundExpr, BoundExpr] {
  if (isTemporal(left.type) && right.type.kind === 'STRING' && right.kind === 'literal') {
    return [left, coerceTo(right, left.type, location)];
  }
  if (isTemporal(right.type) && left.type.kind === 'STRING' && left.kind === 'literal') {
    return [coerceTo(left, right.type, location), right];
  }
  return [left, right];
}
