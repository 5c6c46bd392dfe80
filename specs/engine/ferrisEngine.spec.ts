import { firstValueFrom, Subject, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { FerrisEngine } from '../../lib/engine/ferrisEngine.js';
import { FerrisError } from '../../lib/types/errors.js';

const trades = {
  columns: { symbol: 'VARCHAR', price: 'DECIMAL(18,4)', quantity: 'INTEGER' },
  rows: [
    { symbol: 'AAPL', price: '150.2567', quantity: 100 },
    { symbol: 'MSFT', price: 410.1, quantity: 5 },
    { symbol: 'AAPL', price: '-0.05', quantity: 20 },
  ],
};

describe('FerrisEngine', () => {
  it('runs a query over a registered array stream and emits typed row objects', async () => {
    const engine = new FerrisEngine().registerStream('trades', trades);
    const rows = await firstValueFrom(
      engine.sql<{ symbol: string; notional: unknown }>('SELECT symbol, price * quantity AS notional FROM trades WHERE quantity > 10').pipe(toArray()),
    );
    expect(rows.map((r) => [r.symbol, String(r.notional)])).toEqual([
      ['AAPL', '15025.6700'],
      ['AAPL', '-1.0000'],
    ]);
  });

  it('emits batches with sqlBatches and reads an observable input until it completes', async () => {
    const input = new Subject<{ symbol: string; price: string; quantity: number }[]>();
    const engine = new FerrisEngine().registerStream('live', { columns: trades.columns, rows: input });
    const result = firstValueFrom(engine.sqlBatches<{ symbol: string }>('SELECT symbol FROM live').pipe(toArray()));
    setTimeout(() => {
      input.next([{ symbol: 'A', price: '1', quantity: 1 }]);
      input.next([{ symbol: 'B', price: '2', quantity: 2 }]);
      input.complete();
    }, 10);
    const batches = await result;
    expect(batches.flat().map((r) => r.symbol)).toEqual(['A', 'B']);
  });

  it('reports bind errors with their location through the observable', async () => {
    const engine = new FerrisEngine().registerStream('trades', trades);
    const error = await firstValueFrom(engine.sql('SELECT symbl FROM trades')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FerrisError);
    expect((error as FerrisError).message).toContain("did you mean 'symbol'");
    expect((error as FerrisError).location).toMatchObject({ line: 1, column: 8 });
  });
});
