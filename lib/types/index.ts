/*
 * The public surface of lib/types: SQL types, schemas, values, exact decimals, time, text and
 * JSON conversion, casts, ordering and hashing of values, the in-band messages and errors.
 * (The big.js adapter `bigDecimal.ts` is left out: it is a reference for specs and benchmarks.)
 */

export * from './cast.js';
export * from './compare.js';
export * from './decimal.js';
export * from './errors.js';
export * from './message.js';
export * from './schema.js';
export * from './sqlType.js';
export * from './time.js';
export * from './value.js';
export * from './valueKey.js';
export * from './valueText.js';
