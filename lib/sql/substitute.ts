/** `${name}` and `${name:default}` variables in SQL text (values from --set and the environment). */
import { FerrisError } from '../types/errors.js';

const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Where a variable reference starts, 1-based. */
interface Position {
  readonly line: number;
  readonly column: number;
}

/**
 * Replaces each `${name}` by `lookup(name)`, or by its default in `${name:default}` when the
 * lookup has no value. Values are inserted as they are (no quoting). A reference must fit on
 * one line.
 * @throws FerrisError `CONFIG` naming every variable without a value (located at the first),
 *   or at an invalid or unterminated `${`.
 */
export function substituteVariables(text: string, lookup: (name: string) => string | undefined): string {
  const positions = new LinePositions(text);
  const missing: { readonly name: string; readonly position: Position }[] = [];
  let output = '';
  let done = 0;
  for (let start = text.indexOf('${'); start >= 0; start = text.indexOf('${', done)) {
    output += text.slice(done, start);
    const end = text.indexOf('}', start + 2);
    const lineEnd = text.indexOf('\n', start);
    const position = positions.at(start);
    if (end < 0 || (lineEnd >= 0 && lineEnd < end)) {
      throw new FerrisError('CONFIG', `unterminated \${ at ${position.line}:${position.column}`, { location: position });
    }
    const body = text.slice(start + 2, end);
    const colon = body.indexOf(':');
    const name = (colon < 0 ? body : body.slice(0, colon)).trim();
    if (!NAME_PATTERN.test(name)) {
      throw new FerrisError('CONFIG', `invalid variable name '${name}' in \${${body}} at ${position.line}:${position.column}`, {
        location: position,
      });
    }
    const value = lookup(name) ?? (colon < 0 ? undefined : body.slice(colon + 1));
    if (value === undefined) missing.push({ name, position });
    output += value ?? '';
    done = end + 1;
  }
  output += text.slice(done);
  const first = missing[0];
  if (first !== undefined) {
    const list = missing.map(({ name, position }) => `\${${name}} at ${position.line}:${position.column}`).join(', ');
    throw new FerrisError('CONFIG', `no value for ${list} (set it, or write a default: \${name:default})`, { location: first.position });
  }
  return output;
}

/** Turns offsets into 1-based lines and columns. */
class LinePositions {
  private readonly lineStarts: number[] = [0];

  constructor(text: string) {
    for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) this.lineStarts.push(index + 1);
  }

  at(offset: number): Position {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.lineStarts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (this.lineStarts[low] ?? 0) + 1 };
  }
}
