import { createRequire, Module } from 'node:module';

const require = createRequire(import.meta.url);

/** The kafkajs release whose internals our replacements reproduce: its Produce request, byte for byte, its partition grouping and its record batch decoding. */
const REPRODUCED_KAFKAJS_VERSION = '2.2.4';

/** Whether the installed kafkajs is the release our replacements of its internals were checked against. */
export function isReproducedKafkajs(): boolean {
  return (require('kafkajs/package.json') as { version: string }).version === REPRODUCED_KAFKAJS_VERSION;
}

/**
 * Puts `exports` in Node's module cache as kafkajs's module `request` (a path inside the
 * kafkajs package), so that kafkajs code of this thread that requires that module later gets
 * ours. Only for the kafkajs release our replacements were checked against, and only while
 * nothing has required the module yet: kafkajs keeps what it required, so a module seeded late
 * would be used by some of kafkajs and not the rest. Returns whether ours is the one kafkajs
 * gets.
 */
export function seedKafkajsModule(request: string, exports: unknown): boolean {
  const filename = require.resolve(request);
  const cached = require.cache[filename];
  if (cached !== undefined) return cached.exports === exports;
  if (!isReproducedKafkajs()) return false;
  const seeded = new Module(filename);
  seeded.filename = filename;
  seeded.loaded = true;
  seeded.exports = exports;
  require.cache[filename] = seeded;
  return true;
}
