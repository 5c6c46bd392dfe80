import { Observable } from '../rxjs.js';
import type { Message } from '../../lib/types/message.js';
import { decodeState, encodeState, type StateValue } from '../../lib/types/stateCodec.js';
import type { Row } from '../../lib/types/value.js';
import { BarrierAligner } from './barrierAligner.js';
import { restoreInto, type LiveStatefulOperator, type OperatorStateContext, type PendingOutput, type StateTable } from './statefulOperator.js';

/** Which input of a two-input operator: 0 the left, 1 the right. */
export type Side = 0 | 1;

/**
 * What a two-input stateful operator (a join) does; {@link twoInputOperator} runs it. Handlers
 * return the rows to emit, never emitting themselves.
 */
export interface TwoInputHandlers {
  /** The operator's state by name (all of it). */
  readonly tables: { readonly [name: string]: StateTable };
  /** A batch of rows arrived on `side`. */
  onData(side: Side, rows: readonly Row[]): Row[];
  /** The watermark of `side` moved forward to `ts` (`Infinity` once the input ended): the rows it makes final. */
  onWatermark(side: Side, ts: number): Row[];
  /** The watermark of the output now, given both inputs' watermarks (forwarded when it advances). */
  outputWatermark(left: number, right: number): number;
  /** Both inputs ended and the state is to be flushed. */
  onEnd?(): Row[];
  /** What {@link onEnd} would flush now. */
  pending?(): PendingOutput;
}

const NOTHING_PENDING: PendingOutput = { windows: 0, rows: 0 };

/** The name of the table where the inputs' watermarks are snapshotted. */
const WATERMARKS = 'input_watermarks';

/**
 * The stateful-operator contract for two inputs: barriers are aligned across both
 * ({@link BarrierAligner}), so no row crosses an epoch; at each aligned barrier every declared
 * table and both inputs' watermarks are snapshotted before the barrier is forwarded; each
 * input's watermark goes to `onWatermark` (its end counts as `Infinity`), and the output
 * watermark the handlers compute is forwarded, after the rows it made final, when it moves
 * forward. A snapshot in `context.restore` continues exactly where it was taken.
 *
 * ```text
 * left:    -a--B--1-----|       B = barrier 1, digits = watermarks
 * right:   ---b---B--2--|
 * twoInputOperator(join handlers)
 * result:  -x-y---B-1-2-|       x, y = what a and b gave; B after the snapshot of epoch 1
 * ```
 */
export function twoInputOperator(
  context: OperatorStateContext,
  left: Observable<Message>,
  right: Observable<Message>,
  create: () => TwoInputHandlers,
): Observable<Message> {
  return new Observable<Message>((subscriber) => {
    const handlers = create();
    const inputWatermarks = [-Infinity, -Infinity];
    const tables: { [name: string]: StateTable } = {
      ...handlers.tables,
      [WATERMARKS]: {
        snapshot: () => inputWatermarks.map(encodeState),
        restore(image) {
          (image as StateValue[]).forEach((w, i) => (inputWatermarks[i] = decodeState(w) as number));
        },
      },
    };
    let emitted = context.restore === undefined ? -Infinity : restoreInto({ tables }, context, context.restore);
    const emit = (rows: Row[]): void => {
      if (rows.length > 0) subscriber.next({ kind: 'data', rows });
    };
    const forwardWatermark = (): void => {
      const ts = handlers.outputWatermark(inputWatermarks[0]!, inputWatermarks[1]!);
      if (ts > emitted && Number.isFinite(ts)) {
        emitted = ts;
        subscriber.next({ kind: 'watermark', ts });
      }
    };
    const advance = (side: Side, ts: number): void => {
      if (ts <= inputWatermarks[side]!) return;
      inputWatermarks[side] = ts;
      emit(handlers.onWatermark(side, ts));
      forwardWatermark();
    };
    const live: LiveStatefulOperator = { id: context.id, pending: () => handlers.pending?.() ?? NOTHING_PENDING };
    const aligner = new BarrierAligner(2, {
      data: (side, message) => emit(handlers.onData(side as Side, message.rows)),
      inputWatermark: (side, ts) => advance(side as Side, ts),
      inputEnded: (side) => advance(side as Side, Infinity),
      watermark: () => undefined,
      barrier(epoch) {
        const images: { [name: string]: StateValue } = {};
        for (const [name, table] of Object.entries(tables)) images[name] = table.snapshot();
        context.snapshots.put({ operatorId: context.id, epoch, watermark: encodeState(emitted), tables: images });
        subscriber.next({ kind: 'barrier', epoch });
      },
      complete() {
        if ((context.atEnd?.(live) ?? 'flush') === 'flush' && handlers.onEnd) emit(handlers.onEnd());
        subscriber.complete();
      },
    });
    const guarded = (step: () => void): void => {
      try {
        step();
      } catch (error) {
        subscriber.error(error);
      }
    };
    const subscriptions = ([right, left] as const).map((input, i) => {
      const side: Side = i === 0 ? 1 : 0;
      return input.subscribe({
        next: (message) => guarded(() => aligner.next(side, message)),
        error: (error: unknown) => subscriber.error(error),
        complete: () => guarded(() => aligner.end(side)),
      });
    });
    return () => subscriptions.forEach((s) => s.unsubscribe());
  });
}
