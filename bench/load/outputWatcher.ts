/*
 * Follows the job's JSON-lines output file while the load runs: every record that appears is
 * checked against what was posted (content, exactly once), and its event-to-result latency is
 * the time it was seen minus the `sent_at` the harness stamped on it when posting.
 */
import { closeSync, existsSync, openSync, readSync } from 'node:fs';

/** One posted record as the harness generated it. */
export interface PostedTrade {
  readonly trade_id: number;
  readonly symbol: string;
  /** The price as exact text with four decimals. */
  readonly price: string;
  readonly quantity: number;
  readonly sent_at: number;
}

/** The expected `notional` (price × quantity, four decimals), computed exactly on integers. */
export function expectedNotional(trade: PostedTrade): string {
  const [whole, fraction = ''] = trade.price.split('.');
  const units = BigInt(`${whole}${fraction.padEnd(4, '0')}`) * BigInt(trade.quantity);
  const text = units.toString().padStart(5, '0');
  return `${text.slice(0, -4)}.${text.slice(-4)}`;
}

/** What the watcher found. */
export interface WatchReport {
  readonly seen: number;
  readonly duplicates: number;
  readonly unknown: number;
  readonly wrong: readonly string[];
  /** Event-to-result latencies in ms, in arrival order, with the second (since start) they arrived. */
  readonly latencies: readonly { readonly at: number; readonly ms: number }[];
}

/** Polls `file` every `intervalMs` and checks each new line against `posted`. */
export class OutputWatcher {
  private position = 0;
  private partial = '';
  private readonly seenIds = new Set<number>();
  private duplicates = 0;
  private unknown = 0;
  private readonly wrong: string[] = [];
  private readonly latencies: { at: number; ms: number }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly buffer = Buffer.allocUnsafe(1 << 20);

  constructor(
    private readonly file: string,
    private readonly posted: ReadonlyMap<number, PostedTrade>,
    private readonly startedAt: number,
    private readonly intervalMs = 5,
  ) {}

  /** Starts polling. */
  start(): void {
    this.timer = setInterval(() => this.poll(), this.intervalMs);
  }

  /** How many distinct posted records have come out so far. */
  get seen(): number {
    return this.seenIds.size;
  }

  /** Reads what was appended since the last poll. */
  poll(): void {
    if (!existsSync(this.file)) return;
    const fd = openSync(this.file, 'r');
    try {
      for (;;) {
        const n = readSync(fd, this.buffer, 0, this.buffer.length, this.position);
        if (n === 0) break;
        this.position += n;
        this.consume(this.buffer.toString('utf8', 0, n));
      }
    } finally {
      closeSync(fd);
    }
  }

  private consume(text: string): void {
    const now = Date.now();
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() === '') continue;
      const row = JSON.parse(line) as Record<string, unknown>;
      const id = Number(row['trade_id']);
      const trade = this.posted.get(id);
      if (trade === undefined) {
        this.unknown++;
        continue;
      }
      if (this.seenIds.has(id)) {
        this.duplicates++;
        continue;
      }
      this.seenIds.add(id);
      const same =
        row['symbol'] === trade.symbol &&
        String(row['price']) === trade.price &&
        Number(row['quantity']) === trade.quantity &&
        String(row['notional']) === expectedNotional(trade);
      if (!same && this.wrong.length < 5) this.wrong.push(`trade ${id}: got ${line}`);
      this.latencies.push({ at: (now - this.startedAt) / 1000, ms: now - trade.sent_at });
    }
  }

  /** Stops polling (after a last poll) and reports. */
  stop(): WatchReport {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.poll();
    return { seen: this.seenIds.size, duplicates: this.duplicates, unknown: this.unknown, wrong: this.wrong, latencies: this.latencies };
  }
}
