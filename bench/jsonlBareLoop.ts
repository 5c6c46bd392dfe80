/*
 * The peer of bench/jsonlPipeline.bench.ts: a bare Node loop reading JSON lines trades, keeping
 * those with price > 100, and writing five fields with the notional computed exactly in scaled
 * integers. Imported by the benchmark (in process) and run as a process of its own for the
 * whole-process comparison: `node dist/bench/jsonlBareLoop.js <input> <output>`.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CHUNK_BYTES = 64 * 1024;
const PRICE_SCALE = 4;
const UNITS = 10 ** PRICE_SCALE;

/** A trade as the bare loop parses it: decimals stay text. */
export interface TradeObject {
  readonly trade_id: number;
  readonly symbol: string;
  readonly price: string;
  readonly quantity: number;
}

/** `price × quantity` exactly, as text with the price's 4 decimals (price text has exactly 4). */
function notionalText(price: string, quantity: number): string {
  const dot = price.length - PRICE_SCALE - 1;
  const units = Number(price.slice(0, dot) + price.slice(dot + 1)) * quantity;
  const negative = units < 0;
  const magnitude = negative ? -units : units;
  const whole = Math.floor(magnitude / UNITS);
  const fraction = String(magnitude - whole * UNITS).padStart(PRICE_SCALE, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

/** The peer: read, split lines, JSON.parse, filter, project, JSON.stringify, write. */
export async function bareLoop(input: string, output: string): Promise<void> {
  const out = createWriteStream(output);
  let carry = '';
  for await (const chunk of createReadStream(input, { encoding: 'utf8', highWaterMark: CHUNK_BYTES })) {
    const text = carry + (chunk as string);
    let start = 0;
    let nl = text.indexOf('\n');
    let lines = '';
    while (nl !== -1) {
      const t = JSON.parse(text.slice(start, nl)) as TradeObject;
      if (parseFloat(t.price) > 100) {
        lines += `${JSON.stringify({ trade_id: t.trade_id, symbol: t.symbol, price: t.price, quantity: t.quantity, notional: notionalText(t.price, t.quantity) })}\n`;
      }
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    carry = text.slice(start);
    if (lines.length > 0 && !out.write(lines)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await bareLoop(process.argv[2]!, process.argv[3]!);
