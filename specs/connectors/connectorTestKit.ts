import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Row } from '../../lib/types/value.js';
import type { BadRecord, ConnectorContext, ConnectorProperties, Source } from '../../lib/connectors/types.js';

/** A fresh temporary directory for one test. */
export function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'ferris-connectors-'));
}

/** A connector context that records bad records and log lines instead of printing them. */
export interface TestContext extends ConnectorContext {
  readonly badRecords: BadRecord[];
  readonly logs: { level: string; message: string }[];
  readonly controller: AbortController;
}

/** Builds a test context resolving relative paths against `baseDir`. */
export function testContext(baseDir: string): TestContext {
  const controller = new AbortController();
  const badRecords: BadRecord[] = [];
  const logs: { level: string; message: string }[] = [];
  return {
    baseDir,
    badRecords,
    logs,
    controller,
    signal: controller.signal,
    onBadRecord: (bad) => void badRecords.push(bad),
    log: (level, message) => logs.push({ level, message }),
  };
}

/** Connector properties from a plain object. */
export function props(entries: Record<string, string>): ConnectorProperties {
  return new Map(Object.entries(entries));
}

/** Every row of a bounded source, batch boundaries dropped. */
export async function readAllRows(source: Source): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const batch of source.batches()) rows.push(...batch);
  return rows;
}

/** The first `width` (declared) values of each row. */
export function declaredValues(rows: readonly Row[], width: number): Row[] {
  return rows.map((row) => row.slice(0, width));
}
