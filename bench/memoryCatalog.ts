/*
 * The catalog the in-memory benchmarks plan against: relations read through the `memory`
 * connector, each named by its `stream` property, so that one source factory serves them all.
 */
import { Catalog } from '../lib/plan/app/catalog.js';
import type { RelationKind } from '../lib/sql/ast.js';
import type { Schema } from '../lib/types/schema.js';

/** A relation of a memory catalog. */
export interface MemoryRelation {
  readonly name: string;
  readonly declared: Schema;
  /** TABLE with its PRIMARY KEY columns; a STREAM without. */
  readonly kind?: RelationKind;
  readonly primaryKey?: readonly string[];
  /** The `stream` property its source is opened with (default: its name). */
  readonly stream?: string;
}

/** A catalog of `memory` relations. */
export function memoryCatalog(relations: readonly MemoryRelation[]): Catalog {
  const catalog = new Catalog();
  for (const relation of relations) {
    catalog.put({
      name: relation.name,
      kind: relation.kind ?? 'STREAM',
      declared: relation.declared,
      primaryKey: relation.primaryKey ?? [],
      connector: { type: 'memory', properties: new Map([['stream', relation.stream ?? relation.name]]) },
      origin: 'declared',
      location: { line: 1, column: 1 },
    });
  }
  return catalog;
}
