import type { IHeaders, KafkaMessage } from 'kafkajs';
import { FerrisError } from '../../../types/errors.js';

/** The header of a repartitioned record naming where it was read: `[topic, partition, offset]` as JSON. */
export const ORIGIN_HEADER = 'ferris.origin';

/** The header of a watermark marker: `[source partition, largest event time]` as JSON. */
export const MARKER_HEADER = 'ferris.watermark';

/** What a record of a repartition topic is: a copied source record (with where it was read) or a watermark marker. */
export type RepartitionRecord =
  | { readonly kind: 'row'; readonly topic: string; readonly partition: number; readonly offset: number }
  | { readonly kind: 'marker'; readonly partition: number; readonly eventTime: number };

/** The headers of a source record copied to the repartition topic: its own, plus where it was read. */
export function originHeaders(headers: IHeaders | undefined, topic: string, partition: number, offset: number): IHeaders {
  return { ...headers, [ORIGIN_HEADER]: JSON.stringify([topic, partition, offset]) };
}

/** The headers of a marker: source partition `partition` has reached event time `eventTime`. */
export function markerHeaders(partition: number, eventTime: number): IHeaders {
  return { [MARKER_HEADER]: JSON.stringify([partition, eventTime]) };
}

function headerText(headers: IHeaders | undefined, name: string): string | undefined {
  const raw = headers?.[name];
  const last = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  return last === undefined ? undefined : last.toString();
}

/**
 * Reads a record of a repartition topic: a marker, or a copied record and its origin. A
 * record with neither header was not written by a scaled-out job's first stage: an error
 * naming the topic, since its rows would get wrong system columns.
 */
export function readRepartitionRecord(message: Pick<KafkaMessage, 'headers' | 'offset'>, topic: string): RepartitionRecord {
  const marker = headerText(message.headers, MARKER_HEADER);
  if (marker !== undefined) {
    const [partition, eventTime] = JSON.parse(marker) as [number, number];
    return { kind: 'marker', partition, eventTime };
  }
  const origin = headerText(message.headers, ORIGIN_HEADER);
  if (origin === undefined) {
    throw new FerrisError('IO', `the record at offset ${message.offset} of the repartition topic ${topic} has no '${ORIGIN_HEADER}' header: only a scaled-out job's first stage writes there`);
  }
  const [sourceTopic, partition, offset] = JSON.parse(origin) as [string, number, number];
  return { kind: 'row', topic: sourceTopic, partition, offset };
}
