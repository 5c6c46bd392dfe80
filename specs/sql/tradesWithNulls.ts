import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A copy of the trades CSV with unquoted empty fields (NULL for DuckDB, PostgreSQL and us): every 7th row has
 * no exchange, every 11th no trader, every 13th no quantity and every 17th no price.
 */
export function writeTradesWithNulls(tradesCsv: string): string {
  const [header, ...rows] = readFileSync(tradesCsv, 'utf8').trimEnd().split('\n');
  const blanks: [every: number, column: number][] = [
    [7, 6],
    [11, 5],
    [13, 3],
    [17, 2],
  ];
  const withNulls = rows.map((row, i) => {
    const fields = row.split(',');
    for (const [every, column] of blanks) if (i % every === 0) fields[column] = '';
    return fields.join(',');
  });
  const path = join(mkdtempSync(join(tmpdir(), 'ferris-oracle-')), 'trades_nulls.csv');
  writeFileSync(path, [header, ...withNulls].join('\n') + '\n');
  return path;
}
