/** How many distinct errors are remembered; later new ones are only counted. */
const MAX_DISTINCT_ERRORS = 100;

/** A running count is logged after every this many occurrences. */
const COUNT_EVERY = 1000;

/**
 * The shape of an error message, used to tell distinct errors apart: quoted values and numbers
 * are masked (`invalid INTEGER text 'x1'` and `... 'x2'` are the same error), column names
 * (`column 'id'`, `field 'id'`) are kept.
 */
export function errorShape(message: string): string {
  return message
    .replace(/((?:column|field) )?('(?:[^']|'')*'|"(?:[^"\\]|\\.)*")/g, (quoted, name: string | undefined) => (name ? quoted : '…'))
    .replace(/\d+/g, '#');
}

/** What to log for one occurrence. */
export type ThrottleVerdict = 'first' | 'count' | 'quiet';

/**
 * Decides which warnings of one kind reach the log: the first occurrence of each distinct
 * error in full (`first`), then every 1000th occurrence a running count (`count`); the rest
 * are only counted (`quiet`). 2 million bad lines print a few thousand lines, not 2 million.
 */
export class WarningThrottle {
  private readonly seen = new Set<string>();
  private occurrences = 0;

  /** Occurrences so far (the current one included). */
  get count(): number {
    return this.occurrences;
  }

  /** Counts one occurrence of an error with this message and says what to log. */
  note(message: string): ThrottleVerdict {
    this.occurrences++;
    if (this.seen.size < MAX_DISTINCT_ERRORS) {
      const shape = errorShape(message);
      if (!this.seen.has(shape)) {
        this.seen.add(shape);
        return 'first';
      }
    }
    return this.occurrences % COUNT_EVERY === 0 ? 'count' : 'quiet';
  }
}
