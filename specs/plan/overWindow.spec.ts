import { describe, expect, it } from 'vitest';
import { parseSql } from '../../lib/sql/parser.js';
import { analyzeApp } from '../../lib/plan/app/analyzeApp.js';
import { explainLogical, explainPhysical } from '../../lib/plan/explain.js';
import { planJob } from '../../lib/plan/planJob.js';
import { FerrisError } from '../../lib/types/errors.js';
import { schemaOf } from '../../lib/types/schema.js';
import { decimalType, DOUBLE, INTEGER, STRING, TIMESTAMP } from '../../lib/types/sqlType.js';

const trades = schemaOf([
  { name: 'symbol', type: STRING, nullable: true },
  { name: 'price', type: decimalType(18, 4), nullable: true },
  { name: 'quantity', type: INTEGER, nullable: true },
  { name: 'trade_time', type: TIMESTAMP, nullable: true },
]);
const declare = "CREATE STREAM trades (symbol VARCHAR) WITH ('trades.type' = 'file_source', 'trades.path' = 't.csv');\n";
const UNBOUNDED = new Set(['trades']);

function plan(sql: string, unboundedSources: ReadonlySet<string> = new Set()) {
  const app = analyzeApp(parseSql(declare + sql));
  return planJob(app.jobs[0]!, new Map([['trades', trades]]), new Map(), unboundedSources);
}

function planError(sql: string, unboundedSources: ReadonlySet<string> = new Set()): FerrisError {
  try {
    plan(sql, unboundedSources);
  } catch (error) {
    return error as FerrisError;
  }
  throw new Error('expected a planning error');
}

describe('planJob: OVER (analytic window functions)', () => {
  it('chains one OVER node per window above a watermark on the ORDER BY time, and EXPLAIN names each one\'s state and bound', () => {
    const { logical, physical, output } = plan(
      `SELECT symbol, price - LAG(price) OVER (PARTITION BY symbol ORDER BY trade_time) AS change,
              SUM(quantity) OVER (PARTITION BY symbol ORDER BY trade_time ROWS BETWEEN 4 PRECEDING AND 1 FOLLOWING) AS vol,
              ROW_NUMBER() OVER (ORDER BY trade_time) AS n
       FROM trades WHERE quantity > 0 WITH ('state.ttl' = '1h')`,
      UNBOUNDED,
    );
    expect(output.fields.map((f) => [f.name, f.type])).toEqual([
      ['symbol', STRING],
      ['change', decimalType(19, 4)],
      ['vol', INTEGER],
      ['n', INTEGER],
    ]);
    expect(explainLogical(logical)).toBe(
      [
        'Project symbol AS symbol, price - LAG(price) OVER (PARTITION BY symbol ORDER BY trade_time) AS change, SUM(quantity) OVER (PARTITION BY symbol ORDER BY trade_time ROWS BETWEEN 4 PRECEDING AND 1 FOLLOWING) AS vol, ROW_NUMBER() OVER (ORDER BY trade_time) AS n → [symbol:STRING, change:DECIMAL(19,4), vol:INTEGER, n:INTEGER]',
        '  Over order=[trade_time] calls=[ROW_NUMBER() OVER (ORDER BY trade_time)] release=watermark',
        '    Over partition=[symbol] order=[trade_time] calls=[LAG(price) OVER (PARTITION BY symbol ORDER BY trade_time), SUM(quantity) OVER (PARTITION BY symbol ORDER BY trade_time ROWS BETWEEN 4 PRECEDING AND 1 FOLLOWING)] release=watermark',
        '      Watermark trade_time per _partition',
        '        Filter quantity > 0',
        '          Scan trades [symbol:STRING, price:DECIMAL(18,4), quantity:INTEGER, trade_time:TIMESTAMP]',
      ].join('\n'),
    );
    const lines = explainPhysical(physical).split('\n');
    expect(lines[1]).toBe(
      '  overWindow#5(one partition, order [trade_time ASC NULLS LAST], [ROW_NUMBER() OVER (ORDER BY trade_time)], state: per partition the rows the watermark has not passed plus the last 1 row(s) emitted, idle partitions expire after 3600000 ms of event time)',
    );
    expect(lines[2]).toBe(
      '    overWindow#4(partition [symbol], order [trade_time ASC NULLS LAST], [LAG(price) OVER (PARTITION BY symbol ORDER BY trade_time), SUM(quantity) OVER (PARTITION BY symbol ORDER BY trade_time ROWS BETWEEN 4 PRECEDING AND 1 FOLLOWING)], state: per partition the rows the watermark has not passed (and 1 row(s) ahead) plus the last 4 row(s) emitted, idle partitions expire after 3600000 ms of event time)',
    );
    expect(lines[3]).toMatch(/^ {6}assignWatermarks#3\(trade_time, bound \d+ ms/);
  });

  it('holds rows to the end of bounded input for an order that is not event time or a function that needs the whole partition, and says so', () => {
    const { physical } = plan('SELECT NTILE(4) OVER (PARTITION BY symbol ORDER BY trade_time) AS q, RANK() OVER (ORDER BY price DESC) AS r FROM trades');
    const text = explainPhysical(physical);
    expect(text).toContain('[NTILE(4) OVER (PARTITION BY symbol ORDER BY trade_time)], state: every row, held until the end of input');
    expect(text).toContain('order [price DESC NULLS FIRST], [RANK() OVER (ORDER BY price DESC)], state: every row, held until the end of input');
    expect(text).not.toContain('assignWatermarks');
  });

  const ranked = (call: string, where: string, extra = ''): string =>
    `SELECT symbol, price FROM (SELECT symbol, price, quantity, ${call} OVER (PARTITION BY symbol ORDER BY price DESC) AS r${extra} FROM trades) t WHERE ${where}`;

  it.each([
    ['RANK()', 'r = 1', 'RANK() <= 1', 'top 1 row(s) and every row tied with the last'],
    ['RANK()', '1 = r', 'RANK() <= 1', 'top 1 row(s) and every row tied with the last'],
    ['ROW_NUMBER()', 'r <= 3', 'ROW_NUMBER() <= 3', 'top 3 row(s), emitted'],
    ['ROW_NUMBER()', 'r < 3', 'ROW_NUMBER() <= 2', 'top 2 row(s), emitted'],
    ['DENSE_RANK()', '3 >= r', 'DENSE_RANK() <= 3', 'top 3 row(s) (every row of the first 3 values)'],
    ['DENSE_RANK()', '4 > r', 'DENSE_RANK() <= 3', 'top 3 row(s) (every row of the first 3 values)'],
  ])('rewrites %s filtered by %s in an outer query into a top-N per partition, and EXPLAIN shows it', (call, where, limit, state) => {
    const { logical, physical } = plan(ranked(call, where));
    expect(explainLogical(logical)).toContain(`release=end top-n: ${limit}\n`);
    expect(explainLogical(logical)).not.toContain('Filter');
    const text = explainPhysical(physical);
    expect(text).toContain(`topNPerPartition#2(partition [symbol], order [price DESC NULLS FIRST], [${call} OVER (PARTITION BY symbol ORDER BY price DESC)], ${limit}, state: per partition the ${state}`);
    expect(text).not.toContain('overWindow');
  });

  it('keeps the other conditions of the filter above the top-N, and other ranking calls of the window computed by it', () => {
    const { logical } = plan(ranked('RANK()', "r <= 2 AND symbol <> 'X' AND n > 1", ', ROW_NUMBER() OVER (PARTITION BY symbol ORDER BY price DESC) AS n'));
    const lines = explainLogical(logical).split('\n');
    expect(lines[1]).toBe("  Filter symbol <> 'X' AND n > 1");
    expect(lines[2]).toMatch(/^ {4}Over .* release=end top-n: RANK\(\) <= 2$/);
  });

  it.each([
    ['a rank equal to a number other than 1', ranked('RANK()', 'r = 2')],
    ['a bound keeping no row', ranked('RANK()', 'r <= 0')],
    ['a lower bound', ranked('RANK()', 'r >= 2')],
    ['a condition on another column', ranked('RANK()', 'quantity <= 2')],
    ['a window with a function the kept rows cannot compute (LEAD)', ranked('RANK()', 'r <= 2', ', LEAD(price) OVER (PARTITION BY symbol ORDER BY price DESC) AS l')],
    ['an OR', ranked('RANK()', 'r <= 2 OR quantity > 5')],
  ])('leaves the OVER and its filter alone for %s', (_what, sql) => {
    const text = explainPhysical(plan(sql).physical);
    expect(text).toContain('overWindow#');
    expect(text).toContain('filterRows#');
    expect(text).not.toContain('topNPerPartition');
  });

  it('leaves a window released by watermark to the OVER path (it already holds only the rows the watermark has not passed)', () => {
    const text = explainPhysical(plan('SELECT symbol FROM (SELECT symbol, ROW_NUMBER() OVER (PARTITION BY symbol ORDER BY trade_time) AS r FROM trades) t WHERE r <= 2', UNBOUNDED).physical);
    expect(text).toContain('overWindow#');
    expect(text).not.toContain('topNPerPartition');
  });

  it('types PERCENT_RANK and CUME_DIST as DOUBLE, LAG with a default as the common type, and names EXPIRE AFTER and NEVER in EXPLAIN', () => {
    const { output } = plan('SELECT PERCENT_RANK() OVER (ORDER BY price) AS p, CUME_DIST() OVER (ORDER BY price) AS c, LAG(quantity, 1, 0.5) OVER (ORDER BY trade_time) AS l FROM trades');
    expect(output.fields.map((f) => f.type)).toEqual([DOUBLE, DOUBLE, decimalType(20, 1)]);
    const after = explainPhysical(plan("SELECT LAG(price) OVER (ROWS WINDOW BUFFER 5 ROWS PARTITION BY symbol ORDER BY trade_time EXPIRE AFTER INTERVAL '5' MINUTE INACTIVITY) AS p FROM trades WITH ('state.ttl' = '1h')").physical);
    expect(after).toContain('idle partitions expire after 300000 ms of event time');
    const never = explainPhysical(plan("SELECT LAG(price) OVER (ROWS WINDOW BUFFER 5 ROWS PARTITION BY symbol ORDER BY trade_time EXPIRE AFTER NEVER) AS p FROM trades WITH ('state.ttl' = '1h')").physical);
    expect(never).toContain('partitions never expire (no state.ttl or EXPIRE AFTER)');
  });

  it("releases by watermark a window ordered by the INTEGER epoch-ms column 'event.time.field' names", () => {
    const { physical } = plan("SELECT LAG(price) OVER (PARTITION BY symbol ORDER BY quantity) AS p FROM trades WITH ('event.time.field' = 'quantity')", UNBOUNDED);
    expect(explainPhysical(physical)).toContain('state: per partition the rows the watermark has not passed');
    expect(explainPhysical(physical)).toMatch(/assignWatermarks#\d\(quantity, bound/);
    const error = planError("SELECT LAG(price) OVER (PARTITION BY symbol ORDER BY quantity) AS p FROM trades WITH ('event.time.field' = 'quantity', 'event.time.format' = 'epoch_seconds')", UNBOUNDED);
    expect(error.message).toContain('its ORDER BY is not an event time');
  });

  it.each([
    ['SELECT RANK() OVER (PARTITION BY symbol ORDER BY price) AS r FROM trades', 'OVER (...) over an unbounded source when its ORDER BY is not an event time'],
    ['SELECT SUM(price) OVER (PARTITION BY symbol) AS s FROM trades', 'OVER (...) over an unbounded source when it has no ORDER BY'],
    ['SELECT CUME_DIST() OVER (ORDER BY trade_time) AS s FROM trades', 'when CUME_DIST needs the size of the whole partition'],
    ['SELECT SUM(price) OVER (ORDER BY trade_time ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS s FROM trades', 'when the frame of SUM(price) reaches to the end of the partition'],
    ['SELECT LAG(price) OVER (ORDER BY trade_time DESC) AS s FROM trades', "when its ORDER BY is not an event time (a TIMESTAMP or the epoch-ms 'event.time.field', ascending)"],
  ])('refuses a window that would wait for the end of an unbounded input: %s', (sql, message) => {
    const error = planError(sql, UNBOUNDED);
    expect(error.code).toBe('NOT_SUPPORTED');
    expect(error.message).toContain(message);
    expect(error.location?.line).toBe(2);
  });

  it.each([
    ['SELECT symbol FROM trades WHERE LAG(price) OVER (ORDER BY trade_time) > 1', 'NOT_SUPPORTED', 'LAG(...) OVER (...) here: window functions are computed in the select list'],
    ['SELECT symbol, COUNT(*) OVER (ORDER BY trade_time) FROM trades GROUP BY symbol', 'NOT_SUPPORTED', 'COUNT(...) OVER (...) here'],
    ['SELECT LAG(price) OVER (ORDER BY trade_time ROWS 2 PRECEDING) AS p FROM trades', 'SQL_BIND', 'LAG takes no frame'],
    ['SELECT LAG(price, 5) OVER (ROWS WINDOW BUFFER 5 ROWS ORDER BY trade_time) AS p FROM trades', 'SQL_BIND', 'LAG offset 5 reaches beyond ROWS WINDOW BUFFER 5 ROWS'],
    ['SELECT SUM(price) OVER (ROWS WINDOW BUFFER 5 ROWS ORDER BY trade_time ROWS 9 PRECEDING) AS p FROM trades', 'SQL_BIND', 'keeps the last 5 rows: a frame must be ROWS within them'],
    ['SELECT LAG(price) OVER (ROWS WINDOW BUFFER 5 ROWS ORDER BY trade_time EMIT ON BUFFER FULL) AS p FROM trades', 'NOT_SUPPORTED', 'EMIT ON BUFFER FULL'],
    ['SELECT LAG(price, quantity) OVER (ORDER BY trade_time) AS p FROM trades', 'NOT_SUPPORTED', 'the LAG offset as an expression'],
    ['SELECT NTILE(0) OVER (ORDER BY trade_time) AS p FROM trades', 'SQL_BIND', 'the number of NTILE buckets must be a whole number ≥ 1'],
    ['SELECT SUM(LAG(price) OVER (ORDER BY trade_time)) OVER (ORDER BY trade_time) AS p FROM trades', 'SQL_BIND', 'window functions cannot be nested'],
    ['SELECT SUM(price) OVER (ORDER BY trade_time ROWS BETWEEN CURRENT ROW AND 1 PRECEDING) AS p FROM trades', 'SQL_BIND', 'the frame starts after it ends'],
    ["SELECT SUM(price) OVER (ORDER BY price RANGE BETWEEN INTERVAL '1' SECOND PRECEDING AND CURRENT ROW) AS p FROM trades", 'SQL_TYPE', 'a RANGE offset of INTERVAL needs a TIMESTAMP ORDER BY key'],
    ['SELECT SUM(price) OVER (ORDER BY trade_time, symbol RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) AS p FROM trades', 'NOT_SUPPORTED', 'a RANGE frame with an offset needs exactly one ORDER BY key'],
    ['SELECT SUM(price) OVER (ORDER BY quantity NULLS FIRST RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) AS p FROM trades', 'NOT_SUPPORTED', 'ascending with NULLS LAST'],
    ['SELECT LAG(price) AS p FROM trades', 'SQL_BIND', 'LAG is a window function: it needs OVER (...)'],
    ['SELECT UPPER(symbol) OVER (ORDER BY trade_time) AS p FROM trades', 'SQL_BIND', 'UPPER is neither a window function nor an aggregate'],
    ['SELECT ROW_NUMBER() OVER (ORDER BY trade_time) AS a, LAG(price) OVER (ORDER BY _timestamp) AS b FROM trades', 'NOT_SUPPORTED', 'windows ordered by two event times'],
  ])('rejects %s', (sql, code, message) => {
    const error = planError(sql);
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
    expect(error.location?.line).toBe(2);
  });
});
