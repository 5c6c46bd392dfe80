/*
 * The Nexmark queries the suite runs, in our SQL and in DuckDB's, over the three streams of
 * bench/nexmark/generator.ts (`person`, `auction`, `bid`). Stream-stream joins of the original
 * suite are written here as the joins our dialect has: a stream against a table of people or
 * auctions, or both sides in one tumbling window. DuckDB's spelling returns timestamps as epoch
 * milliseconds so that both engines' rows compare as text. q4 says EMIT FINAL on both of its
 * aggregations: our GROUP BY without a window emits changes by default, and an aggregation
 * over changes is refused (updates are not retracted); over the bounded generated streams,
 * FINAL gives the one result row per group SQL means, at the end of input.
 */

/** Which generated stream a query reads. */
export type NexmarkStream = 'person' | 'auction' | 'bid';

/** One Nexmark query with its DuckDB equivalent. */
export interface NexmarkQuery {
  readonly name: string;
  readonly what: string;
  /** The streams the query reads (its throughput counts their events). */
  readonly reads: readonly NexmarkStream[];
  /** Statements declaring tables the query joins against (before the query), if any. */
  readonly tables?: string;
  readonly ours: string;
  readonly duck: string;
  /** The events/s our engine should reach on one core, when the issue sets a target. */
  readonly minRate?: number;
}

/** A tumbling window of 10 seconds of event time, Nexmark's default window size. */
const WINDOW = "INTERVAL '10' SECOND";
const DUCK_WINDOW_MS = 10_000;

/** The Nexmark queries, in the suite's order. */
export const NEXMARK_QUERIES: readonly NexmarkQuery[] = [
  {
    name: 'q0',
    what: 'pass-through of every bid',
    reads: ['bid'],
    ours: 'SELECT auction, bidder, price, date_time, extra FROM bid',
    duck: 'SELECT auction, bidder, price, epoch_ms(date_time) AS date_time, extra FROM bid',
    minRate: 5_000_000,
  },
  {
    name: 'q1',
    what: 'currency conversion (exact DECIMAL)',
    reads: ['bid'],
    ours: 'SELECT auction, bidder, 0.908 * price AS price, date_time FROM bid',
    duck: 'SELECT auction, bidder, 0.908 * price AS price, epoch_ms(date_time) AS date_time FROM bid',
    minRate: 5_000_000,
  },
  {
    name: 'q2',
    what: 'selection of a few auctions',
    reads: ['bid'],
    ours: 'SELECT auction, price FROM bid WHERE auction % 123 = 0',
    duck: 'SELECT auction, price FROM bid WHERE auction % 123 = 0',
    minRate: 5_000_000,
  },
  {
    name: 'q3',
    what: 'local item suggestion (auctions joined to a table of sellers)',
    reads: ['auction', 'person'],
    ours:
      'SELECT p.name, p.city, p.state, a.id FROM auction a JOIN person_table p ON a.seller = p.id ' +
      "WHERE a.category = 10 AND (p.state = 'OR' OR p.state = 'ID' OR p.state = 'CA')",
    duck:
      'SELECT p.name, p.city, p.state, a.id FROM auction a JOIN person p ON a.seller = p.id ' +
      "WHERE a.category = 10 AND (p.state = 'OR' OR p.state = 'ID' OR p.state = 'CA')",
  },
  {
    name: 'q4',
    what: 'average closing price per category',
    reads: ['bid', 'auction'],
    ours:
      'SELECT category, AVG(final) AS average FROM (SELECT a.id, a.category, MAX(b.price) AS final FROM auction a JOIN bid b ' +
      'ON a.id = b.auction AND b.date_time BETWEEN a.date_time AND a.expires GROUP BY a.id, a.category EMIT FINAL) q GROUP BY category EMIT FINAL',
    duck:
      'SELECT category, AVG(final) AS average FROM (SELECT a.id, a.category, MAX(b.price) AS final FROM auction a JOIN bid b ' +
      'ON a.id = b.auction AND b.date_time BETWEEN a.date_time AND a.expires GROUP BY a.id, a.category) q GROUP BY category',
  },
  {
    name: 'q5',
    what: 'hot items: the auctions with the most bids per hopping window',
    reads: ['bid'],
    ours:
      'SELECT auction, num, starttime FROM (SELECT auction, num, starttime, RANK() OVER (PARTITION BY starttime ORDER BY num DESC) AS r FROM ' +
      "(SELECT auction, COUNT(*) AS num, HOP_START(date_time, INTERVAL '2' SECOND, " + WINDOW + ') AS starttime ' +
      "FROM bid GROUP BY auction, HOP(date_time, INTERVAL '2' SECOND, " + WINDOW + ')) c) h WHERE r = 1',
    duck:
      'WITH w AS (SELECT DISTINCT (epoch_ms(date_time) // 2000) * 2000 - k * 2000 AS starttime FROM bid, range(0, 5) t(k)), ' +
      'c AS (SELECT b.auction, w.starttime, COUNT(*) AS num FROM bid b JOIN w ON epoch_ms(b.date_time) >= w.starttime ' +
      `AND epoch_ms(b.date_time) < w.starttime + ${DUCK_WINDOW_MS} GROUP BY b.auction, w.starttime) ` +
      'SELECT auction, num, starttime FROM c QUALIFY RANK() OVER (PARTITION BY starttime ORDER BY num DESC) = 1',
    minRate: 1_000_000,
  },
  {
    name: 'q7',
    what: 'the highest bid of each tumbling window',
    reads: ['bid'],
    ours:
      'SELECT auction, price, bidder, date_time FROM (SELECT auction, price, bidder, date_time, ' +
      `RANK() OVER (PARTITION BY FLOOR(UNIX_TIMESTAMP(date_time) / ${DUCK_WINDOW_MS / 1000}) ORDER BY price DESC) AS r FROM bid) t WHERE r = 1`,
    duck:
      'SELECT auction, price, bidder, epoch_ms(date_time) AS date_time FROM bid ' +
      `QUALIFY RANK() OVER (PARTITION BY epoch_ms(date_time) // ${DUCK_WINDOW_MS} ORDER BY price DESC) = 1`,
    minRate: 1_000_000,
  },
  {
    name: 'q8',
    what: 'new users who opened an auction in the same tumbling window',
    reads: ['person', 'auction'],
    ours:
      `SELECT p.id, p.name, TUMBLE_START(p.date_time, ${WINDOW}) AS starttime FROM person p JOIN auction a ` +
      `ON p.id = a.seller AND TUMBLE(p.date_time, ${WINDOW}) = TUMBLE(a.date_time, ${WINDOW}) ` +
      `GROUP BY p.id, p.name, TUMBLE(p.date_time, ${WINDOW})`,
    duck:
      `SELECT DISTINCT p.id, p.name, (epoch_ms(p.date_time) // ${DUCK_WINDOW_MS}) * ${DUCK_WINDOW_MS} AS starttime FROM person p JOIN auction a ` +
      `ON p.id = a.seller AND epoch_ms(p.date_time) // ${DUCK_WINDOW_MS} = epoch_ms(a.date_time) // ${DUCK_WINDOW_MS}`,
  },
  {
    name: 'q20',
    what: 'bids expanded with their auction, filtered by category',
    reads: ['bid', 'auction'],
    ours:
      'SELECT b.auction, b.bidder, b.price, b.channel, a.item_name, a.initial_bid, a.reserve, a.seller, a.category ' +
      'FROM bid b JOIN auction_table a ON b.auction = a.id WHERE a.category = 10',
    duck:
      'SELECT b.auction, b.bidder, b.price, b.channel, a.item_name, a.initial_bid, a.reserve, a.seller, a.category ' +
      'FROM bid b JOIN auction a ON b.auction = a.id WHERE a.category = 10',
  },
];
