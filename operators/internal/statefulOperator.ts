import type { OperatorFunction } from 'rxjs';
import { Observable } from '../rxjs.js';
import { FerrisError } from '../../lib/types/errors.js';
import type { Message } from '../../lib/types/message.js';
import { decodeState, encodeState, type StateValue } from '../../lib/types/stateCodec.js';
import type { Row } from '../../lib/types/value.js';
import { forwardingObserver } from '../forwardingObserver.js';
import { MemorySnapshotStore, type OperatorSnapshot, type SnapshotSink } from './snapshots.js';

/** One named piece of an operator's state (Arroyo's `tables()`): how to image it and read it back. */
export interface StateTable {
  /** A JSON-safe image of the table now. */
  snapshot(): StateValue;
  /** Replaces the table's content with an image from {@link snapshot} (on a fresh operator). */
  restore(image: StateValue): void;
}

/** What an operator holds that it has not emitted as final yet (what the end of input would flush). */
export interface PendingOutput {
  /** Open windows (or sessions) with rows; 0 for an operator without windows. */
  readonly windows: number;
  /** Output rows they would give (groups per window, or keys). */
  readonly rows: number;
}

/**
 * What a stateful operator does; {@link statefulOperator} turns it into an RxJS operator.
 * Handlers return the rows to emit (an empty array for none), never emitting themselves.
 */
export interface StatefulHandlers {
  /** The operator's state by name: all of it, so a snapshot of these tables is a snapshot of the operator. */
  readonly tables: { readonly [name: string]: StateTable };
  /** A batch of rows arrived; `watermark` is the current one (-Infinity before the first). */
  onData(rows: readonly Row[], watermark: number): Row[];
  /** The watermark moved forward: the rows it makes final (closed windows). */
  onWatermark?(watermark: number): Row[];
  /**
   * The watermark to forward after {@link onWatermark}, or -Infinity for none: at most
   * `watermark`, held back to the oldest row the operator still holds unemitted (so that row
   * is not late downstream). The operator keeps what it forwarded in its tables, so a restored
   * one forwards exactly what the uninterrupted one would. Without it the watermark passes as it came.
   */
  forwardWatermark?(watermark: number): number;
  /** The input ended and the state is to be flushed: the rows of everything still open. */
  onEnd?(): Row[];
  /** What {@link onEnd} would flush now. */
  pending?(): PendingOutput;
  /** True once the operator wants no more input (a LIMIT reached): its output completes and the input is unsubscribed. */
  finished?(): boolean;
}

/** A running stateful operator as the runtime sees it at the end of its input (for the shutdown report). */
export interface LiveStatefulOperator {
  readonly id: string;
  /** What the operator holds unemitted now. */
  pending(): PendingOutput;
}

/** How a stateful operator takes part in checkpoints and shutdown; given by the runtime (one per physical node). */
export interface OperatorStateContext {
  /** The stable id of the operator's physical node; a snapshot is restored only into the same id. */
  readonly id: string;
  /** Where snapshots go at each barrier. */
  readonly snapshots: SnapshotSink;
  /** A snapshot to start from instead of empty state (a restart from a checkpoint). */
  readonly restore?: OperatorSnapshot;
  /**
   * Asked when the input completes: `flush` (end of input, or a stop with drain) emits every
   * open window as final; `keep` (a stop without drain) emits nothing more, the state staying
   * unemitted (the runtime reads `operator.pending()` to report it; a stored checkpoint will
   * keep it). Default `flush`.
   */
  readonly atEnd?: (operator: LiveStatefulOperator) => 'flush' | 'keep';
  /** Told when the operator is subscribed, so the runtime can read what it holds while it runs (the job server's state size). */
  readonly started?: (operator: LiveStatefulOperator) => void;
}

const NOTHING_PENDING: PendingOutput = { windows: 0, rows: 0 };

/** A context for an operator used on its own (marble specs, library use): snapshots kept in memory. */
export function standaloneState(id: string): OperatorStateContext {
  return { id, snapshots: new MemorySnapshotStore() };
}

/** Restores every declared table of `handlers` from `snapshot` (taken by the node of the same id); returns the snapshot's watermark. */
export function restoreInto(handlers: Pick<StatefulHandlers, 'tables'>, context: OperatorStateContext, snapshot: OperatorSnapshot): number {
  if (snapshot.operatorId !== context.id) {
    throw new FerrisError('INTERNAL', `the snapshot of ${snapshot.operatorId} cannot be restored into ${context.id}`);
  }
  const declared = Object.keys(handlers.tables);
  const held = Object.keys(snapshot.tables);
  const missing = declared.filter((name) => !(name in snapshot.tables));
  const unknown = held.filter((name) => !(name in handlers.tables));
  if (missing.length > 0 || unknown.length > 0) {
    throw new FerrisError(
      'INTERNAL',
      `the snapshot of ${context.id} at epoch ${snapshot.epoch} has tables [${held.join(', ')}], the operator declares [${declared.join(', ')}]`,
    );
  }
  for (const name of declared) handlers.tables[name]!.restore(snapshot.tables[name]!);
  return decodeState(snapshot.watermark) as number;
}

/**
 * The stateful-operator contract: turns handlers with named state into an operator over
 * messages. Data goes to `onData`; a watermark that moves time forward goes to `onWatermark`
 * and is forwarded after the rows it made final; a barrier is forwarded only after the
 * snapshot of every table for its epoch was handed to the context's snapshot sink; the end of
 * input flushes through `onEnd`, unless the context says to keep the state. A new operator
 * given a snapshot (`context.restore`) continues exactly where the snapshotted one was.
 * Emitted batches are never empty.
 *
 * ```text
 * source:  --a--B--b--W--|      B = barrier 1   W = watermark that closes a window holding a, b
 * statefulOperator(window handlers)
 * result:  -----B--------(xW)|  B forwarded after snapshot {epoch 1, tables} went to the sink
 * ```
 */
export function statefulOperator(context: OperatorStateContext, create: () => StatefulHandlers): OperatorFunction<Message, Message> {
  return (source) =>
    new Observable<Message>((subscriber) => {
      const handlers = create();
      let watermark = context.restore === undefined ? -Infinity : restoreInto(handlers, context, context.restore);
      const emit = (rows: Row[]): void => {
        if (rows.length > 0) subscriber.next({ kind: 'data', rows });
      };
      const snapshot = (epoch: number): void => {
        const tables: { [name: string]: StateValue } = {};
        for (const [name, table] of Object.entries(handlers.tables)) tables[name] = table.snapshot();
        context.snapshots.put({ operatorId: context.id, epoch, watermark: encodeState(watermark), tables });
      };
      const live: LiveStatefulOperator = { id: context.id, pending: () => handlers.pending?.() ?? NOTHING_PENDING };
      context.started?.(live);
      return source.subscribe(
        forwardingObserver(
          subscriber,
          (message: Message) => {
            if (message.kind === 'data') {
              emit(handlers.onData(message.rows, watermark));
              if (handlers.finished?.()) subscriber.complete();
              return;
            }
            if (message.kind === 'watermark') {
              if (message.ts > watermark) {
                watermark = message.ts;
                if (handlers.onWatermark) emit(handlers.onWatermark(watermark));
              }
              if (handlers.forwardWatermark) {
                const out = handlers.forwardWatermark(watermark);
                if (out > -Infinity) subscriber.next({ kind: 'watermark', ts: out });
                return;
              }
            } else {
              snapshot(message.epoch);
            }
            subscriber.next(message);
          },
          () => {
            if ((context.atEnd?.(live) ?? 'flush') === 'flush' && handlers.onEnd) emit(handlers.onEnd());
          },
        ),
      );
    });
}
