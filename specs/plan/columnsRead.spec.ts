import { describe, expect, it } from 'vitest';
import { analyzeApp } from '../../lib/plan/app/analyzeApp.js';
import { sourceColumnsRead } from '../../lib/plan/columnsRead.js';
import { planJob } from '../../lib/plan/planJob.js';
import { parseSql } from '../../lib/sql/parser.js';
import { SYSTEM_COLUMNS, schemaOf } from '../../lib/types/schema.js';
import { decimalType, INTEGER, STRING, TIMESTAMP } from '../../lib/types/sqlType.js';

const trades = schemaOf([
  { name: 'symbol', type: STRING, nullable: true },
  { name: 'price', type: decimalType(18, 4), nullable: true },
  { name: 'quantity', type: INTEGER, nullable: true },
  { name: 'trade_time', type: TIMESTAMP, nullable: true },
  { name: 'venue', type: STRING, nullable: true },
]);
const declare = "CREATE STREAM trades (symbol VARCHAR) WITH ('trades.type' = 'file_source', 'trades.path' = 't.csv');\n";
const names = [...trades.fields.map((f) => f.name), ...SYSTEM_COLUMNS.map((f) => f.name)];

/** The names of the columns of `trades` the job's plan reads, in column order. */
function read(sql: string): string[] {
  const app = analyzeApp(parseSql(declare + sql));
  const plan = planJob(app.jobs[0]!, new Map([['trades', trades]]));
  const columns = sourceColumnsRead(plan.logical).get('trades') ?? new Set<number>();
  return [...columns].sort((a, b) => a - b).map((c) => names[c]!);
}

describe('sourceColumnsRead (projection pushdown)', () => {
  it('a projection and a filter read their expressions only', () => {
    expect(read('SELECT symbol, price * quantity AS notional FROM trades WHERE price > 100')).toEqual(['symbol', 'price', 'quantity']);
    expect(read('SELECT symbol FROM trades WHERE venue = \'X\'')).toEqual(['symbol', 'venue']);
  });

  it('SELECT * reads every declared column; a system column is read when named', () => {
    expect(read('SELECT * FROM trades')).toEqual(['symbol', 'price', 'quantity', 'trade_time', 'venue']);
    expect(read('SELECT symbol, _offset FROM trades')).toEqual(['symbol', '_offset']);
  });

  it('an aggregation reads its keys and arguments; a window also its event time', () => {
    expect(read('SELECT symbol, MIN(price), COUNT(*) FROM trades GROUP BY symbol')).toEqual(['symbol', 'price']);
    const windowed = read(
      "SELECT symbol, SUM(quantity) FROM trades GROUP BY symbol, TUMBLE(trade_time, INTERVAL '1' MINUTE)",
    );
    expect(windowed).toContain('trade_time');
    expect(windowed.filter((n) => !n.startsWith('_'))).toEqual(['symbol', 'quantity', 'trade_time']);
  });

  it('a subquery reads only what the outer query needs of it; ORDER BY adds its keys', () => {
    expect(read('SELECT n FROM (SELECT quantity * 2 AS n, venue FROM trades) AS t WHERE n > 10')).toEqual(['quantity']);
    expect(read('SELECT symbol FROM trades ORDER BY price LIMIT 3')).toEqual(['symbol', 'price']);
  });

  it('each branch of a UNION ALL reads what the union needs', () => {
    expect(read('SELECT symbol FROM trades WHERE price > 1 UNION ALL SELECT venue FROM trades')).toEqual(['symbol', 'price', 'venue']);
  });
});
