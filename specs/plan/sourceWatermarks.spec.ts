import { describe, expect, it } from 'vitest';
import { parseSql } from '../../lib/sql/parser.js';
import { analyzeApp } from '../../lib/plan/app/analyzeApp.js';
import { explainPhysical } from '../../lib/plan/explain.js';
import { planJob } from '../../lib/plan/planJob.js';
import { schemaOf } from '../../lib/types/schema.js';
import { STRING, TIMESTAMP } from '../../lib/types/sqlType.js';

const ticks = schemaOf([
  { name: 'k', type: STRING, nullable: true },
  { name: 'ts', type: TIMESTAMP, nullable: true },
]);
const declarations = `
CREATE STREAM a (k VARCHAR, ts TIMESTAMP) WITH ('a.type' = 'file_source', 'a.path' = 'a.jsonl', 'watermark.max_out_of_orderness' = '20s');
CREATE STREAM b (k VARCHAR, ts TIMESTAMP) WITH ('b.type' = 'file_source', 'b.path' = 'b.jsonl');
`;

function physical(sql: string): string {
  const app = analyzeApp(parseSql(declarations + sql));
  return explainPhysical(planJob(app.jobs[0]!, new Map([['a', ticks], ['b', ticks]])).physical);
}

const windowed = (source: string) => `SELECT k, COUNT(*) AS n FROM ${source} GROUP BY k, TUMBLE(ts, INTERVAL '1' MINUTE)`;

describe('per-source watermark settings', () => {
  it('gives each source its own bound: its declaration, its prefixed key, else the job key', () => {
    const plan = physical(`${windowed('a')} UNION ALL ${windowed('b')} WITH ('watermark.max_out_of_orderness' = '5s', 'b.watermark.idle_timeout' = '2s')`);
    expect(plan).toMatch(/assignWatermarks#\d+\(ts, bound 20000 ms\)/);
    expect(plan).toMatch(/assignWatermarks#\d+\(ts, bound 5000 ms, idle 2000 ms\)/);
  });

  it("lets a source's prefixed key win over the job's", () => {
    expect(physical(`${windowed('b')} WITH ('watermark.max_out_of_orderness' = '5s', 'b.watermark.max_out_of_orderness' = '1s')`)).toContain('bound 1000 ms');
  });

  it('gives each branch of one window over a UNION ALL the watermark of its own source; the union merges them (minimum)', () => {
    const plan = physical("SELECT k, COUNT(*) AS n FROM (SELECT * FROM a UNION ALL SELECT k, ts FROM b WHERE k <> 'x') AS u GROUP BY k, TUMBLE(ts, INTERVAL '1' MINUTE)");
    expect(plan).toMatch(/tumbleWindow#\d+\(.*\)\n\s+unionAll#\d+\(2 inputs\)\n\s+assignWatermarks#\d+\(ts, bound 20000 ms\)\n(.*\n)*\s+assignWatermarks#\d+\(ts, bound 0 ms\)\n\s+projectRows/);
    expect(plan.match(/assignWatermarks/g)).toHaveLength(2);
  });

  it('refuses a WITH that would configure nothing (the left side of a UNION ALL)', () => {
    expect(() => physical(`${windowed('a')} WITH ('watermark.max_out_of_orderness' = '5s') UNION ALL ${windowed('b')}`)).toThrow(
      /this WITH \(\.\.\.\) would configure nothing: a statement takes one WITH, at its very end/,
    );
  });

  it('names a bad per-source duration by the key as written', () => {
    expect(() => physical(`${windowed('b')} WITH ('b.watermark.max_out_of_orderness' = 'soon')`)).toThrow(/invalid duration 'soon' for 'b.watermark.max_out_of_orderness'/);
  });
});

describe('per-source event-time errors', () => {
  it("locate a source's event-time column that does not exist at the key that names it", () => {
    const app = analyzeApp(parseSql(`${declarations}SELECT k FROM b WITH ('b.event.time.field' = 'when')`));
    expect(() => planJob(app.jobs[0]!, new Map([['b', ticks]]))).toThrow(expect.objectContaining({ message: expect.stringContaining("'when', which is not a column"), location: expect.objectContaining({ line: 4, column: 23 }) }));
  });
});
