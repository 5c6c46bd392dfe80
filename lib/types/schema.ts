import type { Field, SqlType } from './sqlType.js';
import { INTEGER, STRING, TIMESTAMP } from './sqlType.js';

const STRING_MAP: SqlType = { kind: 'MAP', key: STRING, value: STRING };

/**
 * System columns every source row carries after its declared columns, in this order
 * (`_headers` is a Map<string, string> of Kafka headers, or null).
 * `_event_time` is not stored: the planner derives it (event-time field or `_timestamp`).
 */
export const SYSTEM_COLUMNS: readonly Field[] = [
  { name: '_timestamp', type: TIMESTAMP, nullable: false },
  { name: '_offset', type: INTEGER, nullable: false },
  { name: '_partition', type: INTEGER, nullable: false },
  { name: '_key', type: STRING, nullable: true },
  { name: '_topic', type: STRING, nullable: true },
  { name: '_headers', type: STRING_MAP, nullable: true },
];

/** An ordered list of columns. Column i of a row is `row[i]`. */
export interface Schema {
  readonly fields: readonly Field[];
}

/** Builds a schema from fields. */
export function schemaOf(fields: readonly Field[]): Schema {
  return { fields };
}

/** Builds a nullable field. */
export function field(name: string, type: SqlType, nullable = true): Field {
  return { name, type, nullable };
}

/** The index of a column by case-insensitive name, or -1. */
export function indexOfField(schema: Schema, name: string): number {
  const lower = name.toLowerCase();
  return schema.fields.findIndex((f) => f.name.toLowerCase() === lower);
}
