/**
 * Where a CSV line leaves the quoting of its record: `closed` (every quoted field is closed, the
 * record ends with this line), `open` (a quoted field goes on over the next line) or `broken`
 * (a closing quote is followed by text other than the delimiter: the record is malformed).
 */
export type QuoteState = 'closed' | 'open' | 'broken';

/**
 * Follows the quoting of one line of a CSV record (RFC 4180): a quote opens a quoted field
 * only at the start of a field (a quote inside an unquoted field is literal text, as the
 * record splitter reads it); inside a quoted field a doubled quote is one quote character,
 * and a closing quote must be followed by the delimiter or the end of the line.
 *
 * @param inQuotes whether the line starts inside a quoted field opened on an earlier line
 */
export function scanQuotes(line: string, inQuotes: boolean, quote: string, delimiter: string): QuoteState {
  let open = inQuotes;
  let at = line.indexOf(quote);
  while (at !== -1) {
    if (open) {
      const next = at + 1;
      if (line[next] === quote) {
        at = line.indexOf(quote, next + 1);
        continue;
      }
      if (next < line.length && line[next] !== delimiter) return 'broken';
      open = false;
    } else if (at === 0 || line[at - 1] === delimiter) {
      open = true;
    }
    at = line.indexOf(quote, at + 1);
  }
  return open ? 'open' : 'closed';
}
