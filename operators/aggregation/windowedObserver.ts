import type { Observer, Subscriber } from 'rxjs';
import type { Message } from '../../lib/types/message.js';
import type { Row } from '../../lib/types/value.js';
import { forwardingObserver } from '../forwardingObserver.js';

/** What a windowed operator does with data and with time. */
export interface WindowHandlers {
  /** Adds a batch of rows given the current watermark; returns rows to emit now (EMIT CHANGES, late updates). */
  onRows(rows: readonly Row[], watermark: number): Row[];
  /** The watermark moved to `watermark` (+∞ at the end of input): returns the rows of the windows it closes. */
  advance(watermark: number): Row[];
}

/**
 * The observer all window operators subscribe with: rows go to `onRows`; a watermark that moves
 * time forward goes to `advance` and is forwarded only after the rows it closed; barriers pass;
 * the end of input closes every window. Emitted batches are never empty.
 */
export function windowedObserver(subscriber: Subscriber<Message>, handlers: WindowHandlers): Observer<Message> {
  let watermark = -Infinity;
  const emit = (rows: Row[]): void => {
    if (rows.length > 0) subscriber.next({ kind: 'data', rows });
  };
  return forwardingObserver(
    subscriber,
    (message: Message) => {
      if (message.kind === 'data') {
        emit(handlers.onRows(message.rows, watermark));
        return;
      }
      if (message.kind === 'watermark' && message.ts > watermark) {
        watermark = message.ts;
        emit(handlers.advance(watermark));
      }
      subscriber.next(message);
    },
    () => emit(handlers.advance(Infinity)),
  );
}
