import { encodeState } from '../../types/stateCodec.js';
import type { Row } from '../../types/value.js';

/** FNV-1a (32 bits) of a text: the same in every process and every run. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The repartition partition of a row: a hash of the values of `keyColumns` (encoded as
 * checkpoints encode values, so `1` and `'1'`, or a BIGINT and a DOUBLE, stay apart) modulo
 * `partitions`. Rows with equal key values always go to the same partition, whichever
 * process writes them; with no key columns every row goes to partition 0. A row that could
 * not be decoded (`undefined`) goes to partition 0 too, where the second stage's failure
 * strategy meets it.
 *
 * ```text
 * rows:     {k: 'a'} {k: 'b'} {k: 'a'}      keyColumns [k], 4 partitions
 * result:   p        q        p              (p = fnv1a('["a"]') % 4)
 * ```
 */
export function repartitionOf(row: Row | undefined, keyColumns: readonly number[], partitions: number): number {
  if (row === undefined || keyColumns.length === 0) return 0;
  return fnv1a(JSON.stringify(encodeState(keyColumns.map((c) => row[c])))) % partitions;
}
