import { StringDecoder } from 'node:string_decoder';
import type { FileChunks } from './fileChunks.js';
import { openFileChunks } from './fileChunks.js';

/** How a file's bytes are stored on disk. */
export type Compression = 'none' | 'gzip' | 'auto';

/** Whether a file is read through gunzip: `auto` decides by the `.gz` extension. */
export function isGzip(file: string, compression: Compression): boolean {
  return compression === 'gzip' || (compression === 'auto' && file.toLowerCase().endsWith('.gz'));
}

/**
 * Turns a file's bytes into text chunk by chunk (UTF-8, a character split across chunks is
 * completed by the next chunk, a leading byte-order mark is dropped). One instance follows one
 * file across several reads when the file is tailed.
 */
export class FileTextDecoder {
  private readonly decoder = new StringDecoder('utf8');
  private atStart = true;

  /** The text of the next chunk. */
  decode(chunk: Buffer): string {
    const text = this.decoder.write(chunk);
    if (this.atStart && text.length > 0) {
      this.atStart = false;
      return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    }
    return text;
  }

  /** Whatever incomplete character bytes are left at the end of the file. */
  end(): string {
    return this.decoder.end();
  }
}

/**
 * Reads a file's text chunk by chunk, calling `onText` for each until it returns false
 * (enough read) or the file ends. Used where a file is read only partly, e.g. schema sampling.
 */
export async function readFileTextUntil(file: string, gzip: boolean, onText: (text: string) => boolean): Promise<void> {
  const chunks: FileChunks = openFileChunks(file, gzip);
  const decoder = new FileTextDecoder();
  try {
    for await (const chunk of chunks.chunks) {
      if (!onText(decoder.decode(chunk as Buffer))) return;
    }
    const rest = decoder.end();
    if (rest !== '') onText(rest);
  } finally {
    chunks.destroy();
  }
}
