import { configure } from 'rxjs-marbles';
import { expect } from 'vitest';

/**
 * rxjs-marbles wired to vitest: wrap a test body with `marbles(m => ...)` to run it in virtual
 * time, with vitest's deep equality for the frames.
 */
export const { marbles } = configure({
  assert: (value: unknown, message: string) => expect(value, message).toBeTruthy(),
  assertDeepEqual: (actual: unknown, expected: unknown) => expect(actual).toStrictEqual(expected),
  frameworkMatcher: true,
});
