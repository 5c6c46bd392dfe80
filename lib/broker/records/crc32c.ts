/** CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) with slice-by-8 tables. */
const TABLES = buildTables();

function buildTables(): Uint32Array {
  const t = new Uint32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    for (let s = 1; s < 8; s++) {
      const prev = t[(s - 1) * 256 + n] as number;
      t[s * 256 + n] = (prev >>> 8) ^ (t[prev & 0xff] as number);
    }
  }
  return t;
}

/** The CRC-32C of `buf[start, end)`, as an unsigned 32-bit number. */
export function crc32c(buf: Uint8Array, start = 0, end = buf.length): number {
  const t = TABLES;
  let crc = 0xffffffff;
  let i = start;
  const blocks = end - ((end - start) & 7);
  while (i < blocks) {
    const lo = crc ^ ((buf[i] as number) | ((buf[i + 1] as number) << 8) | ((buf[i + 2] as number) << 16) | ((buf[i + 3] as number) << 24));
    const hi = (buf[i + 4] as number) | ((buf[i + 5] as number) << 8) | ((buf[i + 6] as number) << 16) | ((buf[i + 7] as number) << 24);
    crc = (t[1792 + (lo & 0xff)] as number) ^ (t[1536 + ((lo >>> 8) & 0xff)] as number)
      ^ (t[1280 + ((lo >>> 16) & 0xff)] as number) ^ (t[1024 + (lo >>> 24)] as number)
      ^ (t[768 + (hi & 0xff)] as number) ^ (t[512 + ((hi >>> 8) & 0xff)] as number)
      ^ (t[256 + ((hi >>> 16) & 0xff)] as number) ^ (t[hi >>> 24] as number);
    i += 8;
  }
  while (i < end) crc = (t[(crc ^ (buf[i++] as number)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
