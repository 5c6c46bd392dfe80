/**
 * Marks an invalid UTF-8 byte sequence in decoded text: a lone surrogate, which decoding valid
 * UTF-8 can never produce, so its presence tells a record held invalid bytes.
 */
export const INVALID_UTF8_MARK = '\uDFFF';

/** The lowest and highest second byte allowed after a lead byte (Unicode table 3-7). */
function secondByteRange(lead: number): [number, number] | undefined {
  if (lead >= 0xc2 && lead <= 0xdf) return [0x80, 0xbf];
  if (lead === 0xe0) return [0xa0, 0xbf];
  if (lead === 0xed) return [0x80, 0x9f];
  if (lead >= 0xe1 && lead <= 0xef) return [0x80, 0xbf];
  if (lead === 0xf0) return [0x90, 0xbf];
  if (lead === 0xf4) return [0x80, 0x8f];
  if (lead >= 0xf1 && lead <= 0xf3) return [0x80, 0xbf];
  return undefined;
}

/** The byte length of the UTF-8 sequence a lead byte starts (1 for ASCII and invalid bytes). */
export function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 1;
}

/**
 * How many bytes from `at` form one invalid "maximal subpart" (the Unicode recommendation
 * the runtime's decoder follows too), or 0 when a valid sequence starts there.
 */
function invalidLength(bytes: Uint8Array, at: number, end: number): number {
  const lead = bytes[at]!;
  if (lead < 0x80) return 0;
  const second = secondByteRange(lead);
  if (second === undefined) return 1;
  const length = sequenceLength(lead);
  for (let k = 1; k < length; k++) {
    const byte = at + k < end ? bytes[at + k]! : -1;
    const [low, high] = k === 1 ? second : [0x80, 0xbf];
    if (byte < low || byte > high) return k;
  }
  return 0;
}

/**
 * Decodes bytes[0..end) that are not valid UTF-8, with one {@link INVALID_UTF8_MARK} in place of
 * each invalid sequence (where the runtime's decoder puts one U+FFFD); `invalid` counts them.
 */
export function decodeMarkingInvalid(bytes: Buffer, end: number): { text: string; invalid: number } {
  let text = '';
  let invalid = 0;
  let runStart = 0;
  let at = 0;
  while (at < end) {
    if (bytes[at]! < 0x80) {
      at++;
      continue;
    }
    const bad = invalidLength(bytes, at, end);
    if (bad === 0) {
      at += sequenceLength(bytes[at]!);
      continue;
    }
    text += bytes.toString('utf8', runStart, at) + INVALID_UTF8_MARK;
    invalid++;
    at += bad;
    runStart = at;
  }
  return { text: text + bytes.toString('utf8', runStart, end), invalid };
}
