import { describe, expect, it } from 'vitest';
import { parseSql } from '../../lib/sql/parser.js';
import type { Property } from '../../lib/sql/ast.js';
import { resolveProperties } from '../../lib/plan/app/resolveProperties.js';
import { analyzeApp } from '../../lib/plan/app/analyzeApp.js';
import { FerrisError } from '../../lib/types/errors.js';

function propertiesOf(withClause: string): readonly Property[] {
  const [statement] = parseSql(`CREATE STREAM out AS SELECT a FROM src WITH (${withClause})`);
  if (statement?.type !== 'create_as_select') throw new Error('unexpected statement');
  return statement.properties;
}

const subjects = { sources: ['src'], target: 'out', declared: undefined };

describe('resolveProperties', () => {
  it('splits named connector keys from job keys', () => {
    const resolved = resolveProperties(propertiesOf("'src.type' = 'file_source', 'SRC.path' = 'a.csv', 'out.type' = 'stdout', 'failure_strategy' = 'Dead_Letter'"), subjects);
    expect(Object.fromEntries(resolved.connectors.get('src')!)).toEqual({ type: 'file_source', path: 'a.csv' });
    expect(Object.fromEntries(resolved.connectors.get('out')!)).toEqual({ type: 'stdout' });
    expect(Object.fromEntries(resolved.job)).toEqual({ failure_strategy: 'dead_letter' });
  });

  it("reads the seed's source.file.* and sink.kafka.* forms, taking the type from the key", () => {
    const resolved = resolveProperties(propertiesOf("'source.file.path' = 'a.csv', 'sink.file.path' = 'b.jsonl', 'sink.format' = 'jsonl'"), subjects);
    expect(Object.fromEntries(resolved.connectors.get('src')!)).toEqual({ type: 'file_source', path: 'a.csv' });
    expect(Object.fromEntries(resolved.connectors.get('out')!)).toEqual({ type: 'file_sink', path: 'b.jsonl', format: 'jsonl' });
  });

  it('names an unknown key, suggests the closest job key and lists the valid prefixes', () => {
    const error = (() => {
      try {
        resolveProperties(propertiesOf("'failur_strategy' = 'fail'"), subjects);
      } catch (e) {
        return e as FerrisError;
      }
      throw new Error('expected an error');
    })();
    expect(error.code).toBe('CONFIG');
    expect(error.message).toContain("unknown WITH key 'failur_strategy'; did you mean 'failure_strategy'?");
    expect(error.message).toContain("'src.', 'out.'");
  });

  it('names the accepted values of an enumerated job key', () => {
    expect(() => resolveProperties(propertiesOf("'failure_strategy' = 'ignore'"), subjects)).toThrow(
      "invalid value 'ignore' for 'failure_strategy'; accepted values: log_and_continue, fail, dead_letter",
    );
  });

  it('checks counts and durations where they are written, job-level and per source', () => {
    expect(() => resolveProperties(propertiesOf("'max_in_flight' = 'lots'"), subjects)).toThrow("invalid value 'lots' for 'max_in_flight': write a whole number of at least 1");
    expect(() => resolveProperties(propertiesOf("'max_in_flight' = '0'"), subjects)).toThrow(/'max_in_flight'/);
    expect(() => resolveProperties(propertiesOf("'src.watermark.idle_timeout' = 'soon'"), subjects)).toThrow(/invalid duration 'soon' for 'src.watermark.idle_timeout'/);
    expect(() => resolveProperties(propertiesOf("'src.watermark.strategy' = 'sorted'"), subjects)).toThrow(/accepted values: bounded_out_of_orderness, ascending/);
  });

  it('reports every bad property and reads the others, with the key as typed and its position', () => {
    const errors: FerrisError[] = [];
    const resolved = resolveProperties(propertiesOf("'max_in_flight' = 'x', 'source.path' = 'a.csv', 'failur_strategy' = 'fail'"), subjects, (e) => errors.push(e));
    expect(errors.map((e) => [e.message.slice(0, 30), e.location?.column])).toEqual([
      ["invalid value 'x' for 'max_in_", 46],
      ["unknown WITH key 'failur_strat", 94],
    ]);
    expect(resolved.origins.get('src')!.get('path')).toEqual({ key: 'source.path', location: expect.objectContaining({ line: 1, column: 69 }) });
  });

  it('says where a job key belongs when it is prefixed with a connector name', () => {
    expect(() => resolveProperties(propertiesOf("'src.late.data.strategy' = 'drop'"), subjects)).toThrow(
      "'src.late.data.strategy': 'late.data.strategy' configures the whole job, not 'src'; write it unprefixed, 'late.data.strategy', in the WITH of the statement",
    );
  });

  it('refuses keys whose feature a later issue builds, instead of ignoring them', () => {
    expect(() => resolveProperties(propertiesOf("'mode' = 'adaptive'"), subjects)).toThrow(/not supported yet: 'mode'/);
  });

  it("reads the seed's unprefixed kafka.* keys as the single source's (a kafka_source), or for INSERT INTO as the target's (a kafka_sink)", () => {
    const resolved = resolveProperties(propertiesOf("'kafka.bootstrap.servers' = 'localhost:9092', 'kafka.topic' = 'orders'"), subjects);
    expect(Object.fromEntries(resolved.connectors.get('src')!)).toEqual({ type: 'kafka_source', 'bootstrap.servers': 'localhost:9092', topic: 'orders' });
    const insert = resolveProperties(propertiesOf("'kafka.topic' = 'processed_orders'"), { ...subjects, kafkaSide: 'sink' });
    expect(Object.fromEntries(insert.connectors.get('out')!)).toEqual({ type: 'kafka_sink', topic: 'processed_orders' });
    const declared = resolveProperties(propertiesOf("'type' = 'kafka_source', 'kafka.topic' = 'orders'"), { sources: ['orders'], target: undefined, declared: 'orders' });
    expect(Object.fromEntries(declared.connectors.get('orders')!)).toEqual({ type: 'kafka_source', topic: 'orders' });
    expect(() => resolveProperties(propertiesOf("'src.type' = 'file_source', 'kafka.topic' = 'orders'"), subjects)).toThrow(/a second time with another value/);
  });

  it("accepts 'mode' = 'simple' (at-least-once) and 'transactional' (exactly-once), and still refuses 'adaptive'", () => {
    expect(resolveProperties(propertiesOf("'mode' = 'Simple', 'commit.interval' = '250ms'"), subjects).job).toEqual(
      new Map([
        ['mode', 'simple'],
        ['commit.interval', '250ms'],
      ]),
    );
    expect(resolveProperties(propertiesOf("'mode' = 'Transactional'"), subjects).job).toEqual(new Map([['mode', 'transactional']]));
    expect(() => resolveProperties(propertiesOf("'mode' = 'adaptive'"), subjects)).toThrow(/not supported yet: 'mode' = 'adaptive'/);
    expect(() => resolveProperties(propertiesOf("'mode' = 'fast'"), subjects)).toThrow("invalid value 'fast' for 'mode'; accepted values: simple, transactional");
    expect(() => resolveProperties(propertiesOf("'commit.interval' = 'soon'"), subjects)).toThrow(/commit.interval/);
  });
});

describe('analyzeApp', () => {
  it('requires a source, and writes a job that names no sink and that no job reads to stdout, saying so', () => {
    expect(() => analyzeApp(parseSql('CREATE STREAM out AS SELECT a FROM src'))).toThrow(/unknown stream or table 'src'/);
    const [job] = analyzeApp(parseSql("CREATE STREAM out AS SELECT a FROM src WITH ('src.type' = 'datagen')")).jobs;
    expect(job!.sink).toMatchObject({ name: 'out', type: 'stdout', defaultedSink: true });
  });

  it('makes a bare SELECT print to stdout and names jobs after their targets', () => {
    const app = analyzeApp(
      parseSql("CREATE STREAM s (a INT) WITH ('s.type' = 'datagen');\nSELECT a FROM s;\nCREATE STREAM t AS SELECT a FROM s WITH ('t.type' = 'stdout');"),
    );
    expect(app.jobs.map((j) => [j.name, j.sink.type])).toEqual([
      ['query_1', 'stdout'],
      ['t', 'stdout'],
    ]);
  });
});
