import { isTransactionalSink, type TransactionalSink } from '../connectors/transactionalSink.js';
import type { Sink } from '../connectors/types.js';
import type { Schema } from '../types/schema.js';
import type { Row } from '../types/value.js';
import { recordKey } from './recordKey.js';

/**
 * The materialised state of a `CREATE TABLE ... AS SELECT` job: the latest row per record key
 * (GROUP BY values or PRIMARY KEY columns, compound keys joined with `|`). Later issues join
 * against it; the library API reads it after a run.
 */
export class MaterializedTable {
  private readonly latest = new Map<string | null, Row>();

  constructor(
    readonly name: string,
    readonly schema: Schema,
    readonly keyColumns: readonly number[],
  ) {}

  /** Applies a batch of changes: each row replaces the row of its key. */
  upsert(rows: readonly Row[]): void {
    for (const row of rows) this.latest.set(recordKey(row, this.keyColumns), row);
  }

  /** The row of a key, if any. */
  get(key: string | null): Row | undefined {
    return this.latest.get(key);
  }

  /** How many keys the table holds. */
  get size(): number {
    return this.latest.size;
  }

  /** Every key and its latest row, in first-insertion order of the keys. */
  entries(): IterableIterator<[string | null, Row]> {
    return this.latest.entries();
  }

  /** A sink that updates the table and then writes to `sink` (transactional when `sink` is). */
  materializing(sink: Sink): Sink {
    const wrapped: Sink = {
      write: async (rows) => {
        this.upsert(rows);
        await sink.write(rows);
      },
      flush: () => sink.flush(),
      close: () => sink.close(),
    };
    if (!isTransactionalSink(sink)) return wrapped;
    const transactional: TransactionalSink = {
      ...wrapped,
      begin: (epoch) => sink.begin(epoch),
      preCommit: (epoch) => sink.preCommit(epoch),
      commit: (epoch) => sink.commit(epoch),
      abort: (epoch) => sink.abort(epoch),
    };
    return transactional;
  }
}
