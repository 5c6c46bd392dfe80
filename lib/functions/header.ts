import { notSupported } from '../types/errors.js';
import { arrayType, BOOLEAN, STRING } from '../types/sqlType.js';
import { expectArgument } from './argumentTypes.js';
import { bound, defineFunction } from './define.js';
import { textOf } from './runtimeValues.js';
import type { ScalarFunction } from './types.js';

/*
 * Kafka header functions. The planner passes the record's `_headers` system column (a
 * Map<string, string>, or NULL when the record has none) before the user's arguments.
 * Header names are case-sensitive, as in Kafka.
 */

const HEADERS = ['_headers'] as const;

/** The headers map of the implicit first argument, or null. */
function headersOf(v: unknown): Map<string, unknown> | null {
  return v instanceof Map ? v : null;
}

const HEADER = defineFunction({
  name: 'HEADER',
  category: 'header',
  signature: "HEADER('key')",
  description: 'The value of the Kafka header key of the record, or NULL when absent.',
  minArgs: 1,
  maxArgs: 1,
  implicitArgs: HEADERS,
  bind(argTypes) {
    expectArgument('HEADER', argTypes, 0, ['STRING']);
    return bound(STRING, (args) => {
      const headers = headersOf(args[0]);
      const key = args[1];
      if (headers === null || key === null) return null;
      const v = headers.get(textOf(key));
      return typeof v === 'string' ? v : null;
    });
  },
});

const HAS_HEADER = defineFunction({
  name: 'HAS_HEADER',
  category: 'header',
  signature: "HAS_HEADER('key')",
  description: 'Whether the record has the Kafka header key.',
  minArgs: 1,
  maxArgs: 1,
  implicitArgs: HEADERS,
  bind(argTypes) {
    expectArgument('HAS_HEADER', argTypes, 0, ['STRING']);
    return bound(BOOLEAN, (args) => {
      const key = args[1];
      if (key === null) return null;
      const headers = headersOf(args[0]);
      return headers !== null && headers.has(textOf(key));
    });
  },
});

const HEADER_KEYS = defineFunction({
  name: 'HEADER_KEYS',
  category: 'header',
  signature: 'HEADER_KEYS()',
  description: 'The names of the Kafka headers of the record, as an ARRAY<STRING> (empty without headers).',
  minArgs: 0,
  maxArgs: 0,
  implicitArgs: HEADERS,
  bind: () =>
    bound(arrayType(STRING), (args) => {
      const headers = headersOf(args[0]);
      return headers === null ? [] : Array.from(headers.keys());
    }),
});

const SET_HEADER = defineFunction({
  name: 'SET_HEADER',
  category: 'header',
  signature: "SET_HEADER('key', value)",
  description: 'Sets a header of the output record (needs the Kafka sink; not supported yet).',
  minArgs: 2,
  maxArgs: 2,
  implicitArgs: HEADERS,
  bind() {
    throw notSupported('SET_HEADER (output headers need the Kafka sink)');
  },
});

const REMOVE_HEADER = defineFunction({
  name: 'REMOVE_HEADER',
  category: 'header',
  signature: "REMOVE_HEADER('key')",
  description: 'Removes a header from the output record (needs the Kafka sink; not supported yet).',
  minArgs: 1,
  maxArgs: 1,
  implicitArgs: HEADERS,
  bind() {
    throw notSupported('REMOVE_HEADER (output headers need the Kafka sink)');
  },
});

/** HEADER, HAS_HEADER, HEADER_KEYS, SET_HEADER, REMOVE_HEADER. */
export const HEADER_FUNCTIONS: readonly ScalarFunction[] = [HEADER, HAS_HEADER, HEADER_KEYS, SET_HEADER, REMOVE_HEADER];
