import { describe, expect, it } from 'vitest';
import { parseSql } from '../../lib/sql/parser.js';
import { analyzeApp } from '../../lib/plan/app/analyzeApp.js';
import { explainLogical, explainPhysical } from '../../lib/plan/explain.js';
import { planJob } from '../../lib/plan/planJob.js';
import { FerrisError } from '../../lib/types/errors.js';
import { schemaOf } from '../../lib/types/schema.js';
import { decimalType, INTEGER, STRING, TIMESTAMP } from '../../lib/types/sqlType.js';

const trades = schemaOf([
  { name: 'symbol', type: STRING, nullable: true },
  { name: 'price', type: decimalType(18, 4), nullable: true },
  { name: 'quantity', type: INTEGER, nullable: true },
  { name: 'trade_time', type: TIMESTAMP, nullable: true },
]);
const declare = "CREATE STREAM trades (symbol VARCHAR) WITH ('trades.type' = 'file_source', 'trades.path' = 't.csv');\n";

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

describe('planJob', () => {
  it('resolves names to indices and types the output', () => {
    const { output, logical } = plan('SELECT symbol, price * quantity AS notional FROM trades');
    expect(output.fields.map((f) => [f.name, f.type])).toEqual([
      ['symbol', STRING],
      ['notional', decimalType(37, 4)],
    ]);
    expect(explainLogical(logical)).toBe(
      'Project symbol AS symbol, price * quantity AS notional → [symbol:STRING, notional:DECIMAL(37,4)]\n  Scan trades [symbol:STRING, price:DECIMAL(18,4), quantity:INTEGER, trade_time:TIMESTAMP]',
    );
  });

  it('lets a later select item use an earlier alias', () => {
    const { output } = plan('SELECT price * quantity AS notional, notional * 2 AS doubled FROM trades');
    expect(output.fields.map((f) => f.name)).toEqual(['notional', 'doubled']);
  });

  it('exposes system columns, which * leaves out', () => {
    const { output } = plan('SELECT *, _offset, _topic, _event_time FROM trades');
    expect(output.fields.map((f) => f.name)).toEqual(['symbol', 'price', 'quantity', 'trade_time', '_offset', '_topic', '_event_time']);
  });

  it('pushes a filter on a subquery below its projection and merges the projections', () => {
    const { logical, physical } = plan('SELECT n FROM (SELECT quantity * 2 AS n FROM trades) AS t WHERE n > 10');
    expect(explainLogical(logical)).toBe('Project quantity * 2 AS n → [n:INTEGER]\n  Filter n > 10\n    Scan trades [symbol:STRING, price:DECIMAL(18,4), quantity:INTEGER, trade_time:TIMESTAMP]');
    expect(explainPhysical(physical)).toBe('projectRows#3(quantity * 2 AS n)\n  filterRows#2(n > 10)\n    source#1(trades)');
    expect(physical.schema.map((c) => c.name)).toEqual(['n']);
  });

  it('folds constant expressions at plan time', () => {
    const { logical } = plan('SELECT price FROM trades WHERE price > 10 * 1.5');
    expect(logical.op === 'project' && logical.input.op === 'filter' && logical.input.predicate.kind === 'binary' && logical.input.predicate.right.kind).toBe('literal');
  });

  it('names unknown columns with a did-you-mean and the location', () => {
    const error = planError('SELECT quantty FROM trades');
    expect(error.code).toBe('SQL_BIND');
    expect(error.message).toContain("did you mean 'quantity'");
    expect(error.location).toMatchObject({ line: 2, column: 8 });
  });

  it('rejects type errors with the offending expression', () => {
    const error = planError("SELECT symbol FROM trades WHERE symbol + 1 > 2");
    expect(error.code).toBe('SQL_TYPE');
    expect(error.location?.line).toBe(2);
  });

  it.each([
    ['SELECT symbol FROM trades UNION ALL SELECT symbol FROM trades ORDER BY symbol', 'not supported yet: ORDER BY after UNION ALL (it would sort only the last branch)'],
    ['SELECT DISTINCT * FROM trades', 'not supported yet: SELECT DISTINCT *'],
    ['SELECT symbol FROM trades WHERE price IN (SELECT price FROM trades)', "not supported yet: a subquery over 'trades', which is not a table"],
    ['SELECT symbol FROM trades UNION SELECT symbol FROM trades ORDER BY symbol', 'not supported yet: ORDER BY after UNION (it would sort only the last branch)'],
    ['SELECT symbol FROM trades WHERE EXISTS (SELECT 1 FROM trades)', "not supported yet: a subquery over 'trades', which is not a table"],
  ])('fails clearly for constructs later issues build: %s', (sql, message) => {
    const error = planError(sql);
    expect(error.code).toBe('NOT_SUPPORTED');
    expect(error.message).toContain(message);
    expect(error.location?.line).toBe(2);
  });
});

describe('planJob: ORDER BY without aggregation', () => {
  it('sorts the whole input below the select list, a top-N with LIMIT, and EXPLAIN shows it', () => {
    const { logical, physical } = plan('SELECT symbol, price FROM trades WHERE quantity > 0 ORDER BY quantity DESC, symbol NULLS FIRST LIMIT 10');
    expect(explainLogical(logical)).toBe(
      [
        'Limit 10',
        '  Project symbol AS symbol, price AS price → [symbol:STRING, price:DECIMAL(18,4)]',
        '    Sort quantity DESC, symbol (top 10 of the whole input, at its end)',
        '      Filter quantity > 0',
        '        Scan trades [symbol:STRING, price:DECIMAL(18,4), quantity:INTEGER, trade_time:TIMESTAMP]',
      ].join('\n'),
    );
    expect(explainPhysical(physical)).toBe(
      [
        'limitRows#5(10)',
        '  projectRows#4(symbol AS symbol, price AS price)',
        '    sortAtEnd#3(quantity DESC NULLS FIRST, symbol ASC NULLS FIRST, keeps the top 10 rows until the end of input)',
        '      filterRows#2(quantity > 0)',
        '        source#1(trades)',
      ].join('\n'),
    );
  });

  it('without LIMIT holds every row; a position and an output name refer to select items', () => {
    const { physical } = plan('SELECT symbol, -price AS price FROM trades ORDER BY 1 DESC, price');
    expect(explainPhysical(physical)).toContain('sortAtEnd#2(symbol DESC NULLS FIRST, -price ASC NULLS LAST, holds every row until the end of input)');
  });

  it('takes a position in the select list of an aggregation too', () => {
    const { physical } = plan('SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol ORDER BY 2 DESC EMIT FINAL');
    expect(explainPhysical(physical)).toContain('sortRows#3(COUNT(*) DESC NULLS FIRST)');
  });

  it('rejects a position outside the select list, with its location', () => {
    const error = planError('SELECT symbol, price FROM trades ORDER BY 3');
    expect(error.code).toBe('SQL_BIND');
    expect(error.message).toBe('ORDER BY position 3 is not in the select list: use 1 to 2');
    expect(error.location).toMatchObject({ line: 2, column: 43 });
  });

  it('fails at planning over an unbounded source, saying why and what to do instead', () => {
    const error = planError('SELECT symbol FROM (SELECT symbol FROM trades) t ORDER BY symbol LIMIT 5', new Set(['trades']));
    expect(error.code).toBe('NOT_SUPPORTED');
    expect(error.message).toContain("ORDER BY over the unbounded source 'trades': its rows never all arrive");
    expect(error.message).toContain('sort within a window');
    expect(error.message).toContain('this input has no event time');
    expect(error.location).toMatchObject({ line: 2, column: 59 });
  });

  it('over an unbounded source, orders per watermark when the leading key is the event time ascending', () => {
    const { logical, physical } = plan("SELECT symbol, trade_time FROM trades WHERE quantity > 0 ORDER BY trade_time, symbol DESC WITH ('event.time.field' = 'trade_time', 'watermark.max_out_of_orderness' = '5s')", new Set(['trades']));
    expect(explainLogical(logical)).toMatch(/^Project .*\n  Sort trade_time, symbol DESC \(per watermark, in event-time order\)\n    Watermark trade_time per _partition\n      Filter quantity > 0\n/);
    expect(explainPhysical(physical)).toMatch(
      /orderPerWatermark#\d+\(trade_time ASC NULLS LAST, symbol DESC NULLS FIRST, releases rows as the watermark passes them, lateness 0 ms \(drop\)\)\n\s+assignWatermarks#\d+\(trade_time, bound 5000 ms\)/,
    );
    // _event_time and a LIMIT above (the first rows in event-time order) plan the same way.
    expect(explainPhysical(plan("SELECT symbol FROM trades ORDER BY _event_time LIMIT 3 WITH ('event.time.field' = 'trade_time')", new Set(['trades'])).physical)).toMatch(
      /^limitRows#\d+\(3\)\n  projectRows#\d+\(.*\)\n    orderPerWatermark#/,
    );
  });

  it('over an unbounded source, refuses another leading key or a descending event time, saying which forms work', () => {
    const other = planError("SELECT symbol FROM trades ORDER BY symbol WITH ('event.time.field' = 'trade_time')", new Set(['trades']));
    expect(other.message).toContain('the leading key is symbol, not the event time trade_time ascending. Write ORDER BY trade_time [ASC][, ...]');
    expect(other.location).toMatchObject({ line: 2, column: 36 });
    const descending = planError("SELECT symbol FROM trades ORDER BY trade_time DESC WITH ('event.time.field' = 'trade_time')", new Set(['trades']));
    expect(descending.message).toContain('the leading key is trade_time DESC');
    const unconfigured = planError('SELECT symbol FROM trades ORDER BY trade_time', new Set(['trades']));
    expect(unconfigured.message).toContain("not the event time _timestamp ascending. Write ORDER BY _timestamp [ASC][, ...] ('event.time.field' chooses the column)");
  });
});

describe('planJob: UNION (distinct)', () => {
  it('is a UNION ALL under the keyed aggregate SELECT DISTINCT uses, every column a key, emitting new keys', () => {
    const { logical, physical, output, keyColumns } = plan('SELECT symbol, quantity FROM trades UNION SELECT symbol AS s, 1 AS q FROM trades');
    expect(explainLogical(logical)).toMatch(/^Aggregate keys=\[symbol, quantity\] aggregates=\[\] emit=new_keys\n  UnionAll \[symbol:STRING, quantity:INTEGER\]\n/);
    expect(explainPhysical(physical)).toMatch(/^keyedAggregate#\d+\(keys \[symbol, quantity\], emit new_keys\)\n  unionAll#/);
    expect(output.fields.map((f) => f.name)).toEqual(['symbol', 'quantity']);
    expect(keyColumns).toEqual([0, 1]);
  });

  it('shows state.ttl on its state in EXPLAIN, as for DISTINCT', () => {
    const { physical } = plan("SELECT symbol FROM trades UNION SELECT symbol FROM trades WITH ('state.ttl' = '1m')");
    expect(explainPhysical(physical)).toMatch(/^keyedAggregate#\d+\(keys \[symbol\], emit new_keys, ttl 60000 ms\)/);
  });

  it('follows left-to-right precedence in chains with UNION ALL', () => {
    const distinctThenAll = plan('SELECT symbol FROM trades UNION SELECT symbol FROM trades UNION ALL SELECT symbol FROM trades').logical;
    expect(distinctThenAll.op === 'union_all' && distinctThenAll.inputs.map((i) => i.op)).toEqual(['aggregate', 'project']);
    const allThenDistinct = plan('SELECT symbol FROM trades UNION ALL SELECT symbol FROM trades UNION SELECT symbol FROM trades').logical;
    expect(allThenDistinct.op === 'aggregate' && allThenDistinct.input.op === 'union_all' && allThenDistinct.input.inputs.length).toBe(3);
  });

  it('coerces the branches to common types and names its errors UNION', () => {
    const { output } = plan('SELECT quantity FROM trades UNION SELECT price FROM trades');
    expect(output.fields.map((f) => f.type.kind)).toEqual(['DECIMAL']);
    expect(planError('SELECT symbol FROM trades UNION SELECT symbol, price FROM trades').message).toContain('UNION sides have 1 and 2 columns');
  });
});

describe('planJob: ORDER BY with SELECT DISTINCT', () => {
  it('sorts everything DISTINCT emitted (each row once, when first seen) at the end of bounded input', () => {
    const { physical } = plan('SELECT DISTINCT symbol FROM trades ORDER BY symbol DESC');
    expect(explainPhysical(physical)).toContain('sortAtEnd#3(symbol DESC NULLS FIRST, holds every row until the end of input)');
  });

  it('fails at planning over an unbounded source', () => {
    const error = planError('SELECT DISTINCT symbol FROM trades ORDER BY symbol', new Set(['trades']));
    expect(error.code).toBe('NOT_SUPPORTED');
    expect(error.message).toContain("ORDER BY over the unbounded source 'trades'");
  });
});
