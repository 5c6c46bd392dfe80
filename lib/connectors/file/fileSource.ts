import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { FerrisError, notSupported } from '../../types/errors.js';
import type { Schema } from '../../types/schema.js';
import type { Row } from '../../types/value.js';
import { abortableSleep } from '../abortableSleep.js';
import { RowBatcher } from '../rowBatcher.js';
import type { CheckpointableSource } from '../checkpointableSource.js';
import type { ConnectorContext } from '../types.js';
import type { StateValue } from '../../types/stateCodec.js';
import type { CsvOptions } from './csvRowDecoder.js';
import type { FileChunks } from './fileChunks.js';
import { DECODE_SLICE_BYTES, handleChunks, openFileChunks } from './fileChunks.js';
import type { FileDecoding } from './fileCursor.js';
import { FileCursor } from './fileCursor.js';
import { FileReadPositions, type FilePositions } from './fileReadPositions.js';
import type { Compression, InvalidUtf8 } from './fileText.js';
import { isGzip } from './fileText.js';
import { expandGlob, isGlob } from './glob.js';
import type { FileFormat } from './schemaInference.js';
import { inferFileSchema } from './schemaInference.js';
import type { FileChange, FileIdentity } from './watchedFile.js';
import { FINGERPRINT_BYTES, WatchedFile, isSameFileRead, sameFile } from './watchedFile.js';

/** The settings of a file source, after its properties are read. */
export interface FileSourceConfig {
  /** The path or glob as the user wrote it. */
  readonly path: string;
  /** The directory a relative path resolves against. */
  readonly baseDir: string;
  readonly format: FileFormat;
  readonly csv: CsvOptions;
  readonly compression: Compression;
  /** Tail the files and pick up new ones; the source is then unbounded. */
  readonly watching: boolean;
  readonly pollingIntervalMs: number;
  /** Rows per batch. */
  readonly batchSize: number;
  /** How many records schema inference looks at. */
  readonly sampleSize: number;
  /** The most UTF-8 bytes a record may have; a longer one is skipped and reported bad. */
  readonly maxRecordBytes: number;
  /** Whether a record with invalid UTF-8 is bad, or read with U+FFFD (counted and logged). */
  readonly invalidUtf8: InvalidUtf8;
}

async function existingFiles(absolutePattern: string): Promise<string[]> {
  const candidates = await expandGlob(absolutePattern);
  const files: string[] = [];
  for (const candidate of candidates) {
    try {
      if ((await stat(candidate)).isFile()) files.push(candidate);
    } catch {
      // vanished or unreadable between listing and stat: not a match
    }
  }
  return files;
}

async function isDirectory(absolutePath: string): Promise<boolean> {
  try {
    return (await stat(absolutePath)).isDirectory();
  } catch {
    return false;
  }
}

function asIoError(error: unknown, file: string): FerrisError {
  if (error instanceof FerrisError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new FerrisError('IO', `cannot read ${file}: ${reason}`, { file, cause: error });
}

/**
 * A source reading CSV, JSON-lines or JSON-array files (optionally gzip) matched by a path or
 * glob, in sorted order, pulling from disk only as batches are asked for. With `watching` it
 * tails the files and picks up new ones until the context's signal aborts; a file truncated
 * or rewritten in place is read again from its start, a file replaced at its path (rotated by
 * rename, deleted and recreated) is read to its end through its open handle and its successor
 * from its start, a deleted file is logged (see {@link WatchedFile}). Without `watching` it
 * is checkpointable: its position is the number of records handed out of each file, and a
 * source that seeks to one skips those records.
 */
export class FileSource implements CheckpointableSource {
  readonly bounded: boolean;
  readonly partitions: number | undefined;
  private readonly absolutePattern: string;
  /** The files being tailed (watching only). */
  private readonly watched: WatchedFile[] = [];
  /** Files tailed to their end after their path was renamed, deleted or replaced. */
  private readonly finished: { readonly identity: FileIdentity; readonly recent: Buffer; readonly position: number }[] = [];
  /** The `_partition` of each path read. */
  private readonly partitionOfPath = new Map<string, number>();
  /** Files matched while watching that are not tailed (gzip; a tailed file's new name); logged once. */
  private readonly skippedFiles = new Set<string>();
  private readonly batcher: RowBatcher;
  private decoding: FileDecoding;
  private active: FileChunks | undefined;
  private positions: FileReadPositions;
  private finishedBytes = 0;
  private closed = false;

  private constructor(
    private readonly config: FileSourceConfig,
    readonly schema: Schema,
    private readonly ctx: ConnectorContext,
    private readonly initialFiles: readonly string[],
  ) {
    this.bounded = !config.watching;
    this.partitions = config.watching ? undefined : initialFiles.length;
    this.absolutePattern = path.resolve(config.baseDir, config.path);
    this.batcher = new RowBatcher(config.batchSize);
    this.positions = new FileReadPositions(this.batcher);
    this.decoding = {
      schema,
      format: config.format,
      csv: config.csv,
      maxRecordBytes: config.maxRecordBytes,
      invalidUtf8: config.invalidUtf8,
      batcher: this.batcher,
      onBadRecord: ctx.onBadRecord,
    };
  }

  /**
   * Opens a file source: checks the files exist (or, when watching, waits for the first one
   * if the schema must be inferred) and settles the schema, declared or inferred.
   */
  static async open(config: FileSourceConfig, declared: Schema | undefined, ctx: ConnectorContext): Promise<FileSource> {
    if (config.watching && config.format === 'json') throw notSupported("watching = true with format = 'json' (use jsonl or csv)");
    if (config.watching && config.compression === 'gzip') throw notSupported('watching = true with gzip compression');
    if (config.watching && ctx.checkpointing) throw notSupported("'checkpoint.dir' with a file source that is watching (checkpoints cover files read once)");
    const absolutePattern = path.resolve(config.baseDir, config.path);
    let files = await existingFiles(absolutePattern);
    if (files.length === 0 && !isGlob(config.path) && (await isDirectory(absolutePattern))) {
      const pattern = `${config.path.replace(/[\\/]+$/, '')}/*.${config.format}`;
      throw new FerrisError('IO', `'${config.path}' is a directory, not a file (resolved to ${absolutePattern}); for the files in it give a pattern such as '${pattern}'`, {
        file: absolutePattern,
      });
    }
    if (config.watching && files.some((f) => isGzip(f, config.compression))) throw notSupported('watching = true with gzip files');
    if (files.length === 0 && !config.watching) {
      const what = isGlob(config.path) ? 'no file matches' : 'file not found:';
      throw new FerrisError('IO', `${what} '${config.path}' (resolved to ${absolutePattern})`, { file: absolutePattern });
    }
    let schema = declared;
    while (schema === undefined) {
      const sample = files.map((f) => ({ path: f, gzip: isGzip(f, config.compression) }));
      try {
        schema = await inferFileSchema(sample, config.format, config.csv, config.sampleSize, config.maxRecordBytes);
      } catch (error) {
        throw asIoError(error, absolutePattern);
      }
      if (schema !== undefined) break;
      if (!config.watching) {
        throw new FerrisError('CONFIG', `cannot infer the schema of '${config.path}': it holds no record; declare the columns`, {
          file: absolutePattern,
        });
      }
      if (ctx.signal.aborted) throw new FerrisError('IO', `stopped while waiting for records in '${config.path}'`);
      await abortableSleep(config.pollingIntervalMs, ctx.signal);
      files = await existingFiles(absolutePattern);
    }
    return new FileSource(config, schema, ctx, files);
  }

  /** Bytes read from disk so far, read-ahead included (for tests and metrics). */
  get bytesRead(): number {
    return this.finishedBytes + (this.active?.bytesRead() ?? 0);
  }

  /** Decodes only the columns the job reads (declared, then system): the others are NULL in every row, their text not converted. */
  readColumns(read: readonly boolean[]): void {
    this.decoding = { ...this.decoding, read: [...read] };
  }

  /** The rows, a batch at a time; a batch is decoded only when the consumer asks for it. */
  batches(): AsyncIterable<Row[]> {
    return this.config.watching ? this.tail() : this.readAll();
  }

  /** The records handed out of each file so far, by absolute path. */
  checkpointPosition(): StateValue {
    return this.positions.positions();
  }

  /** Resumes after a position from {@link checkpointPosition}: the records it counts in each file are skipped. Before `batches`. */
  seek(position: StateValue): void {
    if (position === null || typeof position !== 'object' || Array.isArray(position) || Object.values(position).some((n) => typeof n !== 'number')) {
      throw new FerrisError('CONFIG', `the checkpoint holds no file position for '${this.config.path}' (found ${JSON.stringify(position)})`);
    }
    this.positions = new FileReadPositions(this.batcher, position as FilePositions);
  }

  /** Stops reading and releases the open files. */
  async close(): Promise<void> {
    this.closed = true;
    this.active?.destroy();
    await Promise.all(this.watched.splice(0).map((file) => file.close()));
  }

  private get stopped(): boolean {
    return this.closed || this.ctx.signal.aborted;
  }

  private async *readAll(): AsyncGenerator<Row[]> {
    for (const file of this.initialFiles) {
      const cursor = this.newCursor(file);
      this.positions.started(file);
      yield* this.readFrom(cursor);
      if (this.stopped) return;
      cursor.finish();
      this.positions.ended();
      yield* this.fullBatches();
    }
    const rest = this.batcher.takePartial();
    if (rest !== undefined) yield rest;
  }

  private async *tail(): AsyncGenerator<Row[]> {
    for (const file of this.initialFiles) await this.watch(file);
    while (!this.stopped) {
      await this.discoverFiles();
      let progressed = false;
      for (const file of [...this.watched]) {
        let change: FileChange;
        try {
          change = await file.change();
        } catch (error) {
          if (this.closed) return; // its handle was released by close()
          throw error;
        }
        if (change === 'none') continue;
        progressed = true;
        yield* this.follow(file, change);
        if (this.stopped) return;
      }
      const rest = this.batcher.takePartial();
      if (rest !== undefined) yield rest;
      if (!progressed) await abortableSleep(this.config.pollingIntervalMs, this.ctx.signal);
    }
  }

  /** Reads what changed in a tailed file: new bytes, the file again from its start, or its successor. */
  private async *follow(file: WatchedFile, change: Exclude<FileChange, 'none'>): AsyncGenerator<Row[]> {
    if (change === 'grown') {
      yield* this.readFrom(file.cursor, file);
      return;
    }
    if (change === 'truncated' || change === 'rewritten') {
      this.ctx.log('warn', `watched file ${change} in place; reading it again from its start`, { file: file.path, bytes_read_before: file.cursor.position });
      file.cursor = this.newCursor(file.path);
      yield* this.readFrom(file.cursor, file);
      return;
    }
    yield* this.finishFile(file);
    if (change === 'deleted') {
      this.ctx.log('warn', 'watched file deleted or renamed away; finished reading it', { file: file.path });
      return;
    }
    this.ctx.log('info', 'watched file replaced (rotated or recreated); finished the old one, reading the new one from its start', { file: file.path });
    const successor = await this.watch(file.path);
    if (successor) yield* this.readFrom(successor.cursor, successor);
  }

  /** Reads a file whose path moved on to its end through its open handle, decodes its last record and releases it. */
  private async *finishFile(file: WatchedFile): AsyncGenerator<Row[]> {
    yield* this.readFrom(file.cursor, file);
    if (this.stopped) return;
    file.cursor.finish();
    yield* this.fullBatches();
    this.watched.splice(this.watched.indexOf(file), 1);
    this.finished.push({ identity: file.identity, recent: file.cursor.recentBytes, position: file.cursor.position });
    await file.close();
  }

  /** Reads a file from its cursor's position to its current end, yielding each completed batch. */
  private async *readFrom(cursor: FileCursor, watched?: WatchedFile): AsyncGenerator<Row[]> {
    const chunks = watched ? handleChunks(watched.handle, cursor.position) : openFileChunks(cursor.path, cursor.gzip, cursor.position);
    this.active = chunks;
    try {
      const metrics = this.ctx.metrics;
      for await (const chunk of chunks.chunks) {
        if (metrics !== undefined) metrics.bytesIn += (chunk as Buffer).length;
        // A large read chunk is decoded a slice at a time, its batches handed out in between.
        for (let at = 0; at < chunk.length; at += DECODE_SLICE_BYTES) {
          cursor.consume((chunk as Buffer).subarray(at, Math.min(chunk.length, at + DECODE_SLICE_BYTES)));
          yield* this.fullBatches();
          if (this.stopped) return;
        }
      }
    } catch (error) {
      if (!this.closed) throw asIoError(error, cursor.path);
    } finally {
      this.logReplacedUtf8(cursor);
      this.finishedBytes += chunks.bytesRead();
      this.active = undefined;
      chunks.destroy();
    }
  }

  /** With invalid_utf8 = 'replace', logs how many invalid sequences a read replaced by U+FFFD. */
  private logReplacedUtf8(cursor: FileCursor): void {
    const replaced = cursor.text.invalidSequences - cursor.loggedInvalidSequences;
    if (this.config.invalidUtf8 !== 'replace' || replaced === 0) return;
    cursor.loggedInvalidSequences = cursor.text.invalidSequences;
    this.ctx.log('warn', 'invalid UTF-8 read as U+FFFD', { file: cursor.path, replaced, total: cursor.text.invalidSequences });
  }

  private *fullBatches(): Generator<Row[]> {
    for (let batch = this.batcher.nextFull(); batch !== undefined; batch = this.batcher.nextFull()) yield batch;
  }

  /** A fresh reading state for a file; a path keeps its `_partition` when its file is replaced. */
  private newCursor(file: string): FileCursor {
    const topic = path.isAbsolute(this.config.path) ? file : path.relative(this.config.baseDir, file);
    let partition = this.partitionOfPath.get(file);
    if (partition === undefined) {
      partition = this.partitionOfPath.size;
      this.partitionOfPath.set(file, partition);
    }
    const remember = this.config.watching ? FINGERPRINT_BYTES : 0;
    return new FileCursor(file, topic, partition, isGzip(file, this.config.compression), this.decoding, remember);
  }

  /** Starts tailing a file (undefined when it vanished meanwhile). */
  private async watch(file: string): Promise<WatchedFile | undefined> {
    const watched = await WatchedFile.open(file, this.newCursor(file));
    if (watched) this.watched.push(watched);
    return watched;
  }

  private async discoverFiles(): Promise<void> {
    const known = new Set(this.watched.map((w) => w.path));
    for (const file of await existingFiles(this.absolutePattern)) {
      if (known.has(file) || this.skippedFiles.has(file)) continue;
      if (isGzip(file, this.config.compression)) {
        this.ctx.log('warn', 'not supported yet: watching gzip files; skipping it', { file });
        this.skippedFiles.add(file);
        continue;
      }
      if (await this.isRenamedWatchedFile(file)) {
        this.ctx.log('info', 'a watched file was renamed to this name; it is read to its end under its old name, not again', { file });
        this.skippedFiles.add(file);
        continue;
      }
      this.ctx.log('info', 'watching a new file', { file });
      await this.watch(file);
    }
  }

  /** Whether a newly matched path is a file already tailed (rotated by rename within the glob). */
  private async isRenamedWatchedFile(file: string): Promise<boolean> {
    let identity: FileIdentity;
    try {
      identity = await stat(file);
    } catch {
      return false;
    }
    if (this.watched.some((w) => sameFile(w.identity, identity))) return true;
    for (const done of this.finished) {
      if (sameFile(done.identity, identity) && (await isSameFileRead(file, done.identity, done.recent, done.position))) return true;
    }
    return false;
  }
}
