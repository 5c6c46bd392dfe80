import { describe, expect, it } from 'vitest';
import { explainLogical, explainPhysical } from '../../lib/plan/explain.js';
import { declare, plan, planError, schemas } from './joinPlanKit.js';
import { parseSql } from '../../lib/sql/parser.js';
import { analyzeApp } from '../../lib/plan/app/analyzeApp.js';
import { planJob } from '../../lib/plan/planJob.js';
import { schemaOf } from '../../lib/types/schema.js';
import { STRING, TIMESTAMP } from '../../lib/types/sqlType.js';

describe('binding subqueries against tables', () => {
  it('EXPLAIN shows the lookup of a correlated EXISTS: its key from the WHERE equality, the rest as a condition', () => {
    const text = explainPhysical(plan("SELECT t.price FROM trades t WHERE EXISTS (SELECT 1 FROM instruments i WHERE i.symbol = t.symbol AND i.name <> 'x')").physical);
    expect(text).toContain(
      "hashJoinWith#4(subquery lookup for EXISTS (SELECT 1 FROM instruments AS i WHERE i.symbol = t.symbol AND i.name <> 'x') (each stream row once, with whether it matched), key [t.symbol] = [i.symbol], and i.name <> 'x', table loaded completely before the first lookup",
    );
  });

  it('x IN (SELECT ...) is three lookups: by the value, any row (for a NULL x), any NULL (for a miss)', () => {
    const text = explainPhysical(plan('SELECT price FROM trades WHERE symbol NOT IN (SELECT symbol FROM instruments)').physical);
    expect(text.match(/subquery lookup for symbol NOT IN/g)).toHaveLength(3);
    expect(text).toContain('key [symbol] = [symbol]');
    expect(text).toContain('key [TRUE] = [symbol IS NULL]');
  });

  it('an IN that is an AND-ed part of WHERE is one lookup (NULL drops the row as FALSE does); in the select list it is three', () => {
    const filter = explainPhysical(plan("SELECT price FROM trades WHERE price > 0 AND symbol IN (SELECT symbol FROM instruments)").physical);
    expect(filter.match(/subquery lookup/g)).toHaveLength(1);
    const value = explainPhysical(plan('SELECT symbol IN (SELECT symbol FROM instruments) AS listed FROM trades').physical);
    expect(value.match(/subquery lookup/g)).toHaveLength(3);
  });

  it('a scalar subquery says a second match is a row error', () => {
    const { logical, physical } = plan('SELECT (SELECT i.name FROM instruments i WHERE i.symbol = t.symbol) AS name FROM trades t');
    expect(explainLogical(logical)).toContain('SubqueryLookup (SELECT i.name FROM instruments AS i WHERE i.symbol = t.symbol) ON t.symbol = i.symbol (lookup in table i, at most one row)');
    expect(explainPhysical(physical)).toContain('with whether it matched; a second match is a row error), key [t.symbol] = [i.symbol]');
  });

  it('a table versioned by event time is looked up as of the stream row\'s event time, as a join', () => {
    const sql =
      "CREATE TABLE rates (symbol VARCHAR PRIMARY KEY, ts TIMESTAMP) WITH ('rates.type' = 'file_source', 'rates.path' = 'r.csv', 'rates.event.time.field' = 'ts');\n" +
      'SELECT t.price FROM trades t WHERE EXISTS (SELECT 1 FROM rates r WHERE r.symbol = t.symbol)';
    const withRates = new Map(schemas).set('rates', schemaOf([{ name: 'symbol', type: STRING, nullable: false }, { name: 'ts', type: TIMESTAMP, nullable: true }]));
    const app = analyzeApp(parseSql(declare + sql));
    const { logical, physical } = planJob(app.jobs.at(-1)!, withRates, new Map(), new Set());
    expect(explainLogical(logical)).toContain('(lookup in table r as of ts)');
    expect(explainPhysical(physical)).toContain('as of ts (table versions by ts)');
  });

  it('refuses a subquery over a stream, saying why', () => {
    const error = planError('SELECT price FROM trades WHERE symbol IN (SELECT symbol FROM quotes)');
    expect(error.code).toBe('NOT_SUPPORTED');
    expect(error.message).toContain("a subquery over 'quotes', which is not a table: a stream never ends");
  });

  it('refuses a table without event time that never ends (as a join does)', () => {
    const error = planError('SELECT price FROM trades WHERE EXISTS (SELECT 1 FROM instruments WHERE instruments.symbol = trades.symbol)', new Set(['instruments']));
    expect(error.message).toContain("the table 'instruments' does not end by itself and has no event time");
  });

  it('names the shapes it cannot look up', () => {
    expect(planError('SELECT price FROM trades t WHERE symbol < ANY (SELECT i.name || t.symbol FROM instruments i)').message).toContain('< ANY (SELECT ...) whose selected value reads the outer row');
    expect(planError('SELECT price FROM trades t WHERE symbol >= ALL (SELECT symbol, name FROM instruments i)').message).toContain('>= ALL (SELECT ...) must select exactly one column');
    expect(planError('SELECT (SELECT MAX(name) FROM instruments) AS m FROM trades').message).toContain('aggregates in a subquery (MAX(name))');
    expect(planError('SELECT price FROM trades WHERE symbol IN (SELECT symbol, name FROM instruments)').message).toContain('must select exactly one column');
    expect(planError('SELECT price FROM trades t WHERE symbol IN (SELECT i.name || t.symbol FROM instruments i)').message).toContain('IN (SELECT ...) whose selected value reads the outer row');
    expect(planError('SELECT price FROM trades WHERE symbol IN (SELECT symbol FROM instruments ORDER BY name)').message).toContain('ORDER BY in a subquery');
    expect(planError('SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol HAVING COUNT(*) > (SELECT 1 FROM instruments)').message).toContain('a subquery (scalar subquery) in HAVING');
    expect(planError('SELECT symbol, (SELECT 1 FROM instruments) AS one, COUNT(*) AS n FROM trades GROUP BY symbol').message).toContain('a subquery in the select list of an aggregating query');
    expect(planError('SELECT name FROM instruments WHERE symbol IN (SELECT symbol FROM instruments)').message).toContain("a subquery in a query over the table 'instruments'");
  });

  it('an IN whose value and column cannot be compared is a type error', () => {
    expect(planError("SELECT price FROM trades WHERE ts IN (SELECT name FROM instruments)").code).toBe('SQL_TYPE');
  });
});
