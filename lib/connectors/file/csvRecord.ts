import { FerrisError } from '../../types/errors.js';

/**
 * Splits one CSV record into its field texts (RFC 4180: a quoted field may hold the delimiter,
 * line breaks and doubled quotes). A record without a quote character takes the fast path of
 * `String.split`. Throws FerrisError('BAD_RECORD') for text after a closing quote or an
 * unclosed quote.
 */
export function splitCsvRecord(record: string, delimiter: string, quote: string): string[] {
  if (record.indexOf(quote) === -1) return record.split(delimiter);
  const fields: string[] = [];
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
        fields.push('');
        return fields;
      }
    } else {
      const next = record.indexOf(delimiter, i);
      if (next === -1) {
        fields.push(record.slice(i));
        return fields;
      }
      fields.push(record.slice(i, next));
      i = next + 1;
      if (i === length) {
        fields.push('');
        return fields;
      }
    }
  }
}
