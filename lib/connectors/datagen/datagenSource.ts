import type { Schema } from '../../types/schema.js';
import type { Row } from '../../types/value.js';
import { abortableSleep } from '../abortableSleep.js';
import { appendSystemColumns } from '../systemColumns.js';
import type { Source } from '../types.js';
import type { TradeGeneratorOptions } from './tradeGenerator.js';
import { TRADE_SCHEMA, TradeGenerator } from './tradeGenerator.js';

/** How much and how fast a datagen source produces. */
export interface DatagenOptions extends TradeGeneratorOptions {
  /** Rows in total; undefined: unbounded (until the signal aborts). */
  readonly count: number | undefined;
  /** Rows per second; undefined: as fast as the consumer pulls. */
  readonly rate: number | undefined;
  readonly batchSize: number;
}

/** Rows per batch at a given rate: about ten batches a second, never more than `batchSize`. */
export function pacedBatchSize(batchSize: number, rate: number | undefined): number {
  if (rate === undefined) return batchSize;
  return Math.max(1, Math.min(batchSize, Math.floor(rate / 10)));
}

/**
 * A source of generated trades (see {@link TradeGenerator}), a batch per pull, optionally paced
 * to `rate` rows per second. System columns: `_timestamp` the generation time, `_offset` the
 * trade's 0-based index, `_partition` 0, `_key` null, `_topic` 'datagen', `_headers` null.
 */
export class DatagenSource implements Source {
  readonly schema: Schema = TRADE_SCHEMA;
  readonly bounded: boolean;
  private closed = false;

  constructor(
    private readonly options: DatagenOptions,
    private readonly signal: AbortSignal,
  ) {
    this.bounded = options.count !== undefined;
  }

  /** Generates the next batch each time it is pulled. */
  async *batches(): AsyncGenerator<Row[]> {
    const { count, rate } = this.options;
    const generator = new TradeGenerator(this.options);
    const size = pacedBatchSize(this.options.batchSize, rate);
    const started = Date.now();
    while (!this.closed && !this.signal.aborted) {
      const left = count === undefined ? size : Math.min(size, count - generator.generated);
      if (left <= 0) return;
      if (rate !== undefined) {
        const due = started + (generator.generated / rate) * 1000;
        const wait = due - Date.now();
        if (wait > 0) await abortableSleep(wait, this.signal);
        if (this.closed || this.signal.aborted) return;
      }
      const now = Date.now();
      const batch: Row[] = [];
      for (let i = 0; i < left; i++) {
        const offset = generator.generated;
        batch.push(appendSystemColumns(generator.next(), now, offset, 0, null, 'datagen'));
      }
      yield batch;
    }
  }

  /** Stops generating. */
  async close(): Promise<void> {
    this.closed = true;
  }
}
