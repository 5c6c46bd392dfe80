/*
 * A deterministic Nexmark event generator (after the Beam/Flink Nexmark suite's model): an
 * auction site's people, auctions and bids in the standard proportions of 1 : 3 : 46 per 50
 * events, event time advancing evenly. The same seed gives the same events on every run, so
 * our engine and DuckDB read exactly the same rows.
 */
import { Mulberry32 } from '../../lib/connectors/datagen/mulberry32.js';
import { appendSystemColumns } from '../../lib/connectors/systemColumns.js';
import { field, schemaOf, type Schema } from '../../lib/types/schema.js';
import { integerType, STRING, TIMESTAMP } from '../../lib/types/sqlType.js';
import type { Row, Value } from '../../lib/types/value.js';

const BIGINT = integerType(64);

/** A person registering on the site. */
export const PERSON_SCHEMA: Schema = schemaOf([
  field('id', BIGINT, false),
  field('name', STRING, false),
  field('email_address', STRING, false),
  field('credit_card', STRING, false),
  field('city', STRING, false),
  field('state', STRING, false),
  field('date_time', TIMESTAMP, false),
  field('extra', STRING, false),
]);

/** An auction opened by a seller (a person). */
export const AUCTION_SCHEMA: Schema = schemaOf([
  field('id', BIGINT, false),
  field('item_name', STRING, false),
  field('description', STRING, false),
  field('initial_bid', BIGINT, false),
  field('reserve', BIGINT, false),
  field('date_time', TIMESTAMP, false),
  field('expires', TIMESTAMP, false),
  field('seller', BIGINT, false),
  field('category', BIGINT, false),
  field('extra', STRING, false),
]);

/** A bid on an auction; `price` in cents. */
export const BID_SCHEMA: Schema = schemaOf([
  field('auction', BIGINT, false),
  field('bidder', BIGINT, false),
  field('price', BIGINT, false),
  field('channel', STRING, false),
  field('url', STRING, false),
  field('date_time', TIMESTAMP, false),
  field('extra', STRING, false),
]);

/** Events per proportion cycle and the share of each kind (Nexmark's defaults). */
const CYCLE = 50;
const PERSONS_PER_CYCLE = 1;
const AUCTIONS_PER_CYCLE = 3;
/** The first id of people and auctions (Nexmark's FIRST_PERSON_ID / FIRST_AUCTION_ID). */
const FIRST_ID = 1000;
/** Bids go to one of the most recent auctions, and come from one of the most recent people. */
const ACTIVE_AUCTIONS = 100;
const ACTIVE_PEOPLE = 60;
/** Hot auctions and bidders: one bid in `HOT_RATIO` goes to a few ids (skew, as Nexmark's). */
const HOT_RATIO = 4;
const CATEGORIES = 5;
const FIRST_CATEGORY = 10;
/** Event time between consecutive events (ms): 10,000 events per second of event time. */
const EVENT_INTERVAL_MS = 0.1;
const AUCTION_LENGTH_MS = 10_000;
/** Nexmark's padding column, kept short (and not empty: an empty CSV field reads as NULL in DuckDB). */
const EXTRA = 'x';

const STATES = ['AZ', 'CA', 'ID', 'OR', 'WA', 'WY'] as const;
const CITIES = ['Phoenix', 'Los Angeles', 'San Francisco', 'Boise', 'Portland', 'Bend', 'Redmond', 'Seattle', 'Kent', 'Cheyenne'] as const;
const FIRST_NAMES = ['Peter', 'Paul', 'Luke', 'John', 'Saul', 'Vicky', 'Kate', 'Julie', 'Sarah', 'Deiter', 'Walter'] as const;
const LAST_NAMES = ['Shultz', 'Abrams', 'Spencer', 'White', 'Bartels', 'Walton', 'Smith', 'Jones', 'Noris'] as const;
const CHANNELS = ['Google', 'Facebook', 'Baidu', 'Apple'] as const;

/** The three Nexmark streams, each full width (declared columns then system columns), ascending event time. */
export interface NexmarkEvents {
  readonly persons: Row[];
  readonly auctions: Row[];
  readonly bids: Row[];
  /** All events generated (persons + auctions + bids). */
  readonly total: number;
}

/** Generates `events` Nexmark events from `seed`. */
export function generateNexmark(events: number, seed = 42): NexmarkEvents {
  const random = new Mulberry32(seed);
  const start = Date.UTC(2024, 0, 1);
  const persons: Row[] = [];
  const auctions: Row[] = [];
  const bids: Row[] = [];
  const now = Date.now();
  const pick = <T>(values: readonly T[]): T => values[random.below(values.length)]!;
  for (let i = 0; i < events; i++) {
    const time = start + Math.floor(i * EVENT_INTERVAL_MS);
    const slot = i % CYCLE;
    const nextPerson = FIRST_ID + persons.length;
    const nextAuction = FIRST_ID + auctions.length;
    if (slot < PERSONS_PER_CYCLE) {
      const values: Value[] = [
        nextPerson,
        `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`,
        `${random.below(1_000_000)}@example.com`,
        `${1000 + random.below(9000)} ${1000 + random.below(9000)} ${1000 + random.below(9000)} ${1000 + random.below(9000)}`,
        pick(CITIES),
        pick(STATES),
        time,
        EXTRA,
      ];
      persons.push(appendSystemColumns(values, now, persons.length, 0, null, 'person'));
    } else if (slot < PERSONS_PER_CYCLE + AUCTIONS_PER_CYCLE) {
      const initialBid = 100 + random.below(10_000);
      const seller = persons.length === 0 ? FIRST_ID : FIRST_ID + Math.max(0, persons.length - 1 - random.below(Math.min(ACTIVE_PEOPLE, persons.length)));
      const values: Value[] = [
        nextAuction,
        `item-${nextAuction}`,
        `description of item ${nextAuction}`,
        initialBid,
        initialBid + random.below(10_000),
        time,
        time + AUCTION_LENGTH_MS,
        seller,
        FIRST_CATEGORY + random.below(CATEGORIES),
        EXTRA,
      ];
      auctions.push(appendSystemColumns(values, now, auctions.length, 0, null, 'auction'));
    } else {
      const auctionCount = Math.max(1, auctions.length);
      const personCount = Math.max(1, persons.length);
      const hot = random.below(HOT_RATIO) === 0;
      const auction = FIRST_ID + (hot ? (auctionCount - 1) - ((auctionCount - 1) % ACTIVE_AUCTIONS) : Math.max(0, auctionCount - 1 - random.below(Math.min(ACTIVE_AUCTIONS, auctionCount))));
      const bidder = FIRST_ID + (hot ? (personCount - 1) - ((personCount - 1) % ACTIVE_PEOPLE) : Math.max(0, personCount - 1 - random.below(Math.min(ACTIVE_PEOPLE, personCount))));
      const channel = pick(CHANNELS);
      const values: Value[] = [
        auction,
        bidder,
        100 + random.below(1_000_000),
        channel,
        `https://www.nexmark.com/${channel.toLowerCase()}/item.htm?query=1&channel_id=${random.below(1000)}`,
        time,
        EXTRA,
      ];
      bids.push(appendSystemColumns(values, now, bids.length, 0, null, 'bid'));
    }
  }
  return { persons, auctions, bids, total: events };
}
