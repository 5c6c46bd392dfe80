import { describe, expect, it } from 'vitest';
import { explainLogical } from '../../lib/plan/explain.js';
import { plan, planError } from './joinPlanKit.js';

describe('a GROUP BY over the rows of another GROUP BY', () => {
  const inner = (emit: string): string => `SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol${emit}`;

  it('is refused when the inner one emits changes: each update of an inner group would be aggregated again as one more row', () => {
    for (const emit of ['', ' EMIT CHANGES']) {
      const error = planError(`SELECT MAX(n) AS most FROM (${inner(emit)}) c GROUP BY n`);
      expect(error.code).toBe('NOT_SUPPORTED');
      expect(error.message).toContain('a GROUP BY over the rows of a GROUP BY that emits changes (keys [symbol]): every update of an inner group would be aggregated again');
      expect(error.message).toContain('Write EMIT FINAL in the inner query');
    }
    expect(planError('SELECT COUNT(*) AS k FROM (SELECT COUNT(*) AS n FROM trades) c').message).toContain('(a global aggregate)');
  });

  it('plans over an inner EMIT FINAL (one row per group at the end of bounded input) and over an inner window', () => {
    expect(explainLogical(plan(`SELECT MAX(n) AS most FROM (${inner(' EMIT FINAL')}) c`).logical)).toContain('emit=final');
    const windowed = plan("SELECT MAX(n) AS most FROM (SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol, TUMBLE(ts, INTERVAL '1' MINUTE)) c").logical;
    expect(explainLogical(windowed)).toContain('TUMBLE(60000 ms)');
  });
});
