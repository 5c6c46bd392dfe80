import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CreateAsSelectStatement, Expr, SelectQuery, Statement } from '../../../lib/sql/ast.js';
import { isExpr, isQuery, isStatement } from '../../../lib/sql/ast.js';
import { NONRESERVED_KEYWORDS, RESERVED_KEYWORDS, TIME_UNIT_WORDS } from '../../../lib/sql/keywords.js';
import { parseExpression, parseSql } from '../../../lib/sql/parser.js';
import { stripLocations } from '../../../lib/sql/stripLocations.js';

function only(text: string): Statement {
  const statements = parseSql(text);
  expect(statements).toHaveLength(1);
  return statements[0] as Statement;
}

function selectOf(text: string): SelectQuery {
  const statement = only(text);
  if (statement.type !== 'query' || statement.query.type !== 'select') throw new Error('expected a SELECT statement');
  return statement.query;
}

function firstItem(text: string): Expr {
  const item = selectOf(text).items[0];
  if (item?.type !== 'expr_item') throw new Error('expected an expression item');
  return item.expr;
}

describe('statements', () => {
  it('moves the trailing EMIT and WITH of a CSAS query to the statement', () => {
    const statement = only("CREATE STREAM s AS SELECT a FROM t EMIT CHANGES WITH ('s.type' = 'file_sink', 'n' = -5, 'b' = false)");
    expect(statement.type).toBe('create_as_select');
    const csas = statement as CreateAsSelectStatement;
    expect(csas.emit).toBe('CHANGES');
    expect(stripLocations(csas.properties)).toEqual([
      { type: 'property', key: 's.type', value: { kind: 'string', text: 'file_sink' } },
      { type: 'property', key: 'n', value: { kind: 'number', text: '-5' } },
      { type: 'property', key: 'b', value: { kind: 'boolean', text: 'false' } },
    ]);
    expect(csas.query.type === 'select' && csas.query.emit).toBe(null);
    expect(csas.query.type === 'select' && csas.query.properties).toEqual([]);
  });

  it('moves them out of the last SELECT of a UNION only', () => {
    const statement = only('INSERT INTO out SELECT a FROM x EMIT FINAL UNION SELECT a FROM y EMIT CHANGES');
    if (statement.type !== 'insert_into' || statement.query.type !== 'union') throw new Error('expected INSERT of a UNION');
    expect(statement.emit).toBe('CHANGES');
    expect(statement.query.left.type === 'select' && statement.query.left.emit).toBe('FINAL');
    expect(statement.query.right.type === 'select' && statement.query.right.emit).toBe(null);
  });

  it('keeps EMIT and WITH in the SELECT of a plain query', () => {
    const select = selectOf("SELECT a FROM t EMIT FINAL WITH ('k' = 'v')");
    expect(select.emit).toBe('FINAL');
    expect(select.properties.map((property) => property.key)).toEqual(['k']);
  });

  it('reads SELECT ... INTO as select_into and unquoted property paths', () => {
    const statement = only('SELECT a FROM t INTO sink WITH (sink.type = \'kafka_sink\', "batch".size = 10)');
    expect(statement.type).toBe('select_into');
    if (statement.type !== 'select_into') return;
    expect(statement.target.text).toBe('sink');
    expect(statement.properties.map((property) => property.key)).toEqual(['sink.type', 'batch.size']);
  });

  it('reads the column list of a source', () => {
    const statement = only('CREATE TABLE t (id BIGINT NOT NULL PRIMARY KEY, amount DECIMAL(18, 4), tags ARRAY<STRING>)');
    if (statement.type !== 'create_source') throw new Error('expected create_source');
    expect(stripLocations(statement.columns)).toEqual([
      { type: 'column_def', name: { type: 'identifier', text: 'id', quoted: false }, dataType: { type: 'data_type', name: 'BIGINT', params: [] }, notNull: true, primaryKey: true },
      { type: 'column_def', name: { type: 'identifier', text: 'amount', quoted: false }, dataType: { type: 'data_type', name: 'DECIMAL', params: ['18', '4'] }, notNull: false, primaryKey: false },
      {
        type: 'column_def',
        name: { type: 'identifier', text: 'tags', quoted: false },
        dataType: { type: 'data_type', name: 'ARRAY', element: { type: 'data_type', name: 'STRING', params: [] } },
        notNull: false,
        primaryKey: false,
      },
    ]);
  });

  it('reads DEPLOY JOB with its strategy and the job statements', () => {
    const deploy = only("DEPLOY JOB j VERSION '1.2' AS SELECT a FROM t STRATEGY canary(25)");
    expect(deploy.type === 'deploy_job' && [deploy.version, deploy.strategy?.kind, deploy.strategy?.percent]).toEqual(['1.2', 'CANARY', '25']);
    expect(parseSql('START JOB a; stop job b; Pause Job c; RESUME JOB d').map((s) => s.type === 'job_control' && `${s.action} ${s.name.text}`)).toEqual([
      'START a',
      'STOP b',
      'PAUSE c',
      'RESUME d',
    ]);
  });

  it('accepts empty statements and no trailing semicolon', () => {
    expect(parseSql('')).toEqual([]);
    expect(parseSql(';;  -- only a comment\n;')).toEqual([]);
    expect(parseSql('SHOW STREAMS;;SHOW TABLES').map((s) => s.type === 'show' && s.what)).toEqual(['STREAMS', 'TABLES']);
  });
});

describe('annotations', () => {
  it('attaches the comment annotations written before each statement', () => {
    const statements = parseSql(
      ['-- @app: demo', '-- just a comment', '-- @job_mode: transactional', 'SELECT 1;', '', '-- @metric:  trades_total  ', '-- @flag', 'SELECT 2;', 'SELECT 3'].join('\n'),
    );
    expect(statements.map((statement) => statement.annotations.map(({ key, value }) => [key, value]))).toEqual([
      [
        ['app', 'demo'],
        ['job_mode', 'transactional'],
      ],
      [
        ['metric', 'trades_total'],
        ['flag', ''],
      ],
      [],
    ]);
    expect(statements[1]?.annotations[0]?.loc).toMatchObject({ line: 6, column: 1 });
  });
});

describe('expressions', () => {
  it('keeps number literals as their source text', () => {
    expect(stripLocations(parseExpression('150.2567'))).toEqual({ type: 'number', text: '150.2567' });
    expect(stripLocations(parseExpression('0.1000000000000000000001'))).toEqual({ type: 'number', text: '0.1000000000000000000001' });
  });

  it('reads every interval form with its unit and length', () => {
    const forms = ["INTERVAL '5' SECOND", "INTERVAL '5' SECONDS", "INTERVAL '5 seconds'", 'INTERVAL 5 SECONDS', '5s', "interval '5' second"];
    for (const form of forms) {
      expect(stripLocations(parseExpression(form)), form).toEqual({ type: 'interval', value: '5', unit: 'SECOND', millis: 5000 });
    }
    const millis = (text: string): number | null => {
      const expr = parseExpression(text);
      return expr.type === 'interval' ? expr.millis : -1;
    };
    expect([millis('500ms'), millis('5m'), millis('1h'), millis('1d'), millis("INTERVAL '1.5' HOUR"), millis("INTERVAL '-2' DAY")]).toEqual([
      500, 300_000, 3_600_000, 86_400_000, 5_400_000, -172_800_000,
    ]);
    expect(parseExpression("INTERVAL '1' MONTH")).toMatchObject({ unit: 'MONTH', millis: null });
    expect(parseExpression("INTERVAL '2' YEARS")).toMatchObject({ unit: 'YEAR', millis: null });
    expect(parseExpression("INTERVAL '0.5' MILLISECOND")).toMatchObject({ unit: 'MILLISECOND', millis: null });
  });

  it('reads calls with DISTINCT, *, WITHIN GROUP and OVER', () => {
    expect(parseExpression('COUNT(*)')).toMatchObject({ type: 'call', star: true, distinct: false, args: [] });
    expect(parseExpression('COUNT(DISTINCT x)')).toMatchObject({ type: 'call', distinct: true, args: [{ type: 'column' }] });
    expect(parseExpression('PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY x DESC)')).toMatchObject({
      withinGroup: [{ type: 'order_by_item', direction: 'DESC', nulls: null }],
      over: null,
    });
    expect(parseExpression('CURRENT_TIMESTAMP')).toMatchObject({ type: 'call', args: [], name: { text: 'CURRENT_TIMESTAMP' } });
    expect(parseExpression('"CURRENT_TIMESTAMP"')).toMatchObject({ type: 'column' });
  });

  it('reads both OVER forms', () => {
    expect(stripLocations(parseExpression('SUM(x) OVER (PARTITION BY k ORDER BY ts ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)'))).toMatchObject({
      over: {
        type: 'window_spec',
        bufferRows: null,
        partitionBy: [{ type: 'column' }],
        orderBy: [{ direction: 'ASC' }],
        frame: { units: 'ROWS', start: { kind: 'PRECEDING', offset: { text: '2' } }, end: { kind: 'CURRENT_ROW', offset: null } },
        bufferEmit: null,
        expire: null,
      },
    });
    expect(
      stripLocations(parseExpression("LAG(x) OVER (ROWS WINDOW BUFFER 10 ROWS PARTITION BY k EMIT ON BUFFER FULL EXPIRE AFTER INTERVAL '1' MINUTE INACTIVITY)")),
    ).toMatchObject({
      over: { bufferRows: { text: '10' }, bufferEmit: 'ON_BUFFER_FULL', expire: { inactivity: { unit: 'MINUTE', millis: 60_000 } } },
    });
  });

  it('reads CASE, CAST, EXTRACT, IS DISTINCT FROM, quantified and LIKE forms', () => {
    expect(parseExpression("CASE s WHEN 'B' THEN 1 ELSE 0 END")).toMatchObject({ type: 'case', operand: { type: 'column' }, whens: [{ then: { text: '1' } }], else: { text: '0' } });
    expect(parseExpression('x::DECIMAL(10, 2)')).toMatchObject({ type: 'cast', syntax: '::', dataType: { name: 'DECIMAL', params: ['10', '2'] } });
    expect(parseExpression('CAST(x AS MAP<STRING, STRUCT<a INT>>)')).toMatchObject({
      syntax: 'cast',
      dataType: { name: 'MAP', key: { name: 'STRING' }, value: { name: 'STRUCT', fields: [{ name: { text: 'a' }, dataType: { name: 'INT' } }] } },
    });
    expect(parseExpression("EXTRACT('hour', ts)")).toMatchObject({ type: 'extract', part: 'HOUR' });
    expect(parseExpression('a IS NOT DISTINCT FROM b')).toMatchObject({ type: 'is_distinct_from', negated: true });
    expect(parseExpression('a >= ALL (SELECT b FROM t)')).toMatchObject({ type: 'quantified', op: '>=', quantifier: 'ALL' });
    expect(parseExpression("a NOT ILIKE 'x!%' ESCAPE '!'")).toMatchObject({ type: 'like', negated: true, caseInsensitive: true, escape: { value: '!' } });
    expect(parseExpression("TIMESTAMP '2024-01-01 00:00:00'")).toMatchObject({ type: 'typed_literal', dataType: 'TIMESTAMP' });
  });

  it('reads paths, indexes and field access', () => {
    expect(stripLocations(parseExpression('t.col'))).toEqual({
      type: 'column',
      table: { type: 'identifier', text: 't', quoted: false },
      name: { type: 'identifier', text: 'col', quoted: false },
    });
    expect(parseExpression('a.b.c')).toMatchObject({ type: 'field_access', expr: { type: 'column', table: { text: 'a' }, name: { text: 'b' } }, field: { text: 'c' } });
    expect(parseExpression('arr[i + 1]')).toMatchObject({ type: 'index', expr: { type: 'column' }, index: { type: 'binary' } });
  });

  it('keeps quoting and spelling of names', () => {
    expect(firstItem('SELECT "Mixed""Case" FROM t')).toMatchObject({ name: { text: 'Mixed"Case', quoted: true } });
    expect(firstItem('SELECT `back``tick` FROM t')).toMatchObject({ name: { text: 'back`tick', quoted: true } });
    expect(firstItem('SELECT MixedCase FROM t')).toMatchObject({ name: { text: 'MixedCase', quoted: false } });
    expect(firstItem('SELECT timestamp FROM t')).toMatchObject({ type: 'column', name: { text: 'timestamp' } });
    expect(firstItem('SELECT window FROM t')).toMatchObject({ type: 'column', name: { text: 'window' } });
  });

  it('gives every node its location', () => {
    const select = selectOf('SELECT a,\n       price * 2 AS doubled\nFROM trades');
    const item = select.items[1];
    expect(item?.loc).toMatchObject({ line: 2, column: 8, endLine: 2, endColumn: 28 });
    expect(select.from?.loc).toMatchObject({ line: 3, column: 6, offset: 43, endOffset: 49 });
  });
});

describe('WINDOW clause', () => {
  it('tells the optional time column from the durations', () => {
    expect(selectOf('SELECT 1 FROM t WINDOW TUMBLING(5s)').window).toMatchObject({ kind: 'TUMBLING', timeColumn: null, size: { millis: 5000 } });
    expect(selectOf('SELECT 1 FROM t WINDOW TUMBLING(ts, 5s)').window).toMatchObject({ timeColumn: { type: 'column' } });
    expect(selectOf('SELECT 1 FROM t WINDOW SLIDING(10m, 1m)').window).toMatchObject({ kind: 'SLIDING', timeColumn: null, size: { millis: 600_000 }, advance: { millis: 60_000 } });
    expect(selectOf('SELECT 1 FROM t WINDOW SESSION(30s, k)').window).toMatchObject({ kind: 'SESSION', timeColumn: null, partitionKey: { type: 'column' } });
    expect(selectOf('SELECT 1 FROM t WINDOW SESSION(ts, 30s)').window).toMatchObject({ timeColumn: { type: 'column' }, partitionKey: null });
    expect(selectOf('SELECT 1 FROM t WINDOW SESSION(ts, 30s, k)').window).toMatchObject({ timeColumn: { type: 'column' }, partitionKey: { type: 'column' } });
  });
});

describe('joins', () => {
  it('reads kinds, aliases and WITHIN', () => {
    const select = selectOf("SELECT * FROM a x LEFT OUTER JOIN b AS y ON x.k = y.k WITHIN 30s FULL OUTER JOIN (SELECT k FROM c) z ON z.k = x.k JOIN 'file://d.csv' ON TRUE");
    expect(select.joins.map((join) => [join.kind, join.right.type, join.right.alias?.text ?? null, join.within?.millis ?? null])).toEqual([
      ['LEFT', 'table_ref', 'y', 30_000],
      ['FULL', 'subquery_ref', 'z', null],
      ['INNER', 'uri_ref', null, null],
    ]);
    expect(select.from).toMatchObject({ type: 'table_ref', alias: { text: 'x' } });
  });
});

describe('type guards', () => {
  it('classify statements, queries and expressions', () => {
    const statement = only('SELECT 1');
    const query = statement.type === 'query' ? statement.query : null;
    const expr = parseExpression('1');
    expect([isStatement(statement), isQuery(statement), isExpr(statement)]).toEqual([true, false, false]);
    expect(query && [isStatement(query), isQuery(query), isExpr(query)]).toEqual([false, true, false]);
    expect([isStatement(expr), isQuery(expr), isExpr(expr)]).toEqual([false, false, true]);
  });
});

describe('corpus coverage', () => {
  const validDir = join(import.meta.dirname, 'corpus', 'valid');
  const seen = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const node = value as Record<string, unknown>;
    if (typeof node.type === 'string') {
      seen.add(node.type);
      for (const variant of ['kind', 'op', 'what', 'action', 'unit', 'quantifier', 'syntax', 'units', 'emit', 'bufferEmit']) {
        if (typeof node[variant] === 'string') seen.add(`${node.type}.${variant}=${String(node[variant])}`);
      }
    }
    Object.values(node).forEach(visit);
  };
  for (const name of readdirSync(validDir)) visit(parseSql(readFileSync(join(validDir, name), 'utf8')));

  it('exercises every node type and variant the AST defines', () => {
    const required = [
      'create_source', 'create_as_select', 'insert_into', 'select_into', 'query', 'show', 'describe', 'explain', 'drop',
      'job_control', 'deploy_job', 'deploy_strategy', 'annotation', 'property', 'column_def', 'select', 'with', 'union', 'cte',
      'star', 'expr_item', 'table_ref', 'uri_ref', 'subquery_ref', 'join', 'window_clause', 'order_by_item', 'column',
      'number', 'string', 'boolean', 'null', 'interval', 'typed_literal', 'unary', 'binary', 'in_list', 'in_subquery',
      'between', 'like', 'is', 'is_distinct_from', 'exists', 'scalar_subquery', 'quantified', 'case', 'case_when', 'cast',
      'extract', 'call', 'index', 'field_access', 'window_spec', 'window_frame', 'frame_bound', 'rows_expiry', 'data_type',
      'struct_field', 'identifier',
      'create_source.kind=STREAM', 'create_source.kind=TABLE', 'create_as_select.kind=TABLE', 'create_as_select.emit=FINAL',
      'join.kind=INNER', 'join.kind=LEFT', 'join.kind=RIGHT', 'join.kind=FULL',
      'window_clause.kind=TUMBLING', 'window_clause.kind=SLIDING', 'window_clause.kind=SESSION',
      'show.what=STREAMS', 'show.what=TABLES', 'show.what=JOBS', 'show.what=QUERIES', 'show.what=FUNCTIONS', 'show.what=TOPICS',
      'show.what=SCHEMA', 'show.what=PROPERTIES', 'job_control.action=START', 'job_control.action=STOP',
      'job_control.action=PAUSE', 'job_control.action=RESUME', 'drop.kind=TABLE',
      'interval.unit=MILLISECOND', 'interval.unit=SECOND', 'interval.unit=MINUTE', 'interval.unit=HOUR', 'interval.unit=DAY',
      'interval.unit=MONTH', 'interval.unit=YEAR', 'quantified.quantifier=ANY', 'quantified.quantifier=ALL',
      'quantified.quantifier=SOME', 'cast.syntax=cast', 'cast.syntax=::', 'window_frame.units=ROWS', 'window_frame.units=RANGE',
      'frame_bound.kind=UNBOUNDED_PRECEDING', 'frame_bound.kind=UNBOUNDED_FOLLOWING', 'frame_bound.kind=CURRENT_ROW',
      'frame_bound.kind=PRECEDING', 'frame_bound.kind=FOLLOWING', 'window_spec.bufferEmit=EVERY_RECORD',
      'window_spec.bufferEmit=ON_BUFFER_FULL', 'unary.op=NOT', 'unary.op=-', 'unary.op=+', 'binary.op=%', 'binary.op=||',
      'binary.op=!=', 'binary.op=<>', 'is.what=NULL', 'is.what=TRUE', 'is.what=FALSE', 'deploy_strategy.kind=BLUE_GREEN',
      'deploy_strategy.kind=CANARY', 'deploy_strategy.kind=ROLLING', 'deploy_strategy.kind=REPLACE',
    ];
    expect(required.filter((entry) => !seen.has(entry))).toEqual([]);
  });
});

describe('keywords as names', () => {
  const nameIn = (word: string): string => `CREATE STREAM ${word} AS SELECT a AS ${word} FROM ${word} AS x WHERE x.${word} > ${word}`;

  it('accepts every non-reserved keyword and time unit as a name', () => {
    for (const word of [...NONRESERVED_KEYWORDS, ...TIME_UNIT_WORDS.keys()]) {
      const statement = only(nameIn(word.toLowerCase()));
      expect(statement.type === 'create_as_select' && statement.name.text, word).toBe(word.toLowerCase());
    }
  });

  it('rejects every reserved keyword as a name unless quoted', () => {
    for (const word of RESERVED_KEYWORDS) {
      expect(() => parseSql(`CREATE STREAM ${word} WITH ('a' = 'b')`), word).toThrow(/unexpected/);
      expect(only(`CREATE STREAM "${word}" WITH ('a' = 'b')`)).toMatchObject({ name: { text: word, quoted: true } });
    }
  });
});
