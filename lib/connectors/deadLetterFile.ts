import { closeSync, fstatSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { FerrisError } from '../types/errors.js';
import { formatTimestamp } from '../types/time.js';

/** Bytes of dead letters held in memory before they are written out. */
const DEAD_LETTER_BUFFER_BYTES = 64 * 1024;

/**
 * One record that could not be read or processed, as written to the dead-letter file: the
 * original record, the error, where it came from and the job. Exactly one of `raw` and `row`
 * is given; `position` is a file line, `partition`/`offset` a row's `_partition`/`_offset`.
 */
export interface DeadLetter {
  /** The original text of a record a source could not read (a CSV line, a JSON line). */
  readonly raw?: string;
  /** A row that was read but failed later (evaluation, lateness), as column name → JSON value. */
  readonly row?: Readonly<Record<string, unknown>>;
  /** The error, without the position (that is in the other fields). */
  readonly error: string;
  readonly job: string;
  /** Where the record came from: a file path, a topic; null when the row has no source left. */
  readonly origin: string | null;
  /** 1-based line in the file (or offset in the partition) of an unreadable record. */
  readonly position?: number;
  /** The row's `_partition`. */
  readonly partition?: number;
  /** The row's `_offset`: its 0-based record index in its file or partition. */
  readonly offset?: number;
}

function ioError(action: string, file: string, error: unknown): FerrisError {
  const reason = error instanceof Error ? error.message : String(error);
  return new FerrisError('IO', `cannot ${action} the dead-letter file ${file}: ${reason}`, { file, cause: error });
}

/**
 * Appends dead letters to a JSON-lines file, one object per record with the fields of
 * {@link DeadLetter} and `at` (the ISO time it was written). The file is opened (its directory
 * created) at once, so a path that cannot be written fails the job before it reads anything.
 * `write` is synchronous (it is called from `onBadRecord`): it buffers up to 64 KiB and writes
 * synchronously, so a write error (a full disk) is thrown to the caller and fails the job.
 */
export class DeadLetterFile {
  private readonly fd: number;
  /** Whether the target is a regular file (FIFOs and devices cannot be fsynced). */
  private readonly regular: boolean;
  private buffered: string[] = [];
  private bufferedBytes = 0;
  private written = 0;
  private closed = false;

  /** Opens (creating its directory) the file for appending; throws an IO error naming the path. */
  constructor(readonly path: string) {
    try {
      mkdirSync(dirname(path), { recursive: true });
      this.fd = openSync(path, 'a');
    } catch (error) {
      throw ioError('open', path, error);
    }
    this.regular = fstatSync(this.fd).isFile();
  }

  /** How many records were written. */
  get count(): number {
    return this.written;
  }

  /** Appends one dead letter; throws an IO error naming the path when the file cannot take it. */
  write(letter: DeadLetter): void {
    if (this.closed) throw new FerrisError('IO', `the dead-letter file ${this.path} is closed`, { file: this.path });
    const line = JSON.stringify({ ...letter, at: formatTimestamp(Date.now()) }, (_key, value: unknown) =>
      typeof value === 'bigint' ? value.toString() : value,
    );
    this.buffered.push(line, '\n');
    this.bufferedBytes += line.length + 1;
    this.written++;
    if (this.bufferedBytes >= DEAD_LETTER_BUFFER_BYTES) this.writeBuffered();
  }

  /** Writes out what is buffered, makes it durable and closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      this.writeBuffered();
      if (this.regular) this.sync();
    } finally {
      closeSync(this.fd);
    }
  }

  private writeBuffered(): void {
    if (this.buffered.length === 0) return;
    const bytes = Buffer.from(this.buffered.join(''));
    this.buffered = [];
    this.bufferedBytes = 0;
    try {
      for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done);
    } catch (error) {
      throw ioError('write', this.path, error);
    }
  }

  private sync(): void {
    try {
      fsyncSync(this.fd);
    } catch (error) {
      throw ioError('sync', this.path, error);
    }
  }
}
