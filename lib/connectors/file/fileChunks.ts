import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';

/**
 * Bytes asked from the disk per read of a file read once (also the most its stream reads
 * ahead). Large, so that a file costs few reads and waits for them (the source decodes each
 * chunk in slices of {@link DECODE_SLICE_BYTES}, so the rows in flight stay few).
 */
export const READ_CHUNK_BYTES = 1024 * 1024;

/** Bytes asked per read of a tailed file, and the slice of a read chunk decoded at a time. */
export const DECODE_SLICE_BYTES = 64 * 1024;

/** An open, pull-driven stream of a file's (decompressed) bytes. */
export interface FileChunks {
  /** The chunks, read from disk only as they are pulled (plus at most one chunk ahead). */
  readonly chunks: AsyncIterable<Buffer>;
  /** Bytes read from the disk so far (compressed bytes for gzip). */
  bytesRead(): number;
  /** Stops reading and releases the file. */
  destroy(): void;
}

/**
 * Opens a file for pull-based reading from byte `start` (for tailing), decompressing gzip
 * on the way when asked. Nothing is read until the chunks are pulled.
 */
export function openFileChunks(file: string, gzip: boolean, start = 0): FileChunks {
  const raw = createReadStream(file, { start, highWaterMark: READ_CHUNK_BYTES });
  const stream: Readable = gzip ? pipeline(raw, createGunzip({ chunkSize: READ_CHUNK_BYTES }), () => {}) : raw;
  return {
    chunks: stream,
    bytesRead: () => raw.bytesRead,
    destroy: () => {
      stream.destroy();
      raw.destroy();
    },
  };
}

/**
 * Reads an open file (a tailed one) from byte `start` to its current end, a chunk per pull,
 * and leaves it open: a file renamed or deleted meanwhile is still read through its handle.
 */
export function handleChunks(handle: FileHandle, start: number): FileChunks {
  let read = 0;
  let stopped = false;
  async function* chunks(): AsyncGenerator<Buffer> {
    while (!stopped) {
      const buffer = Buffer.allocUnsafe(DECODE_SLICE_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, DECODE_SLICE_BYTES, start + read);
      if (bytesRead === 0) return;
      read += bytesRead;
      yield bytesRead === DECODE_SLICE_BYTES ? buffer : buffer.subarray(0, bytesRead);
    }
  }
  return {
    chunks: chunks(),
    bytesRead: () => read,
    destroy: () => {
      stopped = true;
    },
  };
}
