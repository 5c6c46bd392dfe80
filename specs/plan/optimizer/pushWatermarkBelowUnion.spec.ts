import { describe, expect, it } from 'vitest';
import { parseSql } from '../../../lib/sql/parser.js';
import { analyzeApp } from '../../../lib/plan/app/analyzeApp.js';
import { explainLogical } from '../../../lib/plan/explain.js';
import { planJob } from '../../../lib/plan/planJob.js';
import { optimize } from '../../../lib/plan/optimizer/index.js';
import { pushWatermarkBelowUnion } from '../../../lib/plan/optimizer/pushWatermarkBelowUnion.js';
import { schemaOf } from '../../../lib/types/schema.js';
import { INTEGER, STRING, TIMESTAMP } from '../../../lib/types/sqlType.js';

const trades = schemaOf([
  { name: 'symbol', type: STRING, nullable: true },
  { name: 'trade_time', type: TIMESTAMP, nullable: true },
]);
const quotes = schemaOf([
  { name: 'sym', type: STRING, nullable: true },
  { name: 'quote_ms', type: INTEGER, nullable: true },
]);
const declare = `CREATE STREAM trades (symbol VARCHAR) WITH ('trades.type' = 'file_source', 'trades.path' = 't.csv');
CREATE STREAM quotes (sym VARCHAR) WITH ('quotes.type' = 'file_source', 'quotes.path' = 'q.csv');
`;

function bound(sql: string) {
  const app = analyzeApp(parseSql(declare + sql));
  return planJob(app.jobs[0]!, new Map([['trades', trades], ['quotes', quotes]]));
}

const windowOverUnion = `SELECT s, COUNT(*) AS n FROM (
  SELECT symbol AS s, trade_time AS ts FROM trades UNION ALL SELECT sym, CAST(quote_ms AS TIMESTAMP) FROM quotes
) u WHERE s <> 'X' GROUP BY s, TUMBLE(ts, INTERVAL '1' MINUTE)`;

describe('pushWatermarkBelowUnion', () => {
  it('moves the watermark of a window over a UNION ALL below a filter into each branch (before/after)', () => {
    const { bound: before, logical: after } = bound(windowOverUnion);
    expect(explainLogical(before)).toMatch(/Watermark ts\n\s+Filter s <> 'X'\n\s+UnionAll/);
    const text = explainLogical(after);
    expect(text).toMatch(/Aggregate TUMBLE\(60000 ms\) on ts .*\n\s+Filter s <> 'X'\n\s+UnionAll .*\n\s+Watermark ts\n\s+Project symbol AS s, trade_time AS ts.*\n\s+Scan trades/);
    expect(text).toMatch(/\n\s+Watermark ts\n\s+Project sym AS sym, CAST\(quote_ms AS TIMESTAMP\) AS quote_ms.*\n\s+Scan quotes/);
  });

  it('inlines a projection between the watermark and the union into the event time', () => {
    const plan = bound(windowOverUnion).bound;
    // The Aggregate's input: Watermark over Filter over UnionAll. Put a projection in the filter's place.
    if (plan.op !== 'project' || plan.input.op !== 'aggregate' || plan.input.input.op !== 'watermark' || plan.input.input.input.op !== 'filter') throw new Error('unexpected plan shape');
    const watermark = plan.input.input;
    const union = watermark.input.op === 'filter' ? watermark.input.input : watermark.input;
    const project = { op: 'project' as const, input: union, exprs: [{ kind: 'column' as const, index: 1, type: TIMESTAMP, text: 'ts' }], columns: [{ name: 't2', type: TIMESTAMP, system: false }], keyColumns: [] };
    const over = { ...watermark, input: project, eventTime: { kind: 'column' as const, index: 0, type: TIMESTAMP, text: 't2' }, columns: project.columns };
    const text = explainLogical(optimize(over, [pushWatermarkBelowUnion]));
    expect(text).toMatch(/^Project ts AS t2 .*\n\s+UnionAll .*\n\s+Watermark ts\n(.*\n)+\s+Watermark ts\n/);
  });

  it('leaves a watermark with no union below it where it is', () => {
    const plan = bound("SELECT symbol, COUNT(*) AS n FROM trades WHERE symbol <> 'X' GROUP BY symbol, TUMBLE(trade_time, INTERVAL '1' MINUTE)");
    expect(explainLogical(plan.logical)).toMatch(/Watermark trade_time per _partition\n\s+Filter symbol <> 'X'\n\s+Scan trades/);
  });
});
