import {
  BatchAttribute, BatchLayout, buildControlBatch, patchBatch, readBaseOffset, readBatchHeader, type BatchHeader, type ControlType,
} from '../records/batch.js';
import { firstRecordAtOrAfter } from '../records/recordTimestamps.js';
import { ProducerWindow } from './producerWindow.js';

/** A batch held by a partition: the bytes as received (offset patched) plus what lookups need. */
export interface StoredBatch {
  readonly baseOffset: number;
  readonly lastOffset: number;
  readonly buf: Buffer;
  /** The largest max-timestamp of this batch and every earlier one (timestamps need not grow). */
  readonly runningMaxTimestamp: number;
}

/** An aborted transaction's offset range in one partition. */
export interface AbortedRange {
  readonly producerId: number;
  readonly firstOffset: number;
  readonly lastOffset: number;
}

/** Where appended batches go besides memory (a file with `--data-dir`). */
export interface BatchSink {
  append(batch: Buffer): void;
}

/** The result of reading a partition for a Fetch. */
export interface PartitionRead {
  readonly batches: Buffer[];
  readonly bytes: number;
  /** The offset after the last returned batch (or the fetch offset when none). */
  readonly upperOffset: number;
}

const CONTROL_TYPE_BYTE = BatchLayout.HEADER_SIZE + 8;

/**
 * One partition's log: batches in offset order, high watermark, log start offset, the last
 * stable offset (open transactions) and the aborted-transaction index, plus long-poll watchers.
 */
export class PartitionLog {
  private readonly batches: StoredBatch[] = [];
  private readonly openTransactions = new Map<number, number>();
  private readonly aborted: AbortedRange[] = [];
  private readonly watchers = new Set<() => void>();
  /** Idempotence state of the producers writing here. */
  readonly producers = new ProducerWindow();
  /** The next offset to assign: the high watermark on a single node. */
  highWatermark = 0;
  /** The first offset still readable (moved by DeleteRecords). */
  logStartOffset = 0;
  private maxTimestamp = -1;
  private bytes = 0;
  private sink: BatchSink | undefined;

  /** `retentionBytes` caps the bytes kept in memory (-1: keep everything); the newest batch always stays. */
  constructor(
    readonly topic: string,
    readonly partition: number,
    private readonly retentionBytes = -1,
  ) {}

  /** Sends later appends to `sink` too (set once recovery has replayed the stored batches). */
  attach(sink: BatchSink): void {
    this.sink = sink;
  }

  /** The last stable offset: the first offset of the oldest open transaction, else the HWM. */
  get lastStableOffset(): number {
    let lso = this.highWatermark;
    for (const first of this.openTransactions.values()) if (first < lso) lso = first;
    return lso;
  }

  /** Whether `producerId` has an open transaction on this partition (data without a marker yet). */
  hasOpenTransaction(producerId: number): boolean {
    return this.openTransactions.has(producerId);
  }

  /** Appends a validated producer batch (owned by the log from now on) and returns its base offset. */
  append(batch: Buffer, header: BatchHeader): number {
    const baseOffset = this.highWatermark;
    patchBatch(batch, baseOffset, 0);
    this.sink?.append(batch);
    this.index(batch, header, baseOffset);
    this.notify();
    return baseOffset;
  }

  /** Appends a commit or abort marker for `producerId`, updating the LSO and aborted index. */
  appendControl(producerId: number, producerEpoch: number, type: ControlType, timestamp: number): void {
    const batch = buildControlBatch(this.highWatermark, producerId, producerEpoch, type, timestamp);
    this.sink?.append(batch);
    this.replay(batch, readBatchHeader(batch));
    this.notify();
  }

  /** Re-applies a stored batch during recovery (base offset already in the bytes). */
  replay(batch: Buffer, batchHeader: BatchHeader): void {
    this.index(batch, batchHeader, readBaseOffset(batch));
  }

  private index(batch: Buffer, h: BatchHeader, baseOffset: number): void {
    const lastOffset = baseOffset + h.lastOffsetDelta;
    if (h.maxTimestamp > this.maxTimestamp) this.maxTimestamp = h.maxTimestamp;
    this.batches.push({ baseOffset, lastOffset, buf: batch, runningMaxTimestamp: this.maxTimestamp });
    this.bytes += batch.length;
    this.highWatermark = lastOffset + 1;
    if (this.retentionBytes >= 0 && this.bytes > this.retentionBytes) this.applyRetention();
    if ((h.attributes & BatchAttribute.CONTROL) !== 0) {
      const first = this.openTransactions.get(h.producerId);
      this.openTransactions.delete(h.producerId);
      if (first !== undefined && batch[CONTROL_TYPE_BYTE] === 0) {
        this.aborted.push({ producerId: h.producerId, firstOffset: first, lastOffset });
      }
      this.producers.record(h.producerId, h.producerEpoch, -1, 0, baseOffset);
      return;
    }
    if ((h.attributes & BatchAttribute.TRANSACTIONAL) !== 0 && !this.openTransactions.has(h.producerId)) {
      this.openTransactions.set(h.producerId, baseOffset);
    }
    this.producers.record(h.producerId, h.producerEpoch, h.baseSequence, h.lastOffsetDelta, baseOffset);
  }

  private findBatch(offset: number): number {
    let low = 0;
    let high = this.batches.length - 1;
    let found = this.batches.length;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      if ((this.batches[mid] as StoredBatch).lastOffset >= offset) {
        found = mid;
        high = mid - 1;
      } else {
        low = mid + 1;
      }
    }
    return found;
  }

  /**
   * Whole batches from the one holding `fetchOffset`, up to the HWM (or the LSO when
   * `readCommitted`), within `maxBytes` except that the first batch is always returned when
   * `firstAlways` (KIP-74).
   */
  read(fetchOffset: number, maxBytes: number, readCommitted: boolean, firstAlways: boolean): PartitionRead {
    const end = readCommitted ? this.lastStableOffset : this.highWatermark;
    const out: Buffer[] = [];
    let bytes = 0;
    let upperOffset = fetchOffset;
    for (let i = this.findBatch(fetchOffset); i < this.batches.length; i++) {
      const b = this.batches[i] as StoredBatch;
      if (b.baseOffset >= end) break;
      if (bytes + b.buf.length > maxBytes && !(firstAlways && out.length === 0)) break;
      out.push(b.buf);
      bytes += b.buf.length;
      upperOffset = b.lastOffset + 1;
    }
    return { batches: out, bytes, upperOffset };
  }

  /** Aborted transactions overlapping `[fetchOffset, upperOffset)`, sorted by first offset. */
  abortedBetween(fetchOffset: number, upperOffset: number): AbortedRange[] {
    const out = this.aborted.filter((a) => a.lastOffset >= fetchOffset && a.firstOffset < upperOffset);
    return out.sort((a, b) => a.firstOffset - b.firstOffset);
  }

  /**
   * The first record whose timestamp reaches `timestamp` (its offset and timestamp), searched in
   * the first batch whose running max timestamp reaches it; for snappy, lz4 and zstd batches the
   * batch's base offset. Undefined when no record is that recent.
   */
  offsetForTimestamp(timestamp: number): { offset: number; timestamp: number } | undefined {
    let low = 0;
    let high = this.batches.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const b = this.batches[mid] as StoredBatch;
      if (b.runningMaxTimestamp >= timestamp) {
        found = mid;
        high = mid - 1;
      } else {
        low = mid + 1;
      }
    }
    if (found < 0) return undefined;
    const batch = this.batches[found] as StoredBatch;
    const record = firstRecordAtOrAfter(batch.buf, timestamp);
    if (record === undefined) return { offset: Math.max(batch.baseOffset, this.logStartOffset), timestamp: batch.runningMaxTimestamp };
    return { offset: Math.max(batch.baseOffset + record.offsetDelta, this.logStartOffset), timestamp: record.timestamp };
  }

  /** Moves the log start offset forward and drops batches entirely below it. */
  deleteBefore(offset: number): void {
    if (offset <= this.logStartOffset) return;
    this.logStartOffset = offset;
    let drop = 0;
    while (drop < this.batches.length && (this.batches[drop] as StoredBatch).lastOffset < offset) {
      this.bytes -= (this.batches[drop] as StoredBatch).buf.length;
      drop++;
    }
    this.batches.splice(0, drop);
    this.forgetAbortedBeforeStart();
  }

  private forgetAbortedBeforeStart(): void {
    let drop = 0;
    while (drop < this.aborted.length && (this.aborted[drop] as AbortedRange).lastOffset < this.logStartOffset) drop++;
    if (drop > 0) this.aborted.splice(0, drop);
  }

  /** Drops the oldest batches until the partition fits its retention bytes. */
  private applyRetention(): void {
    let drop = 0;
    while (this.bytes > this.retentionBytes && this.batches.length - drop > 1) {
      this.bytes -= (this.batches[drop] as StoredBatch).buf.length;
      drop++;
    }
    this.batches.splice(0, drop);
    this.logStartOffset = Math.max(this.logStartOffset, (this.batches[0] as StoredBatch).baseOffset);
    this.forgetAbortedBeforeStart();
  }

  /** Registers a callback run after every change a waiting fetch might care about. */
  watch(onChange: () => void): () => void {
    this.watchers.add(onChange);
    return () => this.watchers.delete(onChange);
  }

  /** Wakes every watcher (also used when the partition is deleted). */
  notify(): void {
    if (this.watchers.size === 0) return;
    for (const w of [...this.watchers]) w();
  }
}

