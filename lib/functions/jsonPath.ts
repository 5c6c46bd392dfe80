import { isJsonObject } from '../types/exactJson.js';
import { FerrisError, type ErrorCode } from '../types/errors.js';

/** One step of a JSON path: an object member name or an array index. */
export type JsonPathStep = string | number;

/** Whether a character may appear in an unquoted member name (`$.a_b1`). */
function isNameChar(c: string): boolean {
  return c !== '.' && c !== '[' && c !== ']' && c !== ' ' && c !== '"' && c !== "'" && c !== '*';
}

/**
 * Parses the supported SQL/JSON path subset: `$`, `.name`, `."quoted name"`, `['name']`,
 * `["name"]` and `[index]` (0-based), e.g. `$.trade.legs[0].price`. A leading `$` may be left
 * out (`a.b` is `$.a.b`). Wildcards, recursive descent and filters throw
 * FerrisError(`code`) saying they are not supported yet.
 */
export function parseJsonPath(path: string, fn: string, code: ErrorCode): JsonPathStep[] {
  const fail = (why: string): FerrisError => new FerrisError(code, `${fn}: invalid JSON path '${path}': ${why}`);
  const steps: JsonPathStep[] = [];
  let i = 0;
  const text = path.trim();
  if (text.startsWith('$')) i = 1;
  else if (text !== '' && text[0] !== '.' && text[0] !== '[') {
    // A bare member name starts the path: 'a.b' means '$.a.b'.
    const end = scanName(text, 0);
    if (end === 0) throw fail(`unexpected '${text[0]}' at 1`);
    steps.push(text.slice(0, end));
    i = end;
  }
  while (i < text.length) {
    const c = text[i]!;
    if (c === '.') {
      if (text[i + 1] === '.' || text[i + 1] === '*') {
        throw new FerrisError('NOT_SUPPORTED', `not supported yet: JSON path wildcards and '..' in '${path}' (${fn})`);
      }
      if (text[i + 1] === '"') {
        const close = text.indexOf('"', i + 2);
        if (close < 0) throw fail('unterminated quoted name');
        steps.push(text.slice(i + 2, close));
        i = close + 1;
        continue;
      }
      const end = scanName(text, i + 1);
      if (end === i + 1) throw fail(`expected a member name at ${i + 2}`);
      steps.push(text.slice(i + 1, end));
      i = end;
    } else if (c === '[') {
      const close = text.indexOf(']', i);
      if (close < 0) throw fail("missing ']'");
      const inside = text.slice(i + 1, close).trim();
      if (/^\d+$/.test(inside)) steps.push(Number(inside));
      else if (/^'[^']*'$|^"[^"]*"$/.test(inside)) steps.push(inside.slice(1, -1));
      else if (inside === '*' || inside.startsWith('?')) {
        throw new FerrisError('NOT_SUPPORTED', `not supported yet: JSON path wildcards and filters in '${path}' (${fn})`);
      } else throw fail(`expected an index or a quoted name inside [${inside}]`);
      i = close + 1;
    } else {
      throw fail(`unexpected '${c}' at ${i + 1}`);
    }
  }
  return steps;
}

/** The end of an unquoted member name starting at `start`. */
function scanName(text: string, start: number): number {
  let end = start;
  while (end < text.length && isNameChar(text[end]!)) end++;
  return end;
}

/** Marks a path that leads nowhere in the document. */
export const MISSING: unique symbol = Symbol('missing');

/** Follows `steps` through a `parseExactJson`ed document; {@link MISSING} when a step does not exist. */
export function followJsonPath(doc: unknown, steps: readonly JsonPathStep[]): unknown {
  let node = doc;
  for (const step of steps) {
    if (typeof step === 'number') {
      if (!Array.isArray(node) || step >= node.length) return MISSING;
      node = node[step] as unknown;
    } else {
      if (!isJsonObject(node) || !Object.hasOwn(node, step)) return MISSING;
      node = node[step];
    }
  }
  return node;
}
