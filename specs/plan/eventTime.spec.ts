import { describe, expect, it } from 'vitest';
import { compileExpr } from '../../lib/plan/compileExpr.js';
import { eventTimeExpr } from '../../lib/plan/eventTime.js';
import type { PlanColumn } from '../../lib/plan/logicalPlan.js';
import { INTEGER, STRING, TIMESTAMP, type SqlType } from '../../lib/types/sqlType.js';

const columnOf = (type: SqlType): PlanColumn[] => [
  { name: 'at', type, system: false },
  { name: '_timestamp', type: TIMESTAMP, system: true },
];
const midnight = Date.UTC(2024, 0, 1);

function eventTime(type: SqlType, value: unknown, format?: string): unknown {
  const expr = eventTimeExpr(columnOf(type), { field: 'at', format });
  return compileExpr(expr)([value as never, 7]);
}

describe('event time from event.time.field and event.time.format', () => {
  it('reads each format as epoch milliseconds', () => {
    expect(eventTime(TIMESTAMP, midnight)).toBe(midnight);
    expect(eventTime(INTEGER, midnight)).toBe(midnight);
    expect(eventTime(INTEGER, midnight / 1000, 'epoch_seconds')).toBe(midnight);
    expect(eventTime(STRING, '2024-01-01T00:00:00Z')).toBe(midnight);
    expect(eventTime(STRING, '2024-01-01T00:00:00Z', 'iso8601')).toBe(midnight);
    expect(eventTime(STRING, String(midnight), 'epoch_millis')).toBe(midnight);
    expect(eventTime(STRING, '01/01/2024 00:00:00', 'MM/dd/yyyy HH:mm:ss')).toBe(midnight);
  });

  it('falls back to _timestamp and names a missing column or a format that does not fit', () => {
    expect(compileExpr(eventTimeExpr(columnOf(INTEGER), { field: undefined, format: undefined }))([1, 7])).toBe(7);
    expect(() => eventTimeExpr(columnOf(INTEGER), { field: 'when', format: undefined })).toThrow(/'when', which is not a column; columns: at/);
    expect(() => eventTimeExpr(columnOf(TIMESTAMP), { field: 'at', format: 'epoch_seconds' })).toThrow(/does not fit the TIMESTAMP column 'at'/);
  });
});
