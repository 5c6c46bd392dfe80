import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { FerrisError } from '../types/errors.js';
import { formatTimestamp } from '../types/time.js';
import type { BadRecord } from './types.js';

/**
 * Appends bad records to a JSON-lines file, one object per record:
 * `{"raw":..., "error":..., "origin":..., "position":..., "at": ISO time}`. Used by the runtime
 * for `failure_strategy = dead_letter` with `<name>.dlq.path`. `write` is synchronous (it is
 * called from `onBadRecord`); the text is buffered by the stream and `close` waits for it.
 */
export class DeadLetterFile {
  private readonly stream: WriteStream;
  private failure: Error | undefined;
  private written = 0;

  /** Opens (creating its directory) the file for appending. */
  constructor(readonly path: string) {
    mkdirSync(dirname(this.path), { recursive: true });
    this.stream = createWriteStream(this.path, { flags: 'a' });
    this.stream.on('error', (error: Error) => {
      this.failure ??= error;
    });
  }

  /** How many records were written. */
  get count(): number {
    return this.written;
  }

  /** Appends one bad record. */
  write(bad: BadRecord): void {
    this.throwIfFailed();
    const line = JSON.stringify({
      raw: bad.raw,
      error: bad.error.message,
      origin: bad.origin,
      position: bad.position,
      at: formatTimestamp(Date.now()),
    });
    this.stream.write(line + '\n');
    this.written++;
  }

  /** Writes out what is buffered and closes the file. */
  async close(): Promise<void> {
    const closed = once(this.stream, 'close');
    this.stream.end();
    await closed.catch(() => undefined);
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) {
      throw new FerrisError('IO', `cannot write the dead-letter file ${this.path}: ${this.failure.message}`, {
        file: this.path,
        cause: this.failure,
      });
    }
  }
}
