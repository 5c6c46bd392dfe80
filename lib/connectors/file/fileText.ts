import { isUtf8 } from 'node:buffer';
import type { FileChunks } from './fileChunks.js';
import { openFileChunks } from './fileChunks.js';
import { UTF16_TEXT, type TextForm } from './textForm.js';
import { decodeMarkingInvalid, INVALID_UTF8_MARK, sequenceLength } from './utf8Marking.js';

/** The byte-order mark, as bytes one per character. */
const BYTE_ORDER_MARK_BYTES = '\xEF\xBB\xBF';

/** How many bytes at most a UTF-8 character cut by a chunk boundary leaves for the next chunk. */
const MAX_CUT_BYTES = 3;

/** How a file's bytes are stored on disk. */
export type Compression = 'none' | 'gzip' | 'auto';

/**
 * What reading does with bytes that are not valid UTF-8: `bad_record` marks them (with
 * {@link INVALID_UTF8_MARK}) so the record holding them is reported bad; `replace` reads each
 * invalid sequence as U+FFFD and counts it.
 */
export type InvalidUtf8 = 'bad_record' | 'replace';

/** Whether a file is read through gunzip: `auto` decides by the `.gz` extension. */
export function isGzip(file: string, compression: Compression): boolean {
  return compression === 'gzip' || (compression === 'auto' && file.toLowerCase().endsWith('.gz'));
}

/** Where the last character of `bytes` that is complete ends (a character cut at the end is left out). */
function completeEnd(bytes: Buffer): number {
  const length = bytes.length;
  for (let back = 1; back <= MAX_CUT_BYTES && back <= length; back++) {
    const byte = bytes[length - back]!;
    if ((byte & 0xc0) === 0x80) continue;
    return length - back + sequenceLength(byte) > length ? length - back : length;
  }
  return length;
}

/**
 * Turns a file's bytes into text chunk by chunk (UTF-8, a character split across chunks is
 * completed by the next chunk, a leading byte-order mark is dropped), checking the bytes are
 * valid UTF-8 (one fast pass per chunk; only a chunk with invalid bytes is decoded byte by
 * byte). One instance follows one file across several reads when the file is tailed.
 *
 * In `BYTE_TEXT` form the text is the bytes one per character (a copy, not a decode; see
 * {@link TextForm}), with the same marks or U+FFFD (as its bytes) where bytes are invalid.
 */
export class FileTextDecoder {
  /** Bytes of a character cut by the end of the last chunk. */
  private cut: Buffer | undefined;
  private atStart = true;
  /** Invalid sequences read so far (marked, or replaced by U+FFFD). */
  invalidSequences = 0;

  constructor(
    private readonly invalidUtf8: InvalidUtf8,
    private readonly form: TextForm = UTF16_TEXT,
  ) {}

  /** The text of the next chunk. */
  decode(chunk: Buffer): string {
    const bytes = this.cut === undefined ? chunk : Buffer.concat([this.cut, chunk]);
    const end = completeEnd(bytes);
    this.cut = end === bytes.length ? undefined : Buffer.from(bytes.subarray(end));
    const text = this.text(bytes, end);
    if (this.atStart && text.length > 0) {
      this.atStart = false;
      if (this.form.bytes) return text.startsWith(BYTE_ORDER_MARK_BYTES) ? text.slice(BYTE_ORDER_MARK_BYTES.length) : text;
      return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    }
    return text;
  }

  /** Whatever incomplete character bytes are left at the end of the file (invalid). */
  end(): string {
    const cut = this.cut;
    if (cut === undefined) return '';
    this.cut = undefined;
    return this.text(cut, cut.length);
  }

  private text(bytes: Buffer, end: number): string {
    const bytesForm = this.form.bytes;
    if (end === bytes.length ? isUtf8(bytes) : isUtf8(bytes.subarray(0, end))) return bytes.toString(bytesForm ? 'latin1' : 'utf8', 0, end);
    const { text, invalid } = decodeMarkingInvalid(bytes, end);
    this.invalidSequences += invalid;
    const read = this.invalidUtf8 === 'replace' ? text.replaceAll(INVALID_UTF8_MARK, '\uFFFD') : text;
    return bytesForm ? bytesOfText(read) : read;
  }
}

/** `text` (valid but for marks) as its UTF-8 bytes one per character, each mark kept as it is. */
function bytesOfText(text: string): string {
  return text
    .split(INVALID_UTF8_MARK)
    .map((piece) => Buffer.from(piece, 'utf8').toString('latin1'))
    .join(INVALID_UTF8_MARK);
}

/**
 * Reads a file's text chunk by chunk, calling `onText` for each until it returns false
 * (enough read) or the file ends; invalid UTF-8 reads as U+FFFD. Used where a file is read
 * only partly, e.g. schema sampling.
 */
export async function readFileTextUntil(file: string, gzip: boolean, onText: (text: string) => boolean): Promise<void> {
  const chunks: FileChunks = openFileChunks(file, gzip);
  const decoder = new FileTextDecoder('replace');
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
