import { describe, expect, it } from 'vitest';
import { analyzeApp } from '../../../lib/plan/app/analyzeApp.js';
import { planJob } from '../../../lib/plan/planJob.js';
import { scaleOutOf, scalesOut } from '../../../lib/runtime/scale/scaleOutPlan.js';
import { parseSql } from '../../../lib/sql/parser.js';
import { schemaOf } from '../../../lib/types/schema.js';
import { INTEGER, STRING, TIMESTAMP } from '../../../lib/types/sqlType.js';

const ticks = schemaOf([
  { name: 'k', type: STRING, nullable: true },
  { name: 'ts', type: TIMESTAMP, nullable: true },
  { name: 'v', type: INTEGER, nullable: true },
]);

const source = "CREATE STREAM ticks (k STRING, ts TIMESTAMP, v INTEGER) WITH ('ticks.type' = 'kafka_source', 'ticks.bootstrap.servers' = 'localhost:9092', 'ticks.topic' = 'in', 'ticks.group.id' = 'g');\n";
const sink = (mode: string, extra = ''): string => `WITH (${extra}'mode' = '${mode}', 'out.type' = 'kafka_sink', 'out.bootstrap.servers' = 'localhost:9092', 'out.topic' = 'out')`;

function job(select: string, mode = 'transactional', extra = '') {
  return analyzeApp(parseSql(`${source}CREATE STREAM out AS ${select} ${sink(mode, extra)};`)).jobs[0]!;
}

function scaleOf(select: string, extra = '') {
  const spec = job(select, 'transactional', extra);
  return scaleOutOf(planJob(spec, new Map([['ticks', ticks]]), new Map([['ticks', 4]]), new Set(['ticks'])).logical);
}

describe('which jobs scale out over their consumer group', () => {
  it('a transactional job over one Kafka source into a Kafka sink, not one that is simple or read by another job', () => {
    expect(scalesOut(job('SELECT k FROM ticks'), false)).toBe(true);
    expect(scalesOut(job('SELECT k FROM ticks', 'simple'), false)).toBe(false);
    expect(scalesOut(job('SELECT k FROM ticks'), true)).toBe(false);
  });
});

describe('how a scaled-out job is split (scaleOutOf)', () => {
  it('a stateless job: one task per source partition, no repartition', () => {
    expect(scaleOf('SELECT k, v * 2 AS w FROM ticks WHERE v > 0')).toEqual({ kind: 'tasks' });
  });

  it('state keyed by the record key (or the partition) stays with the source partitions', () => {
    expect(scaleOf('SELECT _key, COUNT(*) AS c FROM ticks GROUP BY _key')).toEqual({ kind: 'tasks' });
    expect(scaleOf('SELECT _partition, k, COUNT(*) AS c FROM ticks GROUP BY _partition, k')).toEqual({ kind: 'tasks' });
  });

  it('a windowed GROUP BY by a column: repartitioned by that column, with the markers\' event time below the filter', () => {
    const scale = scaleOf("SELECT k, COUNT(*) AS c FROM ticks WHERE v > 0 GROUP BY k, TUMBLE(ts, INTERVAL '1' SECOND)", "'event.time.field' = 'ts', ");
    expect(scale.kind).toBe('repartition');
    if (scale.kind !== 'repartition') return;
    expect(scale.keyColumns).toEqual([0]);
    expect(scale.keyNames).toEqual(['k']);
    expect(scale.eventTime?.expr.text).toBe('ts');
    expect(scale.eventTime?.filters.map((f) => f.text)).toEqual(['v > 0']);
  });

  it('keys through a projection and expressions: only the plain columns are hashed (rows of one full key still meet)', () => {
    const scale = scaleOf('SELECT k, UPPER(k) AS u, COUNT(*) AS c FROM ticks GROUP BY k, UPPER(k)');
    expect(scale).toMatchObject({ kind: 'repartition', keyColumns: [0], eventTime: undefined });
  });

  it('no plain key column (a global aggregate): everything to one task', () => {
    expect(scaleOf('SELECT COUNT(*) AS c FROM ticks')).toMatchObject({ kind: 'repartition', keyColumns: [], reason: expect.stringContaining('one task holds the state') });
  });
});
