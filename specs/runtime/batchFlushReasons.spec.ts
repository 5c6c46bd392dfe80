import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { bufferStrategy } from '../../operators/bufferStrategy.js';
import type { BatchConfig } from '../../operators/batching/batchConfig.js';
import type { FlushReason } from '../../operators/batching/batchObserver.js';
import type { Message } from '../../lib/types/message.js';

const data = (...values: number[]): Message => ({ kind: 'data', rows: values.map((v) => [v]) });
const watermark: Message = { kind: 'watermark', ts: 10 };

/**
 * Runs `bufferStrategy(config)` on the `source` marbles in virtual time, checks it gives the
 * `result` marbles, and returns what its observer was told: each batch's rows and flush reason.
 */
function flushes(config: BatchConfig, source: string, inputs: Record<string, Message>, result: string, outputs: Record<string, Message>): Array<[number, FlushReason]> {
  const seen: Array<[number, FlushReason]> = [];
  const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  scheduler.run(({ cold, expectObservable }) => {
    expectObservable(cold(source, inputs).pipe(bufferStrategy(config, scheduler, (rows, reason) => seen.push([rows, reason])))).toBe(result, outputs);
  });
  return seen;
}

const fixed = (size: number, timeoutMs: number): BatchConfig => ({ enabled: true, maxSize: 1000, timeoutMs, strategy: { kind: 'fixed_size', size } });

describe('bufferStrategy: what its observer is told', () => {
  it('each batch once with why it went: its size reached, or a watermark flushing it', () => {
    // source:   -a--b---w--c-d-|     a = [1, 2]  b = [3, 4, 5]  c = [6]  d = [7, 8]
    // result:   ----x---(yw)-z-|     x = [1, 2, 3] (size)  y = [4, 5] (watermark)  z = [6, 7, 8] (size)
    const seen = flushes(fixed(3, 1000), '-a--b---w--c-d-|', { a: data(1, 2), b: data(3, 4, 5), w: watermark, c: data(6), d: data(7, 8) }, '----x---(yw)-z-|', {
      x: data(1, 2, 3),
      y: data(4, 5),
      w: watermark,
      z: data(6, 7, 8),
    });
    expect(seen).toEqual([
      [3, 'size'],
      [2, 'watermark'],
      [3, 'size'],
    ]);
  });

  it('time when the first row waited the timeout; end when the input completed first', () => {
    // source:   a 9ms |         result:   5ms t 4ms |      t = [9], after the 5 ms timeout
    expect(flushes(fixed(3, 5), 'a 9ms |', { a: data(9) }, '5ms t 4ms |', { t: data(9) })).toEqual([[1, 'time']]);
    // source:   a-|             result:   --(e|)           e = [10], flushed by the completion
    expect(flushes(fixed(3, 1000), 'a-|', { a: data(10) }, '--(e|)', { e: data(10) })).toEqual([[1, 'end']]);
  });

  it('memory when a memory_based batch reached its byte budget; eager for low_latency rows sent at once', () => {
    const memory: BatchConfig = { enabled: true, maxSize: 1000, timeoutMs: 1000, strategy: { kind: 'memory_based', memoryBytes: 1 } };
    // source:   a-|             result:   e-|              e = [10], over the 1-byte budget at once
    expect(flushes(memory, 'a-|', { a: data(10) }, 'e-|', { e: data(10) })).toEqual([[1, 'memory']]);
    const eager: BatchConfig = { enabled: true, maxSize: 1000, timeoutMs: 1000, strategy: { kind: 'low_latency', maxSize: 10, waitMs: 5, eager: true } };
    expect(flushes(eager, 'a-|', { a: data(1, 2) }, 'e-|', { e: data(1, 2) })).toEqual([[2, 'eager']]);
  });
});
