import { ErrorCode } from '../protocol/errorCodes.js';

/** How many recent batches per producer and partition are remembered for de-duplication. */
const DEDUPE_WINDOW = 5;
const MAX_SEQUENCE = 0x7fffffff;

interface RecentBatch {
  readonly firstSequence: number;
  readonly lastSequence: number;
  readonly baseOffset: number;
}

interface ProducerEntry {
  epoch: number;
  lastSequence: number;
  readonly recent: RecentBatch[];
}

/** What to do with an incoming idempotent batch. */
export type SequenceVerdict =
  | { readonly kind: 'append' }
  | { readonly kind: 'duplicate'; readonly baseOffset: number }
  | { readonly kind: 'reject'; readonly errorCode: number };

const APPEND: SequenceVerdict = { kind: 'append' };

function addSequence(sequence: number, delta: number): number {
  const sum = sequence + delta;
  return sum > MAX_SEQUENCE ? sum - MAX_SEQUENCE - 1 : sum;
}

/**
 * Per-partition idempotence state: for each producer id its epoch, last sequence and the last
 * five batches, so a retried batch is answered with its original offset instead of appended.
 */
export class ProducerWindow {
  private readonly producers = new Map<number, ProducerEntry>();

  /** Decides whether a batch from `producerId` may be appended. */
  check(producerId: number, epoch: number, baseSequence: number, lastOffsetDelta: number): SequenceVerdict {
    if (producerId < 0) return APPEND;
    const entry = this.producers.get(producerId);
    if (entry === undefined) return APPEND;
    if (epoch < entry.epoch) return { kind: 'reject', errorCode: ErrorCode.INVALID_PRODUCER_EPOCH };
    if (epoch > entry.epoch) {
      return baseSequence === 0 ? APPEND : { kind: 'reject', errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER };
    }
    const lastSequence = addSequence(baseSequence, lastOffsetDelta);
    for (const recent of entry.recent) {
      if (recent.firstSequence === baseSequence && recent.lastSequence === lastSequence) {
        return { kind: 'duplicate', baseOffset: recent.baseOffset };
      }
    }
    if (baseSequence === addSequence(entry.lastSequence, 1)) return APPEND;
    return { kind: 'reject', errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER };
  }

  /** Records an appended data batch (control batches carry no sequence and only move the epoch). */
  record(producerId: number, epoch: number, baseSequence: number, lastOffsetDelta: number, baseOffset: number): void {
    if (producerId < 0) return;
    let entry = this.producers.get(producerId);
    if (entry === undefined || entry.epoch !== epoch) {
      entry = { epoch, lastSequence: -1, recent: [] };
      this.producers.set(producerId, entry);
    }
    if (baseSequence < 0) return;
    const lastSequence = addSequence(baseSequence, lastOffsetDelta);
    entry.lastSequence = lastSequence;
    entry.recent.push({ firstSequence: baseSequence, lastSequence, baseOffset });
    if (entry.recent.length > DEDUPE_WINDOW) entry.recent.shift();
  }
}
