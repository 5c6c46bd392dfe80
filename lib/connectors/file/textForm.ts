import { OVERSIZE_HEAD_CHARS, oversizeHead, utf8Length } from './recordBound.js';
import { INVALID_UTF8_MARK } from './utf8Marking.js';

/**
 * The form of the strings a file's framer and decoder work on. `UTF16_TEXT` is decoded text.
 * `BYTE_TEXT` holds the file's UTF-8 bytes one character per byte (the bytes read as latin1):
 * decoding it is a copy, every string is one-byte, and the ASCII characters the CSV framer and
 * splitter look for (line breaks, delimiter, quote, digits) sit where they sit in the text, so
 * they frame and split it exactly as they frame the text. A marked invalid sequence is
 * {@link INVALID_UTF8_MARK} in either form. What leaves the decoder as a value or as a
 * bad record's raw text is turned into text first (`text`), so rows and reports are the same
 * in both forms.
 */
export interface TextForm {
  /** Whether strings hold bytes (`BYTE_TEXT`). */
  readonly bytes: boolean;
  /** The UTF-8 byte length of a string of this form. */
  byteLength(s: string): number;
  /** The text a string of this form stands for. */
  text(s: string): string;
  /** The start of a record beyond the bound, kept (in this form) as its raw text. */
  head(s: string): string;
  /** U+FFFD in this form. */
  readonly replacement: string;
}

/** Decoded text: strings are what they say. */
export const UTF16_TEXT: TextForm = {
  bytes: false,
  byteLength: utf8Length,
  text: (s) => s,
  head: oversizeHead,
  replacement: '\uFFFD',
};

/** UTF-8 bytes, one character per byte. */
export const BYTE_TEXT: TextForm = {
  bytes: true,
  byteLength: (s) => s.length,
  text: textOfBytes,
  head: bytesHead,
  replacement: '\xEF\xBF\xBD',
};

/** The text whose UTF-8 bytes `s` holds one per character (ASCII stands for itself). */
export function textOfBytes(s: string): string {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return decodeBytes(s);
  return s;
}

function decodeBytes(s: string): string {
  if (!s.includes(INVALID_UTF8_MARK)) return Buffer.from(s, 'latin1').toString('utf8');
  return s
    .split(INVALID_UTF8_MARK)
    .map((piece) => Buffer.from(piece, 'latin1').toString('utf8'))
    .join(INVALID_UTF8_MARK);
}

/**
 * The bytes of the first {@link OVERSIZE_HEAD_CHARS} UTF-16 units of the text `s` stands for, ending at a character
 * boundary (a character of four bytes counts two units; one that would cross the last unit
 * is left out).
 */
function bytesHead(s: string): string {
  let units = 0;
  let i = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80 && c < 0xc0) continue;
    const width = c >= 0xf0 && c <= 0xff ? 2 : 1;
    if (units + width > OVERSIZE_HEAD_CHARS) break;
    units += width;
  }
  return s.slice(0, i);
}

/** The text form a CSV file is read in: bytes when the dialect's characters are all ASCII. */
export function csvTextForm(delimiter: string, quote: string, nullLiteral: string): TextForm {
  return isAscii(delimiter + quote + nullLiteral) ? BYTE_TEXT : UTF16_TEXT;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}
