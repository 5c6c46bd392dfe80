import { MS_PER_DAY } from '../types/time.js';
import { DATE, INTEGER, INTERVAL, TIMESTAMP, type SqlType, type SqlTypeKind } from '../types/sqlType.js';
import type { ArithmeticOperator, BinaryKernel } from './operatorTypes.js';

/*
 * Date and time arithmetic. TIMESTAMP is epoch ms, DATE days since epoch, INTERVAL ms:
 *   TIMESTAMP ± INTERVAL → TIMESTAMP     INTERVAL + TIMESTAMP → TIMESTAMP
 *   TIMESTAMP − TIMESTAMP → INTERVAL     DATE − DATE → INTEGER (days)
 *   DATE ± INTEGER → DATE (days)         INTEGER + DATE → DATE
 *   DATE ± INTERVAL → TIMESTAMP          INTERVAL ± INTERVAL → INTERVAL
 *   INTERVAL × number, number × INTERVAL, INTERVAL ÷ number → INTERVAL (whole ms; ÷ 0 → NULL)
 */

/** A temporal operator: result type and kernel on non-null operands. */
export interface TemporalOperation {
  readonly returnType: SqlType;
  readonly kernel: BinaryKernel;
}

const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : (v as number));

const TABLE: Readonly<Record<string, TemporalOperation>> = {
  'TIMESTAMP+INTERVAL': { returnType: TIMESTAMP, kernel: (a, b) => (a as number) + (b as number) },
  'INTERVAL+TIMESTAMP': { returnType: TIMESTAMP, kernel: (a, b) => (a as number) + (b as number) },
  'TIMESTAMP-INTERVAL': { returnType: TIMESTAMP, kernel: (a, b) => (a as number) - (b as number) },
  'TIMESTAMP-TIMESTAMP': { returnType: INTERVAL, kernel: (a, b) => (a as number) - (b as number) },
  'DATE-DATE': { returnType: INTEGER, kernel: (a, b) => (a as number) - (b as number) },
  'DATE+INTEGER': { returnType: DATE, kernel: (a, b) => (a as number) + num(b) },
  'INTEGER+DATE': { returnType: DATE, kernel: (a, b) => num(a) + (b as number) },
  'DATE-INTEGER': { returnType: DATE, kernel: (a, b) => (a as number) - num(b) },
  'DATE+INTERVAL': { returnType: TIMESTAMP, kernel: (a, b) => (a as number) * MS_PER_DAY + (b as number) },
  'INTERVAL+DATE': { returnType: TIMESTAMP, kernel: (a, b) => (a as number) + (b as number) * MS_PER_DAY },
  'DATE-INTERVAL': { returnType: TIMESTAMP, kernel: (a, b) => (a as number) * MS_PER_DAY - (b as number) },
  'INTERVAL+INTERVAL': { returnType: INTERVAL, kernel: (a, b) => (a as number) + (b as number) },
  'INTERVAL-INTERVAL': { returnType: INTERVAL, kernel: (a, b) => (a as number) - (b as number) },
};

/** INTERVAL × / ÷ a number (INTEGER, DOUBLE or DECIMAL, read as a double). */
function scaleInterval(op: ArithmeticOperator, left: SqlTypeKind, right: SqlTypeKind): TemporalOperation | undefined {
  const numeric = (k: SqlTypeKind): boolean => k === 'INTEGER' || k === 'DOUBLE' || k === 'DECIMAL';
  const factor = (v: unknown): number =>
    typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : (v as { toNumber(): number }).toNumber();
  if (op === '*' && left === 'INTERVAL' && numeric(right)) {
    return { returnType: INTERVAL, kernel: (a, b) => Math.round((a as number) * factor(b)) + 0 };
  }
  if (op === '*' && numeric(left) && right === 'INTERVAL') {
    return { returnType: INTERVAL, kernel: (a, b) => Math.round(factor(a) * (b as number)) + 0 };
  }
  if (op === '/' && left === 'INTERVAL' && numeric(right)) {
    return {
      returnType: INTERVAL,
      kernel: (a, b) => {
        const f = factor(b);
        return f === 0 ? null : Math.trunc((a as number) / f) + 0;
      },
    };
  }
  return undefined;
}

/** The temporal operation for `left op right`, or undefined when the combination has none. */
export function temporalOperation(op: ArithmeticOperator, left: SqlType, right: SqlType): TemporalOperation | undefined {
  return TABLE[`${left.kind}${op}${right.kind}`] ?? scaleInterval(op, left.kind, right.kind);
}
