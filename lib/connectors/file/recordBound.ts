import type { TextForm } from './textForm.js';

/** The default bound of one record's size in UTF-8 bytes (`<name>.max_record_bytes`): 16 MiB. */
export const DEFAULT_MAX_RECORD_BYTES = 16 * 1024 * 1024;

/** How many characters of a record beyond the bound are kept for its bad-record report. */
export const OVERSIZE_HEAD_CHARS = 1024;

/** The length of a text in UTF-8 bytes. */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** The start of a record beyond the bound, kept as its raw text when it is reported. */
export function oversizeHead(text: string): string {
  return text.length <= OVERSIZE_HEAD_CHARS ? text : text.slice(0, OVERSIZE_HEAD_CHARS);
}

/** The bad-record message of a record beyond the bound, which was skipped. */
export function describeOversize(what: string, bytes: number, maxRecordBytes: number, head: string): string {
  return (
    `a ${what} of ${bytes} bytes is longer than max_record_bytes (${maxRecordBytes}); ` +
    `it is skipped (its first ${head.length} characters are kept as its raw text)`
  );
}

/**
 * The start of a record cut by chunk boundaries, kept as pieces until its end arrives. Past
 * the bound the pieces are dropped and only counted: the record is then `oversize`, with its
 * first characters kept as the raw text of its report. Shared by the line and JSON array framers.
 */
export class PartialRecord {
  private pieces: string[] = [];
  private keptBytes = 0;
  /** The record is beyond the bound: it is counted, not kept. */
  oversize = false;
  /** The UTF-8 bytes of an oversize record so far. */
  oversizeBytes = 0;
  /** The first characters of an oversize record. */
  head = '';

  /**
   * @param maxBytes the most UTF-8 bytes a record may have
   * @param form the form of the pieces (decoded text, or bytes one per character)
   */
  constructor(
    private readonly maxBytes: number,
    private readonly form: TextForm,
  ) {}

  /** Whether a record has begun: pieces are kept, or it is being counted. */
  get started(): boolean {
    return this.pieces.length > 0 || this.oversize;
  }

  /** Keeps `piece` (counts it, once oversize); true when this piece made the record oversize. */
  add(piece: string): boolean {
    const bytes = this.form.byteLength(piece);
    if (this.oversize) {
      this.oversizeBytes += bytes;
      return false;
    }
    this.pieces.push(piece);
    this.keptBytes += bytes;
    if (this.keptBytes <= this.maxBytes) return false;
    this.oversize = true;
    this.oversizeBytes = this.keptBytes;
    this.head = this.form.head(this.pieces.join(''));
    this.pieces = [];
    this.keptBytes = 0;
    return true;
  }

  /** The kept text followed by `tail` (the record's end). */
  text(tail = ''): string {
    if (this.pieces.length === 0) return tail;
    return this.pieces.length === 1 ? this.pieces[0]! + tail : this.pieces.join('') + tail;
  }

  /** Forgets the record: the next piece starts a new one. */
  clear(): void {
    this.pieces = [];
    this.keptBytes = 0;
    this.oversize = false;
    this.oversizeBytes = 0;
    this.head = '';
  }
}
