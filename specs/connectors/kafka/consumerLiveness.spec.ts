import { EventEmitter } from 'node:events';
import type { Consumer } from 'kafkajs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchConsumerLiveness } from '../../../lib/connectors/kafka/consumerLiveness.js';
import { isRetriable } from '../../../lib/runtime/restart/retriableError.js';
import type { FerrisError } from '../../../lib/types/errors.js';

/** The consumer events the watch listens to, as kafkajs names them. */
const EVENTS = { FETCH: 'consumer.fetch', START_BATCH_PROCESS: 'consumer.start_batch_process', END_BATCH_PROCESS: 'consumer.end_batch_process', GROUP_JOIN: 'consumer.group_join' } as const;

/** A consumer whose instrumentation events the spec emits itself. */
function fakeConsumer(): { consumer: Pick<Consumer, 'on' | 'events'>; emit(event: string): void; listeners(): number } {
  const emitter = new EventEmitter();
  const on = (event: string, listener: () => void): (() => void) => {
    emitter.on(event, listener);
    return () => emitter.off(event, listener);
  };
  return {
    consumer: { on: on as unknown as Consumer['on'], events: EVENTS as unknown as Consumer['events'] },
    emit: (event) => emitter.emit(event),
    listeners: () => Object.values(EVENTS).reduce((sum, event) => sum + emitter.listenerCount(event), 0),
  };
}

describe('watchConsumerLiveness (a consumer whose fetch loop stopped fails the job)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('stays quiet while fetches complete, even when none brings a record', () => {
    const { consumer, emit } = fakeConsumer();
    const stalls: FerrisError[] = [];
    const end = watchConsumerLiveness(consumer, { group: 'g', timeoutMs: 1000, log: () => undefined, onStall: (error) => stalls.push(error) });
    for (let i = 0; i < 20; i++) {
      vi.advanceTimersByTime(250);
      emit(EVENTS.FETCH);
    }
    expect(stalls).toEqual([]);
    end();
  });

  it('fails once with a retriable error and a log line when nothing happened for the timeout', () => {
    const { consumer, emit, listeners } = fakeConsumer();
    const stalls: FerrisError[] = [];
    const logged: string[] = [];
    watchConsumerLiveness(consumer, { group: 'orders', timeoutMs: 1000, log: (level, message) => logged.push(`${level} ${message}`), onStall: (error) => stalls.push(error) });
    emit(EVENTS.FETCH);
    vi.advanceTimersByTime(900);
    expect(stalls).toEqual([]);
    vi.advanceTimersByTime(400);
    expect(stalls).toHaveLength(1);
    expect(stalls[0]!.message).toMatch(/the consumer of group 'orders' completed no fetch for \d+ ms \('liveness.timeout.ms' = 1000\)/);
    expect(isRetriable(stalls[0])).toBe(true);
    expect(logged).toEqual([expect.stringMatching(/^error kafka consumer stalled: /)]);
    // Once: the watch ended itself.
    vi.advanceTimersByTime(5000);
    expect(stalls).toHaveLength(1);
    expect(listeners()).toBe(0);
  });

  it('counts a batch handled and a rejoin as signs of life', () => {
    const { consumer, emit } = fakeConsumer();
    const stalls: FerrisError[] = [];
    watchConsumerLiveness(consumer, { group: 'g', timeoutMs: 1000, log: () => undefined, onStall: (error) => stalls.push(error) });
    for (const event of [EVENTS.START_BATCH_PROCESS, EVENTS.END_BATCH_PROCESS, EVENTS.GROUP_JOIN, EVENTS.START_BATCH_PROCESS]) {
      vi.advanceTimersByTime(800);
      emit(event);
    }
    expect(stalls).toEqual([]);
  });

  it('watches nothing once ended, nor with a timeout of 0', () => {
    const { consumer, listeners } = fakeConsumer();
    const stalls: FerrisError[] = [];
    const end = watchConsumerLiveness(consumer, { group: 'g', timeoutMs: 1000, log: () => undefined, onStall: (error) => stalls.push(error) });
    end();
    expect(listeners()).toBe(0);
    watchConsumerLiveness(consumer, { group: 'g', timeoutMs: 0, log: () => undefined, onStall: (error) => stalls.push(error) });
    expect(listeners()).toBe(0);
    vi.advanceTimersByTime(10_000);
    expect(stalls).toEqual([]);
  });
});
