import { FerrisError } from '../types/errors.js';
import type { Sink } from './types.js';

/**
 * A sink that takes part in checkpoints with a two-phase commit (after Flink's
 * `TwoPhaseCommitSinkFunction`): rows are written inside a transaction opened by `begin`;
 * when the barrier of the epoch reaches the sink, `preCommit` makes everything written
 * durable but invisible (a Kafka transaction flushed, a part file closed); once the
 * checkpoint of that epoch is stored, `commit` makes it visible, so output and state advance
 * together. `abort` throws the transaction away (a failure before the checkpoint completed).
 * The calls follow {@link SINK_TRANSACTION_TRANSITIONS}; {@link SinkTransaction} enforces it.
 */
export interface TransactionalSink extends Sink {
  begin(epoch: number): Promise<void>;
  preCommit(epoch: number): Promise<void>;
  commit(epoch: number): Promise<void>;
  abort(epoch: number): Promise<void>;
}

/** Whether a sink takes part in checkpoints with a two-phase commit. */
export function isTransactionalSink(sink: Sink): sink is TransactionalSink {
  const s = sink as Partial<TransactionalSink>;
  return typeof s.begin === 'function' && typeof s.preCommit === 'function' && typeof s.commit === 'function' && typeof s.abort === 'function';
}

/** Where a sink's transaction is. */
export type SinkTransactionState = 'ready' | 'transacting' | 'prepared' | 'closed';

/** What is done to a sink's transaction. */
export type SinkTransactionEvent = 'begin' | 'write' | 'preCommit' | 'commit' | 'abort' | 'close';

/**
 * The valid transitions (as kafkajs's `transactionStateMachine`): from each state, the events
 * allowed and the state they lead to. Anything else is a programming error of the runtime.
 *
 * | state       | begin       | write       | preCommit | commit | abort | close  |
 * |-------------|-------------|-------------|-----------|--------|-------|--------|
 * | ready       | transacting |             |           |        |       | closed |
 * | transacting |             | transacting | prepared  |        | ready |        |
 * | prepared    |             |             |           | ready  | ready |        |
 * | closed      |             |             |           |        |       |        |
 */
export const SINK_TRANSACTION_TRANSITIONS: { readonly [S in SinkTransactionState]: { readonly [E in SinkTransactionEvent]?: SinkTransactionState } } = {
  ready: { begin: 'transacting', close: 'closed' },
  transacting: { write: 'transacting', preCommit: 'prepared', abort: 'ready' },
  prepared: { commit: 'ready', abort: 'ready' },
  closed: {},
};

/**
 * The state machine of one sink's transactions: `apply` moves it by an event, or throws a
 * clear error naming the state, the event, the epoch and the events valid there.
 */
export class SinkTransaction {
  private current: SinkTransactionState = 'ready';
  private currentEpoch: number | undefined;

  constructor(private readonly sinkName: string) {}

  /** The state now. */
  get state(): SinkTransactionState {
    return this.current;
  }

  /** The epoch of the open or prepared transaction, if any. */
  get epoch(): number | undefined {
    return this.currentEpoch;
  }

  /** Applies `event` (for `epoch`, checked against the open transaction's) and returns the new state. */
  apply(event: SinkTransactionEvent, epoch?: number): SinkTransactionState {
    const next = SINK_TRANSACTION_TRANSITIONS[this.current][event];
    if (next === undefined) {
      const valid = Object.keys(SINK_TRANSACTION_TRANSITIONS[this.current]);
      throw new FerrisError(
        'INTERNAL',
        `sink ${this.sinkName}: cannot ${event}${epoch === undefined ? '' : ` epoch ${epoch}`} in state '${this.current}'; valid here: ${valid.length === 0 ? 'nothing' : valid.join(', ')}`,
      );
    }
    if (event !== 'begin' && epoch !== undefined && this.currentEpoch !== undefined && epoch !== this.currentEpoch) {
      throw new FerrisError('INTERNAL', `sink ${this.sinkName}: cannot ${event} epoch ${epoch}: the open transaction is epoch ${this.currentEpoch}`);
    }
    if (event === 'begin') this.currentEpoch = epoch;
    else if (next === 'ready' || next === 'closed') this.currentEpoch = undefined;
    this.current = next;
    return next;
  }
}
