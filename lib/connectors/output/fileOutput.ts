import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { mkdir, open } from 'node:fs/promises';
import * as path from 'node:path';
import { pipeline } from 'node:stream';
import type { Gzip } from 'node:zlib';
import { createGzip } from 'node:zlib';
import { FerrisError } from '../../types/errors.js';
import { TextOutput } from './textOutput.js';
import type { ConnectorMetrics } from '../types.js';

/**
 * Bytes a file stream buffers before `write` waits for 'drain': large enough that encoding the
 * next batch overlaps with the disk writing the previous one, small enough to bound memory.
 */
export const WRITE_BUFFER_BYTES = 1024 * 1024;

function ioError(file: string, action: string, error: unknown): FerrisError {
  const reason = error instanceof Error ? error.message : String(error);
  return new FerrisError('IO', `cannot ${action} ${file}: ${reason}`, { file, cause: error });
}

/**
 * One output file being written, optionally through gzip (appending to a gzip file adds a new
 * gzip member, which gunzip reads as one stream). Writes respect backpressure (see
 * {@link TextOutput}); `flush` makes everything written durable (gzip sync flush, then fsync).
 */
export class FileOutput {
  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private readonly file: WriteStream,
    private readonly gzip: Gzip | undefined,
    private readonly output: TextOutput,
    /** Whether the target is a regular file; a FIFO or a device (`/dev/null`) cannot be fsynced or rotated. */
    readonly regular: boolean,
  ) {}

  /** Opens (creating its directory) a file to truncate or append to; the bytes written (before gzip) count in `metrics`. */
  static async open(file: string, append: boolean, gzip: boolean, metrics?: ConnectorMetrics): Promise<FileOutput> {
    try {
      await mkdir(path.dirname(file), { recursive: true });
    } catch (error) {
      throw ioError(file, 'create the directory of', error);
    }
    let handle: FileHandle;
    try {
      handle = await open(file, append ? 'a' : 'w');
    } catch (error) {
      throw ioError(file, 'open', error);
    }
    let regular: boolean;
    try {
      regular = (await handle.stat()).isFile();
    } catch (error) {
      await handle.close();
      throw ioError(file, 'stat', error);
    }
    const stream = createWriteStream(file, { fd: handle, highWaterMark: WRITE_BUFFER_BYTES });
    if (!gzip) return new FileOutput(file, handle, stream, undefined, new TextOutput(stream, file, metrics), regular);
    // highWaterMark is a stream option zlib passes on to its Transform; @types/node omits it.
    const streamOptions = { level: 6, highWaterMark: WRITE_BUFFER_BYTES };
    const compressor = createGzip(streamOptions);
    const output = new TextOutput(compressor, file, metrics);
    pipeline(compressor, stream, (error) => {
      if (error) output.fail(error);
    });
    return new FileOutput(file, handle, stream, compressor, output, regular);
  }

  /** Writes text; resolves once the stream accepted it. */
  write(text: string): Promise<void> {
    return this.output.write(text);
  }

  /** Resolves once everything written is on disk (for a FIFO or device: handed to it). */
  async flush(): Promise<void> {
    if (this.gzip !== undefined) {
      const gzip = this.gzip;
      await this.output.settle();
      await new Promise<void>((resolve) => gzip.flush(() => resolve()));
      while (gzip.readableLength > 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await new Promise<void>((resolve, reject) => {
      this.file.write('', (error) => (error ? reject(ioError(this.path, 'write', error)) : resolve()));
    });
    if (!this.regular) return;
    try {
      await this.handle.sync();
    } catch (error) {
      throw ioError(this.path, 'sync', error);
    }
  }

  /** Ends the file (the gzip trailer included) and waits until it is closed. */
  async close(): Promise<void> {
    const closed = once(this.file, 'close');
    if (this.gzip !== undefined) this.gzip.end();
    else this.file.end();
    try {
      await closed;
    } catch (error) {
      throw ioError(this.path, 'close', error);
    }
  }
}
