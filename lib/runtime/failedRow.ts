import type { PlanColumn } from '../plan/logicalPlan.js';
import type { Row } from '../types/value.js';
import { DEFAULT_FORMAT, toJsonValue } from '../types/valueText.js';

/** Where a row came from, read from its system columns (absent when the row has none). */
export interface RowOrigin {
  /** `_topic`: the file (as written in the path) or topic, null when the row has no source left. */
  readonly origin: string | null;
  readonly partition?: number;
  /** `_offset`: the row's 0-based record index in its file or partition. */
  readonly offset?: number;
}

function systemIndex(columns: readonly PlanColumn[], name: string): number {
  return columns.findIndex((c) => c.system && c.name === name);
}

/**
 * Describes rows of one schema that failed (evaluation error, late row) for warnings and dead
 * letters: where each came from (its `_topic`, `_partition` and `_offset` when the schema
 * still has them) and its declared columns as a JSON object by name. Indices are resolved
 * once, when the operator is built; nothing is computed for rows that do not fail.
 */
export class FailedRowReader {
  private readonly topic: number;
  private readonly partition: number;
  private readonly offset: number;
  private readonly declared: readonly { readonly column: PlanColumn; readonly index: number }[];

  constructor(columns: readonly PlanColumn[]) {
    this.topic = systemIndex(columns, '_topic');
    this.partition = systemIndex(columns, '_partition');
    this.offset = systemIndex(columns, '_offset');
    this.declared = columns.flatMap((column, index) => (column.system ? [] : [{ column, index }]));
  }

  /** Where the row came from. */
  originOf(row: Row): RowOrigin {
    const topic = this.topic >= 0 ? row[this.topic] : null;
    const partition = this.partition >= 0 ? row[this.partition] : undefined;
    const offset = this.offset >= 0 ? row[this.offset] : undefined;
    return {
      origin: typeof topic === 'string' ? topic : null,
      ...(typeof partition === 'number' ? { partition } : {}),
      ...(typeof offset === 'number' ? { offset } : {}),
    };
  }

  /** The row's declared columns as name → JSON value (decimals as text, timestamps ISO-8601). */
  asObject(row: Row): Record<string, unknown> {
    const object: Record<string, unknown> = {};
    for (const { column, index } of this.declared) object[column.name] = toJsonValue(row[index] ?? null, column.type, DEFAULT_FORMAT);
    return object;
  }
}
