import { describe, expect, it } from 'vitest';
import { explainLogical, explainPhysical } from '../../lib/plan/explain.js';
import type { JoinNode, LogicalPlan } from '../../lib/plan/logicalPlan.js';
import { plan, planError } from './joinPlanKit.js';
import { parseSql } from '../../lib/sql/parser.js';
import { analyzeApp } from '../../lib/plan/app/analyzeApp.js';
import { planJob } from '../../lib/plan/planJob.js';
import { schemaOf } from '../../lib/types/schema.js';
import { STRING, TIMESTAMP } from '../../lib/types/sqlType.js';

function joinOf(p: LogicalPlan): JoinNode {
  if (p.op === 'join') return p;
  const inner = 'input' in p ? p.input : undefined;
  if (!inner) throw new Error('no join in the plan');
  return joinOf(inner);
}

describe('binding FROM a JOIN b', () => {
  it('writes an unaliased qualified column t.x under the key x, and keeps the left columns before the right ones', () => {
    const { output } = plan('SELECT t.symbol, i.name, t.price FROM trades t JOIN instruments i ON t.symbol = i.symbol');
    expect(output.fields.map((f) => f.name)).toEqual(['symbol', 'name', 'price']);
  });

  it('resolves an unqualified column found in one relation only, and refuses an ambiguous one with its line and column', () => {
    expect(plan('SELECT name, price FROM trades t JOIN instruments i ON t.symbol = i.symbol').output.fields.map((f) => f.name)).toEqual(['name', 'price']);
    const error = planError('SELECT price,\n       symbol FROM trades t JOIN instruments i ON t.symbol = i.symbol');
    expect(error.code).toBe('SQL_BIND');
    expect(error.message).toBe("column 'symbol' is ambiguous: it is in t and i; qualify it, e.g. t.symbol");
    expect(error.location).toMatchObject({ line: 6, column: 8 });
  });

  it('refuses two output columns of the same name (t.symbol and i.symbol) until one is aliased', () => {
    const error = planError('SELECT t.symbol, i.symbol FROM trades t JOIN instruments i ON t.symbol = i.symbol');
    expect(error.message).toContain("the output column 'symbol' appears twice");
    expect(plan('SELECT t.symbol, i.symbol AS listed FROM trades t JOIN instruments i ON t.symbol = i.symbol').output.fields.map((f) => f.name)).toEqual(['symbol', 'listed']);
  });

  it('names an unknown relation qualifier with a did-you-mean', () => {
    const error = planError('SELECT x.name FROM trades t JOIN instruments i ON t.symbol = i.symbol');
    expect(error.message).toContain("unknown relation or column 'x'");
    expect(error.location).toMatchObject({ line: 5, column: 8 });
  });

  it('splits ON into equality keys (expressions allowed, each over its own side) and a residual condition', () => {
    const join = joinOf(plan("SELECT t.price FROM trades t LEFT JOIN instruments i ON UPPER(t.symbol) = i.symbol AND i.name <> 'x'").logical);
    expect(join.kind).toBe('LEFT');
    expect(join.leftKeys.map((k) => k.text)).toEqual(['UPPER(t.symbol)']);
    expect(join.rightKeys.map((k) => [k.text, k.kind === 'column' && k.index])).toEqual([['i.symbol', 0]]);
    expect(join.residual?.text).toBe("i.name <> 'x'");
  });

  it('EXPLAIN shows the join, its operator, its state and its bound', () => {
    const { logical, physical } = plan('SELECT t.price, i.name FROM trades t JOIN instruments i ON t.symbol = i.symbol');
    expect(explainLogical(logical)).toContain('Join INNER ON t.symbol = i.symbol (lookup in table i)');
    const text = explainPhysical(physical);
    expect(text).toContain(
      "hashJoinWith#4(INNER, key [t.symbol] = [i.symbol], table loaded completely before the first lookup; state: the latest row of 'i' per [symbol] (bound: the table's size), stream rows read while it loads)",
    );
    expect(text).toMatch(/assignWatermarks#\d\(t?s, bound 0 ms\)/);
  });

  it('joins one stream with several tables in one query', () => {
    const { output, physical } = plan(
      'SELECT t.symbol, i.name, s.sector FROM trades t JOIN instruments i ON t.symbol = i.symbol LEFT JOIN sectors s ON i.name = s.name',
    );
    expect(output.fields.map((f) => f.name)).toEqual(['symbol', 'name', 'sector']);
    expect(explainPhysical(physical).match(/hashJoinWith/g)).toHaveLength(2);
  });

  it('refuses RIGHT and FULL joins of a table, and a table on the left', () => {
    expect(planError('SELECT t.price FROM trades t RIGHT JOIN instruments i ON t.symbol = i.symbol').message).toContain('not supported yet: RIGHT JOIN of a stream with the table');
    expect(planError('SELECT i.name FROM instruments i JOIN trades t ON t.symbol = i.symbol').message).toContain("a table ('i') on the left of a JOIN");
  });

  it('refuses a table versioned by event time joined with a stream that has none (its processing time is no event time)', async () => {
    const sql =
      "CREATE STREAM plain (symbol VARCHAR) WITH ('plain.type' = 'file_source', 'plain.path' = 'p.csv');\n" +
      "CREATE TABLE rates (symbol VARCHAR PRIMARY KEY, ts TIMESTAMP) WITH ('rates.type' = 'file_source', 'rates.path' = 'r.csv', 'rates.event.time.field' = 'ts');\n" +
      'SELECT p.symbol FROM plain p JOIN rates r ON p.symbol = r.symbol';
    const app = analyzeApp(parseSql(sql));
    const schema = schemaOf([{ name: 'symbol', type: STRING, nullable: true }, { name: 'ts', type: TIMESTAMP, nullable: true }]);
    expect(() => planJob(app.jobs[0]!, new Map([['plain', schema], ['rates', schema]]))).toThrow("set 'plain.event.time.field'");
  });

  it('refuses a table that never ends and has no event time: no stream row could see it complete', () => {
    const error = planError('SELECT t.price FROM trades t JOIN instruments i ON t.symbol = i.symbol', new Set(['instruments']));
    expect(error.message).toContain("set 'instruments.event.time.field'");
  });
});

describe('binding a join of two streams', () => {
  it('reads the BETWEEN bound of ON as right time − left time within [lower, upper]', () => {
    const join = joinOf(
      plan("SELECT t.price, q.bid FROM trades t JOIN quotes q ON t.symbol = q.symbol AND q.ts BETWEEN t.ts - INTERVAL '2' SECOND AND t.ts + INTERVAL '500' MILLISECOND").logical,
    );
    expect(join.strategy).toMatchObject({ kind: 'interval', lower: -2000, upper: 500, boundFrom: 'BETWEEN' });
    expect(join.residual).toBeUndefined();
  });

  it('reads a BETWEEN written the other way round (t.ts within q.ts ± ...) as the same kind of bound', () => {
    const join = joinOf(plan("SELECT t.price FROM trades t JOIN quotes q ON q.symbol = t.symbol AND t.ts BETWEEN q.ts AND q.ts + INTERVAL '3' SECOND").logical);
    expect(join.strategy).toMatchObject({ kind: 'interval', lower: -3000, upper: 0 });
  });

  const untilOfTrade = "t.ts + INTERVAL '1' SECOND * LENGTH(t.symbol)";

  it('reads a BETWEEN whose high end is read from each left row (b.ts BETWEEN a.ts AND a.expires) as a bound kept per row, and EXPLAIN says what bounds each side', () => {
    const { logical, physical } = plan(`SELECT t.price, q.bid FROM trades t LEFT JOIN quotes q ON t.symbol = q.symbol AND q.ts BETWEEN t.ts AND ${untilOfTrade}`);
    const join = joinOf(logical);
    expect(join.strategy).toMatchObject({ kind: 'interval', lower: 0, upper: Infinity, boundFrom: 'BETWEEN', until: { side: 'left', bound: { text: untilOfTrade } } });
    expect(join.residual).toBeUndefined();
    expect(explainLogical(logical)).toContain(`Join LEFT ON t.symbol = q.symbol (interval q.ts - t.ts >= 0 ms, q.ts <= ${untilOfTrade})`);
    expect(explainPhysical(physical)).toContain(
      `intervalJoinWith#5(LEFT, key [t.symbol] = [q.symbol], q.ts - t.ts >= 0 ms and q.ts <= ${untilOfTrade} (BETWEEN, the high end read from each left row); ` +
        `state: left rows by key, each until the right watermark passes its ${untilOfTrade} (bound: the longest ${untilOfTrade} - t.ts of the data), ` +
        'right rows by key until the left watermark passes q.ts - 0 ms; the output watermark waits for the oldest left row kept',
    );
  });

  it('reads the bound read from each right row when the BETWEEN is written the other way round (t.ts BETWEEN q.ts - ... AND <q expression>)', () => {
    const join = joinOf(plan("SELECT t.price FROM trades t JOIN quotes q ON q.symbol = t.symbol AND t.ts BETWEEN q.ts - INTERVAL '1' SECOND AND q.ts + INTERVAL '1' SECOND * LENGTH(q.symbol)").logical);
    expect(join.strategy).toMatchObject({ kind: 'interval', lower: -Infinity, upper: 1000, until: { side: 'right' } });
    // Over the right row itself: q.symbol is its column 0.
    const until = join.strategy.kind === 'interval' ? join.strategy.until : undefined;
    expect(until?.bound.kind === 'binary' && until.bound.right.kind === 'binary' && until.bound.right.right).toMatchObject({ kind: 'call', args: [{ kind: 'column', index: 0 }] });
  });

  it('refuses a BETWEEN whose low end is read from each row of the other side: no row of the first side could ever expire', () => {
    const error = planError("SELECT t.price FROM trades t JOIN quotes q ON t.symbol = q.symbol AND q.ts BETWEEN t.ts - INTERVAL '1' SECOND * LENGTH(t.symbol) AND t.ts");
    expect(error.code).toBe('NOT_SUPPORTED');
    expect(error.message).toContain("a join time bound whose low end 't.ts - INTERVAL '1' SECOND * LENGTH(t.symbol)' is read from each left row: no right row could ever expire");
    expect(error.message).toContain("write the low end as the left side's time plus or minus an INTERVAL");
  });

  it("reads WITHIN INTERVAL 'd' SECOND as |a.ts − b.ts| ≤ d on the event times, and EXPLAIN shows the bound and the state", () => {
    const { logical, physical } = plan("SELECT t.price, q.bid FROM trades t FULL JOIN quotes q ON t.symbol = q.symbol WITHIN INTERVAL '5' SECOND");
    expect(joinOf(logical).strategy).toMatchObject({ kind: 'interval', lower: -5000, upper: 5000, boundFrom: 'WITHIN' });
    expect(explainPhysical(physical)).toContain('intervalJoinWith#5(FULL, key [t.symbol] = [q.symbol], ts - ts in [-5000 ms, 5000 ms] (WITHIN); state: rows of both sides by key');
  });

  it("is a planning error without a bound, unless 'state.ttl' is given", () => {
    const error = planError('SELECT t.price FROM trades t JOIN quotes q ON t.symbol = q.symbol');
    expect(error.message).toContain('a join of two streams without a time bound keeps every row of both forever');
    expect(error.location).toMatchObject({ line: 5, column: 30 });
    const join = joinOf(plan("SELECT t.price FROM trades t JOIN quotes q ON t.symbol = q.symbol WITH ('state.ttl' = '1m')").logical);
    expect(join.strategy).toMatchObject({ kind: 'interval', lower: -60000, upper: 60000, boundFrom: 'state.ttl' });
  });

  it('fuses a projection of plain columns into an interval join (one node emitting those columns); one with expressions stays a projection', () => {
    const within = "FROM trades t JOIN quotes q ON t.symbol = q.symbol WITHIN INTERVAL '1' SECOND";
    const fused = explainPhysical(plan(`SELECT q.ts, t.price ${within}`).physical);
    expect(fused.split('\n')[0]).toMatch(/^intervalJoinWith#5\(INNER, .*; emits q\.ts AS ts, t\.price AS price\)$/);
    expect(fused).not.toContain('projectRows');
    const computed = explainPhysical(plan(`SELECT t.price * 2 AS twice ${within}`).physical);
    expect(computed.split('\n')[0]).toMatch(/^projectRows#6\(t\.price \* 2 AS twice\)$/);
    expect(computed).not.toContain('emits');
  });

  it('reads TUMBLE(a.ts, d) = TUMBLE(b.ts, d) in ON as a windowed join: the same window, so |a.ts − b.ts| < d', () => {
    const { logical, physical } = plan(
      "SELECT t.price FROM trades t FULL JOIN quotes q ON t.symbol = q.symbol AND TUMBLE(t.ts, INTERVAL '1' MINUTE) = TUMBLE(q.ts, INTERVAL '1' MINUTE)",
    );
    const join = joinOf(logical);
    expect(join.strategy).toMatchObject({ kind: 'interval', lower: -59_999, upper: 59_999, boundFrom: 'TUMBLE', window: { kind: 'TUMBLE', size: 60_000, slide: 60_000 } });
    expect(join.leftKeys.map((k) => k.text)).toEqual(['t.symbol']);
    expect(join.residual).toBeUndefined();
    expect(explainLogical(logical)).toContain('Join FULL ON t.symbol = q.symbol (window TUMBLE(60000 ms) on t.ts, q.ts)');
    expect(explainPhysical(physical)).toContain('t.ts and q.ts in the same TUMBLE(60000 ms) window; state: rows of both sides by key');
  });

  it('reads HOP(a.ts, slide, size) = HOP(b.ts, slide, size) in ON as a windowed join on hopping windows; unequal windows and SESSION are refused', () => {
    const hop = "HOP(t.ts, INTERVAL '1' MINUTE, INTERVAL '5' MINUTE) = HOP(q.ts, INTERVAL '1' MINUTE, INTERVAL '5' MINUTE)";
    const { logical, physical } = plan(`SELECT t.price FROM trades t JOIN quotes q ON t.symbol = q.symbol AND ${hop}`);
    const join = joinOf(logical);
    expect(join.strategy).toMatchObject({ kind: 'interval', lower: -299_999, upper: 299_999, boundFrom: 'HOP', window: { kind: 'HOP', size: 300_000, slide: 60_000 } });
    expect(explainLogical(logical)).toContain('Join INNER ON t.symbol = q.symbol (window HOP(size 300000 ms, slide 60000 ms) on t.ts, q.ts)');
    expect(explainPhysical(physical)).toContain('t.ts and q.ts in the same HOP(size 300000 ms, slide 60000 ms) window (a pair once per window)');
    expect(planError("SELECT t.price FROM trades t JOIN quotes q ON HOP(t.ts, INTERVAL '1' MINUTE, INTERVAL '5' MINUTE) = HOP(q.ts, INTERVAL '1' MINUTE, INTERVAL '6' MINUTE)").message).toContain(
      'the same kind of window, of the same positive size (and slide)',
    );
    expect(planError("SELECT t.price FROM trades t JOIN quotes q ON HOP(t.ts, INTERVAL '1' MILLISECOND, INTERVAL '1' DAY) = HOP(q.ts, INTERVAL '1' MILLISECOND, INTERVAL '1' DAY)").message).toContain(
      'more than 10000 windows',
    );
    expect(planError("SELECT t.price FROM trades t JOIN quotes q ON SESSION(t.ts, INTERVAL '1' MINUTE) = SESSION(q.ts, INTERVAL '1' MINUTE)").message).toContain(
      'not supported yet: a join on SESSION windows',
    );
  });

  it('refuses an empty bound and a bound on non-time columns', () => {
    expect(planError("SELECT t.price FROM trades t JOIN quotes q ON t.symbol = q.symbol AND q.ts BETWEEN t.ts + INTERVAL '1' SECOND AND t.ts").message).toContain('the join time bound is empty');
  });

  it('a TUMBLE over a join result uses a qualified time column and the join watermark', () => {
    const { logical } = plan(
      "SELECT t.symbol, COUNT(*) AS n FROM trades t JOIN quotes q ON t.symbol = q.symbol WITHIN INTERVAL '1' SECOND GROUP BY t.symbol, TUMBLE(t.ts, INTERVAL '1' MINUTE)",
    );
    const text = explainLogical(logical);
    expect(text).toMatch(/Aggregate TUMBLE\(60000 ms\) on t\.ts/);
    expect(text.split('\n').findIndex((l) => l.includes('Watermark'))).toBeGreaterThan(text.split('\n').findIndex((l) => l.includes('Join')));
  });
});

describe('optimizer: push_filter_into_join', () => {
  it('moves WHERE conditions on the stream below a LEFT lookup join, never onto the table', () => {
    const { bound, logical } = plan("SELECT t.price FROM trades t LEFT JOIN instruments i ON t.symbol = i.symbol WHERE t.price > 10 AND i.name = 'x'");
    expect(explainLogical(bound).split('\n')[1]).toBe("  Filter t.price > 10 AND i.name = 'x'");
    expect(explainLogical(logical).split('\n').map((l) => l.trim().split(' [')[0])).toEqual([
      'Project t.price AS price →',
      "Filter i.name = 'x'",
      'Join LEFT ON t.symbol = i.symbol (lookup in table i)',
      'Filter t.price > 10',
      'Watermark ts per _partition',
      'Scan trades',
      'Scan instruments',
    ]);
  });

  it('moves conditions on either side below an INNER interval join, and none onto the NULL-padded side of a FULL one', () => {
    const sql = (kind: string) =>
      `SELECT t.price FROM trades t ${kind} JOIN quotes q ON t.symbol = q.symbol WITHIN INTERVAL '1' SECOND WHERE t.price > 10 AND q.bid < 5`;
    const inner = joinOf(plan(sql('INNER')).logical);
    expect([inner.left.op, inner.right.op]).toEqual(['filter', 'filter']);
    expect(inner.right.op === 'filter' && inner.right.predicate.text).toBe('q.bid < 5');
    const full = plan(sql('FULL')).logical;
    expect(full.op === 'project' && full.input.op).toBe('filter');
    expect([joinOf(full).left.op, joinOf(full).right.op]).toEqual(['watermark', 'watermark']);
  });
});
