import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Files for join specs next to the bundled trades: reference tables, a quotes stream, shuffled copies. */
export interface JoinData {
  /** symbol (PRIMARY KEY), name, sector: 10 of the 12 traded symbols and one never traded. */
  readonly instrumentsCsv: string;
  /** sector (PRIMARY KEY), description: some sectors only. */
  readonly sectorsCsv: string;
  /** quote_id, symbol, bid, ask, quote_time: 4,000 quotes over the trades' 21 minutes, sorted by time. */
  readonly quotesCsv: string;
  /** The quotes and the trades with rows moved up to `shuffleMs` later than their time order. */
  readonly shuffledQuotesCsv: string;
  readonly shuffledTradesCsv: string;
  readonly shuffleMs: number;
}

/** A small deterministic generator (mulberry32), so the data is the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYMBOLS = ['AAPL', 'AMZN', 'GOOGL', 'JNJ', 'JPM', 'META', 'MSFT', 'NVDA', 'TSLA', 'V', 'WMT', 'XOM', 'IBM'];
const START = Date.parse('2024-01-01T00:00:00.000Z');
const SPAN_MS = 21 * 60 * 1000;

/**
 * Moves each row up to `bound` ms later than its place in time order (sorts by time plus a
 * random delay below the bound), so no row is more than `bound` behind the latest before it.
 */
function shuffleWithin(lines: readonly string[], timeOf: (line: string) => number, bound: number, next: () => number): string[] {
  return lines
    .map((line) => ({ line, at: timeOf(line) + next() * bound }))
    .sort((a, b) => a.at - b.at)
    .map((e) => e.line);
}

/** Writes the join spec files into a fresh temporary directory. */
export function writeJoinData(tradesCsv: string, shuffleMs = 4000): JoinData {
  const dir = mkdtempSync(join(tmpdir(), 'ferris-join-'));
  const next = random(9);
  const instrumentsCsv = join(dir, 'instruments.csv');
  writeFileSync(
    instrumentsCsv,
    [
      'symbol,name,sector',
      'AAPL,Apple,Tech',
      'AMZN,Amazon,Retail',
      'GOOGL,Alphabet,Tech',
      'JNJ,Johnson & Johnson,Health',
      'JPM,JPMorgan,Finance',
      'META,Meta,Tech',
      'MSFT,Microsoft,Tech',
      'NVDA,Nvidia,Chips',
      'WMT,Walmart,Retail',
      'XOM,Exxon,Energy',
      'IBM,IBM,Tech',
    ].join('\n') + '\n',
  );
  const sectorsCsv = join(dir, 'sectors.csv');
  writeFileSync(sectorsCsv, ['sector,description', 'Tech,Technology', 'Retail,Retail trade', 'Health,Health care', 'Energy,Oil and gas'].join('\n') + '\n');
  const quotes: { line: string; time: number }[] = [];
  for (let i = 1; i <= 4000; i++) {
    const time = START + Math.floor(next() * SPAN_MS);
    const symbol = SYMBOLS[Math.floor(next() * SYMBOLS.length)]!;
    const bid = (50 + next() * 400).toFixed(4);
    const ask = (Number(bid) + next()).toFixed(4);
    quotes.push({ line: `${symbol},${bid},${ask},${new Date(time).toISOString()}`, time });
  }
  quotes.sort((a, b) => a.time - b.time);
  const quoteLines = quotes.map((q, i) => `${i + 1},${q.line}`);
  const quotesCsv = join(dir, 'quotes.csv');
  writeFileSync(quotesCsv, ['quote_id,symbol,bid,ask,quote_time', ...quoteLines].join('\n') + '\n');
  const lastField = (line: string): number => Date.parse(line.slice(line.lastIndexOf(',') + 1));
  const shuffledQuotesCsv = join(dir, 'quotes_shuffled.csv');
  writeFileSync(shuffledQuotesCsv, ['quote_id,symbol,bid,ask,quote_time', ...shuffleWithin(quoteLines, lastField, shuffleMs, next)].join('\n') + '\n');
  const [tradeHeader, ...tradeLines] = readFileSync(tradesCsv, 'utf8').trimEnd().split('\n');
  const shuffledTradesCsv = join(dir, 'trades_shuffled.csv');
  writeFileSync(shuffledTradesCsv, [tradeHeader!, ...shuffleWithin(tradeLines, lastField, shuffleMs, next)].join('\n') + '\n');
  return { instrumentsCsv, sectorsCsv, quotesCsv, shuffledQuotesCsv, shuffledTradesCsv, shuffleMs };
}
