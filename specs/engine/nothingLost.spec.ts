import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, Subject, toArray } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FerrisEngine, type BadRecordEvent, type LateRowEvent } from '../../lib/engine/ferrisEngine.js';
import { silentLogger } from '../../lib/runtime/logger.js';

type Tick = { k: string; ts: string; v: number };
const TICKS = { k: 'VARCHAR', ts: 'TIMESTAMP', v: 'INTEGER' };
const WINDOWED = "SELECT k, TUMBLE_START(ts, INTERVAL '1' MINUTE) AS window_start, COUNT(*) AS n FROM live GROUP BY k, TUMBLE(ts, INTERVAL '1' MINUTE)";
const tick = (ts: string, v = 1): Tick => ({ k: 'a', ts: `2024-01-01T${ts}Z`, v });

describe('the library API loses nothing', () => {
  afterEach(() => vi.restoreAllMocks());

  it('keeps the rows a hot Subject pushes right after sql().subscribe() (both windows emitted)', async () => {
    const input = new Subject<Tick[]>();
    const engine = new FerrisEngine({ log: silentLogger }).registerStream('live', { columns: TICKS, rows: input });
    const result = firstValueFrom(engine.sql<{ n: bigint }>(WINDOWED).pipe(toArray()));
    input.next([tick('00:00:01'), tick('00:00:02')]);
    input.next([tick('00:01:01')]);
    input.complete();
    expect((await result).map((r) => Number(r.n))).toEqual([2, 1]);
  });

  it('keeps the rows a hot Subject pushes right after run() starts', async () => {
    const input = new Subject<Tick[]>();
    const out = join(mkdtempSync(join(tmpdir(), 'ferris-engine-')), 'out.jsonl');
    const engine = new FerrisEngine({ log: silentLogger }).registerStream('live', { columns: TICKS, rows: input });
    const done = engine.run(`CREATE STREAM out AS SELECT k, v FROM live WITH ('out.type' = 'file_sink', 'out.path' = '${out}', 'out.format' = 'jsonl')`);
    input.next([tick('00:00:01', 1)]);
    input.next([tick('00:00:02', 2)]);
    input.complete();
    const [outcome] = await done;
    expect(outcome?.error).toBeUndefined();
    expect(readFileSync(out, 'utf8')).toBe('{"k":"a","v":1}\n{"k":"a","v":2}\n');
  });

  it('logs a row whose evaluation fails to stderr by default', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const engine = new FerrisEngine().registerStream('trades', { columns: { symbol: 'VARCHAR' }, rows: [{ symbol: 'AAPL' }] });
    const rows = await firstValueFrom(engine.sql('SELECT CAST(symbol AS INTEGER) AS n FROM trades').pipe(toArray()));
    expect(rows).toEqual([]);
    const written = stderr.mock.calls.map(([text]) => String(text)).join('');
    expect(written).toMatch(/^WARN +failed row skipped job=query_1 origin=trades partition=0 offset=0 error=.*AAPL/m);
  });

  it('hands bad records to onBadRecord, with where they came from', async () => {
    const bad: BadRecordEvent[] = [];
    const engine = new FerrisEngine({ log: silentLogger, onBadRecord: (event) => bad.push(event) }).registerStream('trades', {
      columns: { symbol: 'VARCHAR' },
      rows: [{ symbol: '7' }, { symbol: 'AAPL' }],
    });
    const rows = await firstValueFrom(engine.sql<{ n: bigint }>('SELECT CAST(symbol AS INTEGER) AS n FROM trades').pipe(toArray()));
    expect(rows.map((r) => Number(r.n))).toEqual([7]);
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ job: 'query_1', origin: 'trades', position: 1, raw: '{"symbol":"AAPL"}' });
    expect(bad[0]!.error.message).toContain('AAPL');
  });

  it('hands rows later than their window to onLateRow, with the window end they missed', async () => {
    const late: LateRowEvent[] = [];
    const input = new Subject<Tick[]>();
    const engine = new FerrisEngine({ log: silentLogger, onLateRow: (event) => late.push(event) }).registerStream('live', { columns: TICKS, rows: input });
    const result = firstValueFrom(engine.sql<{ n: bigint }>(WINDOWED).pipe(toArray()));
    setTimeout(() => {
      input.next([tick('00:00:01')]);
      input.next([tick('00:01:10')]);
      input.next([tick('00:00:05', 5)]);
      input.complete();
    }, 10);
    expect((await result).map((r) => Number(r.n))).toEqual([1, 1]);
    expect(late).toHaveLength(1);
    expect(late[0]).toMatchObject({ job: 'query_1', windowEnd: Date.parse('2024-01-01T00:01:00Z') });
    expect(late[0]!.row.slice(0, 3)).toEqual(['a', Date.parse('2024-01-01T00:00:05Z'), 5]);
  });
});
