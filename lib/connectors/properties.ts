import { FerrisError } from '../types/errors.js';
import type { ConnectorProperties } from './types.js';

/**
 * Typed readers of connector properties. Each names the offending key and, for enumerations,
 * the accepted values. Keys here are the short keys (`path`); `validateProperties` in the
 * registry reports the full `<name>.<key>` before a connector is opened.
 */

/** The value of `key`, or `fallback` when absent. */
export function stringProperty(props: ConnectorProperties, key: string, fallback: string): string {
  return props.get(key) ?? fallback;
}

/** The value of `key` (which must be present), or a CONFIG error naming the key. */
export function requiredProperty(props: ConnectorProperties, key: string, connectorType: string): string {
  const value = props.get(key);
  if (value === undefined || value === '') {
    throw new FerrisError('CONFIG', `${connectorType}: the property '${key}' is required`);
  }
  return value;
}

/** One of `values` (compared case-insensitively, returned as listed), or `fallback` when absent. */
export function enumProperty<T extends string>(props: ConnectorProperties, key: string, values: readonly T[], fallback: T): T {
  const raw = props.get(key);
  if (raw === undefined) return fallback;
  const lower = raw.trim().toLowerCase();
  const match = values.find((v) => v.toLowerCase() === lower);
  if (match === undefined) {
    throw new FerrisError('CONFIG', `invalid value '${raw}' for '${key}'; accepted values: ${values.join(', ')}`);
  }
  return match;
}

/** `true` or `false` (case-insensitive), or `fallback` when absent. */
export function booleanProperty(props: ConnectorProperties, key: string, fallback: boolean): boolean {
  return enumProperty(props, key, ['true', 'false'], fallback ? 'true' : 'false') === 'true';
}

/** A whole number ≥ `min`, or `fallback` when absent. */
export function integerProperty(props: ConnectorProperties, key: string, fallback: number, min = 0): number {
  return optionalIntegerProperty(props, key, min) ?? fallback;
}

/** A whole number ≥ `min`, or undefined when absent. */
export function optionalIntegerProperty(props: ConnectorProperties, key: string, min = 0): number | undefined {
  const raw = props.get(key);
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  const value = Number(trimmed);
  if (trimmed === '' || !Number.isSafeInteger(value) || value < min) {
    throw new FerrisError('CONFIG', `invalid value '${raw}' for '${key}': expected a whole number ≥ ${min}`);
  }
  return value;
}

/** A number > 0 (fractions allowed), or undefined when absent. */
export function positiveNumberProperty(props: ConnectorProperties, key: string): number | undefined {
  const raw = props.get(key);
  if (raw === undefined) return undefined;
  const value = Number(raw.trim());
  if (raw.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new FerrisError('CONFIG', `invalid value '${raw}' for '${key}': expected a number > 0`);
  }
  return value;
}

/** A single character (e.g. a CSV delimiter); `\t` is accepted for a tab. */
export function characterProperty(props: ConnectorProperties, key: string, fallback: string): string {
  const raw = props.get(key);
  if (raw === undefined) return fallback;
  const value = raw === '\\t' ? '\t' : raw;
  if (value.length !== 1) {
    throw new FerrisError('CONFIG', `invalid value '${raw}' for '${key}': expected a single character`);
  }
  return value;
}
