import { Decimal } from '../../types/decimal.js';
import type { Schema } from '../../types/schema.js';
import { field, schemaOf } from '../../types/schema.js';
import { decimalType, INTEGER, STRING, TIMESTAMP } from '../../types/sqlType.js';
import type { Value } from '../../types/value.js';
import { Mulberry32 } from './mulberry32.js';

/** The columns of generated trades. */
export const TRADE_SCHEMA: Schema = schemaOf([
  field('trade_id', INTEGER, false),
  field('symbol', STRING, false),
  field('price', decimalType(18, 4), false),
  field('quantity', INTEGER, false),
  field('side', STRING, false),
  field('trader_id', STRING, false),
  field('exchange', STRING, false),
  field('trade_time', TIMESTAMP, false),
]);

/** The tickers traded when none are configured. */
export const DEFAULT_SYMBOLS: readonly string[] = [
  'AAPL', 'MSFT', 'GOOGL', 'AMZN', 'NVDA', 'META', 'TSLA', 'JPM', 'V', 'JNJ', 'XOM', 'WMT',
];

const EXCHANGES: readonly string[] = ['NYSE', 'NASDAQ', 'ARCA', 'BATS', 'IEX'];
const TRADERS = 50;
const PRICE_SCALE = 4;
const UNITS_PER_DOLLAR = 10_000;
/** Largest relative price move per trade: ±0.2 %. */
const MAX_STEP = 0.002;

/** What a trade generator produces. */
export interface TradeGeneratorOptions {
  readonly seed: number;
  readonly symbols: readonly string[];
  /** Event time of the first trade (epoch ms). */
  readonly startTime: number;
  /** Event time between consecutive trades (ms). */
  readonly intervalMs: number;
}

/**
 * Deterministic trading data: a seeded PRNG (mulberry32) picks symbol, side, quantity, trader
 * and exchange, and each symbol's price follows its own random walk (±0.2 % per trade, exact
 * to 4 decimals, starting between 20 and 500). The same options give the same trades.
 */
export class TradeGenerator {
  private readonly random: Mulberry32;
  /** Each symbol's current price in units of 0.0001. */
  private readonly prices: number[];
  private readonly traders: readonly string[];
  private index = 0;

  constructor(private readonly options: TradeGeneratorOptions) {
    this.random = new Mulberry32(options.seed);
    this.prices = options.symbols.map(() => Math.round((20 + this.random.next() * 480) * UNITS_PER_DOLLAR));
    this.traders = Array.from({ length: TRADERS }, (_, i) => `T${String(i + 1).padStart(3, '0')}`);
  }

  /** How many trades were generated so far (the next trade's 0-based index). */
  get generated(): number {
    return this.index;
  }

  /** The next trade's declared column values, in {@link TRADE_SCHEMA} order. */
  next(): Value[] {
    const random = this.random;
    const i = this.index++;
    const symbolIndex = random.below(this.options.symbols.length);
    const previous = this.prices[symbolIndex]!;
    const price = Math.max(1, previous + Math.round(previous * (random.next() * 2 - 1) * MAX_STEP));
    this.prices[symbolIndex] = price;
    return [
      i + 1,
      this.options.symbols[symbolIndex]!,
      Decimal.fromUnscaled(price, PRICE_SCALE),
      (1 + random.below(50)) * 10,
      random.next() < 0.5 ? 'BUY' : 'SELL',
      this.traders[random.below(TRADERS)]!,
      EXCHANGES[random.below(EXCHANGES.length)]!,
      this.options.startTime + i * this.options.intervalMs,
    ];
  }
}
