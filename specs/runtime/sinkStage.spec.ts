import { concat, mergeMap, of, Subject, throwError, timer } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { TransactionalSink } from '../../lib/connectors/transactionalSink.js';
import type { ReadPosition, Sink, Source } from '../../lib/connectors/types.js';
import type { Message } from '../../lib/types/message.js';
import type { Row } from '../../lib/types/value.js';
import { FlowGate } from '../../lib/runtime/flowGate.js';
import { newJobMetrics } from '../../lib/runtime/jobMetrics.js';
import { OffsetCommitter } from '../../lib/runtime/offsetCommitter.js';
import { schemaOf } from '../../lib/types/schema.js';
import { writeToSink } from '../../lib/runtime/sinkWriter.js';

/** A sink recording every call, in order. */
function recordingSink(transactional: boolean): { sink: Sink; calls: string[] } {
  const calls: string[] = [];
  const plain: Sink = {
    write: async (rows: readonly Row[]) => void calls.push(`write ${rows.length}`),
    flush: async () => void calls.push('flush'),
    close: async () => void calls.push('close'),
  };
  if (!transactional) return { sink: plain, calls };
  const sink: TransactionalSink = {
    ...plain,
    begin: async (epoch) => void calls.push(`begin ${epoch}`),
    preCommit: async (epoch) => void calls.push(`preCommit ${epoch}`),
    commit: async (epoch) => void calls.push(`commit ${epoch}`),
    abort: async (epoch) => void calls.push(`abort ${epoch}`),
  };
  return { sink, calls };
}

const batch = (n: number): Message => ({ kind: 'data', rows: Array.from({ length: n }, (_, i) => [i]) });
const barrier = (epoch: number): Message => ({ kind: 'barrier', epoch });
const watermark = (ts: number): Message => ({ kind: 'watermark', ts });

describe('the sink stage takes part in epochs', () => {
  it('pre-commits and commits a transactional sink at every barrier, after the writes before it, and at the end', async () => {
    const { sink, calls } = recordingSink(true);
    const metrics = newJobMetrics();
    await writeToSink(of(batch(2), barrier(1), batch(1), watermark(5), barrier(2), batch(3)), sink, new FlowGate(4), metrics, { sinkName: 'out' }).done;
    expect(metrics.watermark).toBe(5);
    expect([metrics.batchesOut, metrics.rowsOut]).toEqual([3, 6]);
    expect(metrics.sinkWriteSeconds).toBeGreaterThanOrEqual(0);
    expect(calls).toEqual([
      'begin 1',
      'write 2',
      'preCommit 1',
      'commit 1',
      'begin 2',
      'write 1',
      'preCommit 2',
      'commit 2',
      'begin 3',
      'write 3',
      'preCommit 3',
      'commit 3',
      'close',
    ]);
  });

  it('aborts the open transaction when the graph fails, then closes the sink', async () => {
    const { sink, calls } = recordingSink(true);
    const graph = concat(of(batch(1), barrier(1), batch(2)), timer(20).pipe(mergeMap(() => throwError(() => new Error('boom')))));
    await expect(writeToSink(graph, sink, new FlowGate(4), newJobMetrics(), { sinkName: 'out' }).done).rejects.toThrow('boom');
    expect(calls).toEqual(['begin 1', 'write 1', 'preCommit 1', 'commit 1', 'begin 2', 'write 2', 'abort 2', 'close']);
  });

  it('flushes a plain sink at every barrier (what was written before it is durable)', async () => {
    const { sink, calls } = recordingSink(false);
    await writeToSink(of(batch(2), barrier(1), batch(1)), sink, new FlowGate(4), newJobMetrics()).done;
    expect(calls).toEqual(['write 2', 'flush', 'write 1', 'flush', 'close']);
  });
});

/** A source whose read position is the number of batches the spec says were read; commits are recorded. */
function countingSource(): { source: Source; read: () => void; commits: number[] } {
  let read = 0;
  const commits: number[] = [];
  const source: Source = {
    schema: schemaOf([]),
    bounded: false,
    batches: async function* () {},
    readPosition: () => read as unknown as ReadPosition,
    commitPosition: async (position) => void commits.push(position as unknown as number),
    close: async () => undefined,
  };
  return { source, read: () => read++, commits };
}

const waitMs = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('the sink stage commits source positions while running (at-least-once)', () => {
  it('commits what a sink acknowledged beside the later writes, which a commit does not hold back', async () => {
    const { source, read, commits } = countingSource();
    const calls: string[] = [];
    let acknowledge: () => void = () => undefined;
    /** The broker's acknowledgement of what was written, given by the spec. */
    const acknowledgement = new Promise<void>((resolve) => (acknowledge = resolve));
    let asked = 0;
    const sink: Sink = {
      write: async (rows) => void calls.push(`write ${rows.length}`),
      flush: async () => void calls.push('flush'),
      acknowledged: () => {
        asked++;
        return acknowledgement;
      },
      close: async () => void calls.push('close'),
    };
    const graph = new Subject<Message>();
    const committer = new OffsetCommitter([source], 20, true);
    const stage = writeToSink(graph, sink, new FlowGate(4), newJobMetrics(), { committer });
    read();
    graph.next(batch(1));
    await waitFor(() => asked > 0);
    read();
    graph.next(batch(2));
    await waitMs(5);
    expect(calls).toEqual(['write 1', 'write 2']);
    expect(commits).toEqual([]);
    acknowledge();
    await waitFor(() => commits.length > 0);
    expect(commits[0]).toBe(1);
    graph.complete();
    await stage.done;
    expect(calls.filter((c) => c !== 'flush')).toEqual(['write 1', 'write 2', 'close']);
  });

  it('flushes a sink that cannot tell what it acknowledged between two writes before committing', async () => {
    const { source, read, commits } = countingSource();
    const { sink, calls } = recordingSink(false);
    const graph = new Subject<Message>();
    const stage = writeToSink(graph, sink, new FlowGate(4), newJobMetrics(), { committer: new OffsetCommitter([source], 20, true) });
    read();
    graph.next(batch(1));
    await waitFor(() => commits.length > 0);
    graph.next(batch(2));
    graph.complete();
    await stage.done;
    expect(calls.slice(0, 2)).toEqual(['write 1', 'flush']);
    expect(commits[0]).toBe(1);
  });
});

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await waitMs(5);
  expect(check()).toBe(true);
}
