import { FerrisError } from '../../types/errors.js';

/** One CSV field: its text, or null for an unquoted field that spells NULL. */
export type CsvField = string | null;

/** Replaces, in place, every field equal to the null spelling by null. */
function markNulls(fields: CsvField[], nullLiteral: string): CsvField[] {
  for (let i = 0; i < fields.length; i++) if (fields[i] === nullLiteral) fields[i] = null;
  return fields;
}

/** An unquoted field: null when it is the null spelling. */
function unquoted(text: string, nullLiteral: string): CsvField {
  return text === nullLiteral ? null : text;
}

/**
 * Splits one CSV record into its fields (RFC 4180: a quoted field may hold the delimiter,
 * line breaks and doubled quotes). An unquoted field equal to `nullLiteral` (by default the
 * empty string) is null; a quoted field is always text, so `""` is the empty string. A record
 * without a quote character takes the fast path of `String.split`. Throws
 * FerrisError('BAD_RECORD') for text after a closing quote or an unclosed quote.
 */
export function splitCsvRecord(record: string, delimiter: string, quote: string, nullLiteral: string): CsvField[] {
  if (record.indexOf(quote) === -1) return markNulls(record.split(delimiter), nullLiteral);
  const fields: CsvField[] = [];
  const length = record.length;
  let i = 0;
  for (;;) {
    if (record[i] === quote) {
      let value = '';
      let from = i + 1;
      for (;;) {
        const close = record.indexOf(quote, from);
        if (close === -1) throw new FerrisError('BAD_RECORD', `a quoted field starting at character ${i + 1} is not closed`);
        value += record.slice(from, close);
        if (record[close + 1] === quote) {
          value += quote;
          from = close + 2;
          continue;
        }
        i = close + 1;
        break;
      }
      fields.push(value);
      if (i >= length) return fields;
      if (record[i] !== delimiter) {
        throw new FerrisError('BAD_RECORD', `unexpected '${record[i]}' after a closing quote at character ${i + 1}`);
      }
      i++;
      if (i === length) {
        fields.push(unquoted('', nullLiteral));
        return fields;
      }
    } else {
      const next = record.indexOf(delimiter, i);
      if (next === -1) {
        fields.push(unquoted(record.slice(i), nullLiteral));
        return fields;
      }
      fields.push(unquoted(record.slice(i, next), nullLiteral));
      i = next + 1;
      if (i === length) {
        fields.push(unquoted('', nullLiteral));
        return fields;
      }
    }
  }
}
