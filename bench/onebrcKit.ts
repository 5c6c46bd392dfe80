/*
 * The data and the hand-written peer of the 1BRC-style benchmark (bench/onebrc.bench.ts):
 * a deterministic `station;temperature` file (one decimal, -99.9..99.9, 418 stations) and a
 * streamed Node aggregator over it in integer tenths.
 */
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Mulberry32 } from '../lib/connectors/datagen/mulberry32.js';
import { Decimal } from '../lib/types/decimal.js';
import type { Row } from '../lib/types/value.js';

const PREFIXES = ['Al', 'Ber', 'Cal', 'Dor', 'El', 'Fen', 'Gar', 'Hal', 'Is', 'Jor', 'Kal', 'Lin', 'Mar', 'Nor', 'Os', 'Pel', 'Quin', 'Ros', 'Sal', 'Tor', 'Ul', 'Ven', 'Wes'];
const SUFFIXES = ['ton', 'burg', 'ville', 'stad', 'ford', 'holm', 'by', 'mouth', 'field', 'heim', 'dale', 'port', 'wick', 'ham', 'grad', 'sund', 'haven', 'berg'];
/** A few names outside ASCII, so that both readers decode UTF-8. */
const UTF8_NAMES = ['São Paulo', 'Zürich', 'Kraków', 'Ağrı'];

/** The station names: 414 made-up ones and 4 real ones outside ASCII. */
const STATIONS: readonly string[] = [...PREFIXES.flatMap((p) => SUFFIXES.map((s) => p + s)), ...UTF8_NAMES];

/** Largest magnitude of a temperature in tenths (99.9). */
const MAX_TENTHS = 999;
const WRITE_BUFFER_BYTES = 1 << 20;
const READ_CHUNK_BYTES = 1 << 20;

const CH_SEMICOLON = 0x3b;
const CH_NEWLINE = 0x0a;
const CH_MINUS = 0x2d;
const CH_DOT = 0x2e;
const CH_0 = 0x30;

/**
 * The path of the measurements file of `rows` lines, written once (seeded, so the same bytes
 * every time) under the system temp directory and reused by later runs.
 */
export function measurementsFile(rows: number): string {
  const dir = path.join(tmpdir(), 'ferris-onebrc');
  const file = path.join(dir, `measurements-${rows}.txt`);
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  writeMeasurements(partial, rows);
  renameSync(partial, file);
  return file;
}

/** The size of a file in bytes. */
export function fileBytes(file: string): number {
  return statSync(file).size;
}

/** Writes `rows` lines `station;temperature`: each station has its own mean, values spread ±30 around it. */
function writeMeasurements(file: string, rows: number): void {
  const random = new Mulberry32(2024);
  const names = STATIONS.map((s) => Buffer.from(`${s};`, 'utf8'));
  const means = STATIONS.map(() => Math.round(random.next() * 500 - 200));
  const fd = openSync(file, 'w');
  const buffer = Buffer.allocUnsafe(WRITE_BUFFER_BYTES);
  let at = 0;
  for (let i = 0; i < rows; i++) {
    if (at > WRITE_BUFFER_BYTES - 64) {
      writeSync(fd, buffer, 0, at);
      at = 0;
    }
    const station = random.below(STATIONS.length);
    const spread = (random.next() + random.next() + random.next() - 1.5) * 200;
    const tenths = Math.max(-MAX_TENTHS, Math.min(MAX_TENTHS, Math.round(means[station]! + spread)));
    at += names[station]!.copy(buffer, at);
    let magnitude = tenths;
    if (tenths < 0) {
      buffer[at++] = CH_MINUS;
      magnitude = -tenths;
    }
    at += buffer.write(String(Math.trunc(magnitude / 10)), at, 'latin1');
    buffer[at++] = CH_DOT;
    buffer[at++] = CH_0 + (magnitude % 10);
    buffer[at++] = CH_NEWLINE;
  }
  writeSync(fd, buffer, 0, at);
  closeSync(fd);
}

/** One station's statistics in integer tenths. */
interface StationStats {
  min: number;
  max: number;
  sum: number;
  count: number;
}

/**
 * The hand-written peer: streams the file in 1 MiB chunks, splits lines at `;` and `\n` by
 * byte, parses the temperature into integer tenths and keeps a `Map` of per-station
 * statistics. Returns rows `[station, MIN, AVG, MAX]` in order of first appearance, the
 * extremes as DECIMAL(3,1) and the average as the exact sum ÷ count at scale 7 HALF_UP (the
 * engine's AVG of a DECIMAL(3,1)).
 */
export async function handAggregate(file: string): Promise<Row[]> {
  const stations = new Map<string, StationStats>();
  let carry: Buffer | undefined;
  for await (const piece of createReadStream(file, { highWaterMark: READ_CHUNK_BYTES })) {
    const chunk: Buffer = carry === undefined ? (piece as Buffer) : Buffer.concat([carry, piece as Buffer]);
    const end = chunk.length;
    let lineStart = 0;
    for (;;) {
      const semicolon = chunk.indexOf(CH_SEMICOLON, lineStart);
      if (semicolon < 0) break;
      let i = semicolon + 1;
      let negative = false;
      if (chunk[i] === CH_MINUS) {
        negative = true;
        i++;
      }
      let tenths = 0;
      let c = 0;
      while (i < end && (c = chunk[i]!) !== CH_NEWLINE) {
        if (c !== CH_DOT) tenths = tenths * 10 + (c - CH_0);
        i++;
      }
      if (i >= end) break;
      if (negative) tenths = -tenths;
      const name = chunk.toString('utf8', lineStart, semicolon);
      const stats = stations.get(name);
      if (stats === undefined) stations.set(name, { min: tenths, max: tenths, sum: tenths, count: 1 });
      else {
        if (tenths < stats.min) stats.min = tenths;
        if (tenths > stats.max) stats.max = tenths;
        stats.sum += tenths;
        stats.count++;
      }
      lineStart = i + 1;
    }
    carry = lineStart < end ? chunk.subarray(lineStart) : undefined;
  }
  if (carry !== undefined) throw new Error(`hand-written peer: ${file} does not end with a line break`);
  const rows: Row[] = [];
  for (const [name, s] of stations) {
    const average = Decimal.fromUnscaled(s.sum, 1).divToScale(Decimal.fromInteger(s.count), 7);
    rows.push([name, Decimal.fromUnscaled(s.min, 1), average, Decimal.fromUnscaled(s.max, 1)]);
  }
  return rows;
}
