import type { RelationKind } from '../../sql/ast.js';
import type { SourceLocation } from '../../types/errors.js';
import type { Schema } from '../../types/schema.js';

/** Where a connector key was written: the key as the user typed it, and its position. */
export interface KeyOrigin {
  readonly key: string;
  readonly location: SourceLocation;
}

/** A connector as configured: its type and keys (without the `<name>.` prefix). */
export interface ConnectorConfig {
  readonly type: string;
  readonly properties: ReadonlyMap<string, string>;
  /** Key (as in `properties`, or `type`) → where it was written, for keys that come from SQL. */
  readonly origins?: ReadonlyMap<string, KeyOrigin>;
}

/** A stream or table the application knows by name. */
export interface CatalogEntry {
  readonly name: string;
  readonly kind: RelationKind;
  /** The declared columns, when the statement listed them. */
  readonly declared: Schema | undefined;
  /** The declared PRIMARY KEY columns (a TABLE is read as the latest row per key). */
  readonly primaryKey: readonly string[];
  /** The connector from the declaration's WITH; undefined for a CSAS output without one. */
  readonly connector: ConnectorConfig | undefined;
  /** `declared` for CREATE STREAM ... WITH, `job` for the output of CREATE STREAM ... AS SELECT. */
  readonly origin: 'declared' | 'job';
  readonly location: SourceLocation;
}

/** The streams and tables of an application, by case-insensitive name. */
export class Catalog {
  private readonly entries = new Map<string, CatalogEntry>();

  /** Adds or replaces an entry. */
  put(entry: CatalogEntry): void {
    this.entries.set(entry.name.toLowerCase(), entry);
  }

  /** The entry of a name, ignoring case. */
  get(name: string): CatalogEntry | undefined {
    return this.entries.get(name.toLowerCase());
  }

  /** Removes an entry; false when there was none. */
  delete(name: string): boolean {
    return this.entries.delete(name.toLowerCase());
  }

  /** Every entry, in declaration order. */
  list(): CatalogEntry[] {
    return [...this.entries.values()];
  }
}
