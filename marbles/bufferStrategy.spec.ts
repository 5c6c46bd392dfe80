import { interval, map, Observable, of, Subscription, take, type SchedulerLike } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { bufferStrategy } from '../operators/bufferStrategy.js';
import type { BatchConfig, BatchStrategy } from '../operators/batching/batchConfig.js';
import { estimateRowBytes } from '../operators/batching/estimateRowBytes.js';
import { Decimal } from '../lib/types/decimal.js';
import { FerrisError } from '../lib/types/errors.js';
import type { Message } from '../lib/types/message.js';
import type { Row } from '../lib/types/value.js';
import { marbles } from './helper.js';

/** A data message of one-column rows holding the given numbers. */
const data = (...values: number[]): Message => ({ kind: 'data', rows: values.map((v) => [v]) });
/** A data message of one-column rows `from..to` (inclusive). */
const range = (from: number, to: number): Message => data(...Array.from({ length: to - from + 1 }, (_, i) => from + i));
const wm = (ts: number): Message => ({ kind: 'watermark', ts });
const barrier = (epoch: number): Message => ({ kind: 'barrier', epoch });

/** A config with the given strategy and generous common limits. */
const config = (strategy: BatchStrategy, common: Partial<BatchConfig> = {}): BatchConfig => ({
  enabled: true,
  strategy,
  maxSize: 10_000,
  timeoutMs: 1000,
  ...common,
});

describe('bufferStrategy', () => {
  it(
    'fixed_size: emits every size rows, flushes before a watermark (the doc diagram)',
    marbles((m) => {
      const source = m.cold('-a--b---w--c-d-|', { a: data(1, 2), b: data(3, 4, 5), c: data(6), d: data(7, 8), w: wm(10) });
      const result = source.pipe(bufferStrategy(config({ kind: 'fixed_size', size: 3 }), m.scheduler));
      m.expect(result).toBeObservable('----x---(yw)-z-|', {
        x: data(1, 2, 3),
        y: data(4, 5),
        w: wm(10),
        z: data(6, 7, 8),
      });
    }),
  );

  describe('fixed_size', () => {
    it(
      'emits an incomplete batch when its first row has waited batch.timeout',
      marbles((m) => {
        const source = m.cold('a-b------c 20ms |', { a: data(1), b: data(2), c: data(3) });
        const result = source.pipe(bufferStrategy(config({ kind: 'fixed_size', size: 10 }, { timeoutMs: 5 }), m.scheduler));
        // a at 0 waits until 5 (b joins it); c at 9 waits until 14; completion at 30 finds nothing.
        m.expect(result).toBeObservable('-----x--------y 15ms |', { x: data(1, 2), y: data(3) });
      }),
    );

    it(
      'cuts a large input into several batches at once, keeping the rest pending',
      marbles((m) => {
        const source = m.cold('a---b|', { a: range(1, 7), b: range(8, 9) });
        const result = source.pipe(bufferStrategy(config({ kind: 'fixed_size', size: 3 }), m.scheduler));
        m.expect(result).toBeObservable('(xy)z|', { x: range(1, 3), y: range(4, 6), z: range(7, 9) });
      }),
    );

    it('passes an input that is exactly one batch without copying it, and slices larger ones', () => {
      const exact = range(1, 3);
      const large = range(1, 6);
      const seen: Message[] = [];
      of(exact, large)
        .pipe(bufferStrategy(config({ kind: 'fixed_size', size: 3 })))
        .subscribe((message) => seen.push(message));
      expect(seen).toHaveLength(3);
      expect((seen[0] as { rows: Row[] }).rows).toBe((exact as { rows: Row[] }).rows);
      const largeRows = (large as { rows: Row[] }).rows;
      expect((seen[1] as { rows: Row[] }).rows[0]).toBe(largeRows[0]);
      expect((seen[2] as { rows: Row[] }).rows).toEqual(largeRows.slice(3));
    });

    it(
      'never emits more than batch.max_size rows',
      marbles((m) => {
        const source = m.cold('a 9ms |', { a: range(1, 5) });
        const result = source.pipe(bufferStrategy(config({ kind: 'fixed_size', size: 100 }, { maxSize: 2 }), m.scheduler));
        m.expect(result).toBeObservable('(xy) 6ms (z|)', { x: range(1, 2), y: range(3, 4), z: data(5) });
      }),
    );
  });

  describe('time_window', () => {
    it(
      'emits the rows that arrived within the window of the first one',
      marbles((m) => {
        const source = m.cold('a-b---c-d 10ms |', { a: data(1), b: data(2), c: data(3), d: data(4) });
        const result = source.pipe(bufferStrategy(config({ kind: 'time_window', windowMs: 5 }), m.scheduler));
        // a opens a window at 0 (b joins, closes at 5); c opens one at 6 (d joins, closes at 11).
        m.expect(result).toBeObservable('-----x-----y 7ms |', { x: data(1, 2), y: data(3, 4) });
      }),
    );

    it(
      'emits early at batch.max_size and starts a new window with the next row',
      marbles((m) => {
        const source = m.cold('a-b 10ms |', { a: range(1, 3), b: data(4) });
        const result = source.pipe(bufferStrategy(config({ kind: 'time_window', windowMs: 5 }, { maxSize: 2 }), m.scheduler));
        // a: [1, 2] at once, [3] waits from 0; b joins it and fills it at 2; nothing is left.
        m.expect(result).toBeObservable('x-y 10ms |', { x: range(1, 2), y: data(3, 4) });
      }),
    );

    it(
      'a barrier flushes the window and cancels its timer',
      marbles((m) => {
        const source = m.cold('a-B 10ms |', { a: data(1), B: barrier(3) });
        const result = source.pipe(bufferStrategy(config({ kind: 'time_window', windowMs: 5 }), m.scheduler));
        m.expect(result).toBeObservable('--(xB) 7ms |', { x: data(1), B: barrier(3) });
      }),
    );
  });

  describe('adaptive_size', () => {
    const adaptive: BatchStrategy = { kind: 'adaptive_size', minSize: 50, maxSize: 1000, targetLatencyMs: 20 };

    it(
      'grows from min_size until batches take about the target latency, and stays there',
      marbles((m) => {
        // 10 rows every virtual millisecond for 400 ms.
        const source = interval(1, m.scheduler).pipe(
          take(400),
          map((i) => range(i * 10, i * 10 + 9)),
        );
        const batches: { size: number; at: number; firstRow: number }[] = [];
        source.pipe(bufferStrategy(config(adaptive), m.scheduler)).subscribe((message) => {
          if (message.kind === 'data') {
            batches.push({ size: message.rows.length, at: m.scheduler.now(), firstRow: message.rows[0]![0] as number });
          }
        });
        m.flush();
        expect(batches[0]!.size).toBe(50);
        expect(batches.reduce((sum, b) => sum + b.size, 0)).toBe(4000);
        // Latency of a batch: its emission time minus the arrival of its first row (row n arrives at n/10 + 1).
        const latencies = batches.map((b) => b.at - (Math.floor(b.firstRow / 10) + 1));
        expect(Math.max(...latencies)).toBeLessThanOrEqual(20);
        // It settles within 10 batches: the size stops moving (twice min_size and more) and the
        // latency stays between half the target and the target.
        const settled = batches.slice(10, -1);
        expect(settled.length).toBeGreaterThan(20);
        const settledSize = settled[0]!.size;
        expect(settledSize).toBeGreaterThanOrEqual(100);
        for (const [i, b] of settled.entries()) {
          expect(b.size).toBe(settledSize);
          expect(latencies[10 + i]).toBeGreaterThanOrEqual(10);
        }
      }),
    );

    it('keeps the size while batches take between half the target and the target', () => {
      // A clock that only the downstream advances: 1 ms per row handled.
      let clock = 0;
      const clockScheduler: SchedulerLike = {
        now: () => clock,
        schedule: () => new Subscription(), // timers never fire: the source never completes
      };
      const sizes: number[] = [];
      const strategy: BatchStrategy = { kind: 'adaptive_size', minSize: 10, maxSize: 1000, targetLatencyMs: 20 };
      new Observable<Message>((subscriber) => {
        for (let i = 0; i < 100; i++) subscriber.next(range(i * 10, i * 10 + 9));
      })
        .pipe(bufferStrategy(config(strategy), clockScheduler))
        .subscribe((message) => {
          if (message.kind !== 'data') return;
          sizes.push(message.rows.length);
          clock += message.rows.length;
        });
      // 10 rows take 10 ms < 20 but ≥ 10 (half the target): the size stays at 10.
      expect(sizes.every((size) => size === 10)).toBe(true);
      expect(sizes).toHaveLength(100);
    });

    it('shrinks a size that is too slow and grows one that is fast', () => {
      let clock = 0;
      let costPerRow = 0;
      const clockScheduler: SchedulerLike = {
        now: () => clock,
        schedule: () => new Subscription(),
      };
      const sizes: number[] = [];
      const strategy: BatchStrategy = { kind: 'adaptive_size', minSize: 10, maxSize: 1000, targetLatencyMs: 100 };
      const input = new Observable<Message>((subscriber) => {
        for (let i = 0; i < 30; i++) subscriber.next(range(0, 99));
        costPerRow = 10; // the downstream becomes slow: 10 ms per row
        for (let i = 0; i < 30; i++) subscriber.next(range(0, 99));
      });
      input.pipe(bufferStrategy(config(strategy), clockScheduler)).subscribe((message) => {
        if (message.kind !== 'data') return;
        sizes.push(message.rows.length);
        clock += message.rows.length * costPerRow;
      });
      const grown = Math.max(...sizes);
      expect(sizes[0]).toBe(10);
      expect(grown).toBeGreaterThan(500);
      expect(sizes[sizes.length - 1]).toBe(10);
    });
  });

  describe('memory_based', () => {
    // A one-column row of a number is estimated at 24 + 8 + 8 = 40 bytes.
    it('estimates rows cheaply: overhead, slots and values', () => {
      expect(estimateRowBytes([1])).toBe(40);
      expect(estimateRowBytes([null, true])).toBe(40);
      expect(estimateRowBytes(['abcd'])).toBe(24 + 8 + 16 + 4);
      expect(estimateRowBytes([Decimal.parse('1.5')])).toBe(24 + 8 + 32);
      expect(estimateRowBytes([[1, 2]])).toBe(24 + 8 + 32 + 2 * 16);
      expect(estimateRowBytes([new Map([['k', 1]])])).toBe(24 + 8 + 32 + 16 + 16 + 1 + 8);
      expect(estimateRowBytes([{ a: 'xy' }])).toBe(24 + 8 + 32 + 8 + 16 + 2);
    });

    it(
      'emits when the estimated bytes reach the budget',
      marbles((m) => {
        const source = m.cold('a--b|', { a: range(1, 4), b: range(5, 7) });
        const result = source.pipe(bufferStrategy(config({ kind: 'memory_based', memoryBytes: 120 }), m.scheduler));
        // [1, 2, 3] = 120 bytes at 0; [4] waits, 5 and 6 bring it to 120 at 3; completion flushes [7].
        m.expect(result).toBeObservable('x--y(z|)', { x: range(1, 3), y: range(4, 6), z: data(7) });
      }),
    );

    it(
      'starts a new batch before a row that would go over the budget; a huge row is a batch of its own',
      marbles((m) => {
        const big: Message = { kind: 'data', rows: [['x'.repeat(500)]] };
        const source = m.cold('a-b----c|', { a: range(1, 2), b: big, c: data(3) });
        const result = source.pipe(bufferStrategy(config({ kind: 'memory_based', memoryBytes: 100 }), m.scheduler));
        // [1, 2] = 80 bytes; the 548-byte row would go over: [1, 2] is emitted, then the big row alone.
        m.expect(result).toBeObservable('--(xb)--(c|)', { x: range(1, 2), b: big, c: data(3) });
      }),
    );

    it(
      'emits a batch that is still under the budget after batch.timeout',
      marbles((m) => {
        const source = m.cold('a 10ms |', { a: data(1) });
        const result = source.pipe(bufferStrategy(config({ kind: 'memory_based', memoryBytes: 1000 }, { timeoutMs: 4 }), m.scheduler));
        m.expect(result).toBeObservable('----x 6ms |', { x: data(1) });
      }),
    );
  });

  describe('low_latency', () => {
    it(
      'eager: emits every input at once, cut into pieces of at most low_latency_max_size',
      marbles((m) => {
        const source = m.cold('a-b 9ms |', { a: data(1, 2), b: range(3, 27) });
        const strategy: BatchStrategy = { kind: 'low_latency', maxSize: 10, waitMs: 5, eager: true };
        const result = source.pipe(bufferStrategy(config(strategy), m.scheduler));
        m.expect(result).toBeObservable('a-(xyz) 5ms |', { a: data(1, 2), x: range(3, 12), y: range(13, 22), z: range(23, 27) });
      }),
    );

    it(
      'not eager: waits at most low_latency_wait, emits at low_latency_max_size',
      marbles((m) => {
        const source = m.cold('a-b------c-|', { a: range(1, 3), b: range(4, 6), c: range(7, 10) });
        const strategy: BatchStrategy = { kind: 'low_latency', maxSize: 4, waitMs: 5, eager: false };
        const result = source.pipe(bufferStrategy(config(strategy), m.scheduler));
        // a waits from 0; b fills the batch at 2 ([1..4]); [5, 6] wait from 2 until 7; c fills [7..10] at 9.
        m.expect(result).toBeObservable('--x----y-z-|', { x: range(1, 4), y: range(5, 6), z: range(7, 10) });
      }),
    );
  });

  describe('control messages and lifecycle', () => {
    it(
      'no row overtakes a watermark or a barrier; control messages keep their order',
      marbles((m) => {
        const source = m.cold('a-w---b---B--c--|', { a: data(1), w: wm(5), b: data(2), B: barrier(1), c: data(3) });
        const result = source.pipe(bufferStrategy(config({ kind: 'fixed_size', size: 100 }), m.scheduler));
        m.expect(result).toBeObservable('--(xw)----(yB)--(z|)', { x: data(1), w: wm(5), y: data(2), B: barrier(1), z: data(3) });
      }),
    );

    it(
      'a control message with nothing pending passes alone (no empty batch)',
      marbles((m) => {
        const source = m.cold('w-B|', { w: wm(1), B: barrier(2) });
        const result = source.pipe(bufferStrategy(config({ kind: 'fixed_size', size: 10 }), m.scheduler));
        m.expect(result).toBeObservable('w-B|', { w: wm(1), B: barrier(2) });
      }),
    );

    it(
      'completion flushes the pending rows under every strategy',
      marbles((m) => {
        const strategies: BatchStrategy[] = [
          { kind: 'fixed_size', size: 10 },
          { kind: 'time_window', windowMs: 50 },
          { kind: 'adaptive_size', minSize: 10, maxSize: 100, targetLatencyMs: 50 },
          { kind: 'memory_based', memoryBytes: 10_000 },
          { kind: 'low_latency', maxSize: 10, waitMs: 50, eager: false },
        ];
        for (const strategy of strategies) {
          const source = m.cold('a-b|', { a: data(1), b: data(2) });
          m.expect(source.pipe(bufferStrategy(config(strategy), m.scheduler))).toBeObservable('---(x|)', { x: data(1, 2) });
        }
      }),
    );

    it(
      'an error drops the pending rows and is forwarded',
      marbles((m) => {
        const source = m.cold('a-#', { a: data(1) });
        const result = source.pipe(bufferStrategy(config({ kind: 'fixed_size', size: 10 }), m.scheduler));
        m.expect(result).toBeObservable('--#');
      }),
    );

    it(
      'unsubscribing stops the timer: nothing is emitted afterwards',
      marbles((m) => {
        const source = m.cold('a------|', { a: data(1) });
        const result = source.pipe(bufferStrategy(config({ kind: 'time_window', windowMs: 5 }), m.scheduler));
        m.expect(result, '^--!').toBeObservable('---');
      }),
    );

    it(
      'stops cutting an input when the downstream unsubscribes in the middle of it',
      marbles((m) => {
        const source = m.cold('a|', { a: range(1, 100) });
        const result = source.pipe(bufferStrategy(config({ kind: 'fixed_size', size: 10 }), m.scheduler), take(2));
        m.expect(result).toBeObservable('(xy|)', { x: range(1, 10), y: range(11, 20) });
      }),
    );

    it(
      'batch.enable = false passes every message as it comes',
      marbles((m) => {
        const values = { a: range(1, 30), w: wm(1), b: data(31) };
        const source = m.cold('a-w-b|', values);
        const result = source.pipe(bufferStrategy(config({ kind: 'fixed_size', size: 10 }, { enabled: false }), m.scheduler));
        m.expect(result).toBeObservable('a-w-b|', values);
      }),
    );

    it('rejects a hand-built config whose numbers would never complete a batch', () => {
      const bad: [BatchStrategy, string][] = [
        [{ kind: 'fixed_size', size: 0 }, 'batch.size'],
        [{ kind: 'time_window', windowMs: 0 }, 'batch.window'],
        [{ kind: 'adaptive_size', minSize: 1, maxSize: 1.5, targetLatencyMs: 10 }, 'batch.adaptive_max_size'],
        [{ kind: 'memory_based', memoryBytes: -1 }, 'batch.memory_size'],
        [{ kind: 'low_latency', maxSize: 10, waitMs: Number.NaN, eager: true }, 'batch.low_latency_wait'],
      ];
      for (const [strategy, key] of bad) {
        expect(() => bufferStrategy(config(strategy))).toThrow(FerrisError);
        expect(() => bufferStrategy(config(strategy))).toThrow(key);
      }
      expect(() => bufferStrategy(config({ kind: 'fixed_size', size: 1 }, { maxSize: 0 }))).toThrow('batch.max_size');
    });
  });
});
