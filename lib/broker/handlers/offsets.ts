import { ErrorCode } from '../protocol/errorCodes.js';
import { DeleteRecords, ListOffsets } from '../protocol/messages/data.js';
import type { PartitionLog } from '../log/partitionLog.js';
import { perPartition, route } from './route.js';

const LATEST = -1;
const EARLIEST = -2;

function lookup(log: PartitionLog, timestamp: number, readCommitted: boolean): { offset: number; timestamp: number } {
  if (timestamp === LATEST) return { offset: readCommitted ? log.lastStableOffset : log.highWatermark, timestamp: -1 };
  if (timestamp === EARLIEST) return { offset: log.logStartOffset, timestamp: -1 };
  return log.offsetForTimestamp(timestamp) ?? { offset: -1, timestamp: -1 };
}

/** ListOffsets v1-v3: latest (LSO under read_committed), earliest, or the first batch at a time. */
export const listOffsetsRoute = route(
  ListOffsets,
  (state, req) => ({
    topics: perPartition(req.topics, (t) => t.partitions, (t, p) => {
      const log = state.topics.partition(t.name, p.partition);
      if (log === undefined) return { partition: p.partition, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
      return { partition: p.partition, errorCode: ErrorCode.NONE, ...lookup(log, p.timestamp, req.isolationLevel === 1) };
    }),
  }),
  (req, errorCode) => ({ topics: perPartition(req.topics, (t) => t.partitions, (_t, p) => ({ partition: p.partition, errorCode })) }),
);

/** DeleteRecords v0-v1: moves log start offsets (-1 = up to the high watermark). */
export const deleteRecordsRoute = route(
  DeleteRecords,
  (state, req) => ({
    topics: perPartition(req.topics, (t) => t.partitions, (t, p) => {
      const log = state.topics.partition(t.name, p.partition);
      if (log === undefined) return { partition: p.partition, lowWatermark: -1, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
      const offset = p.offset === -1 ? log.highWatermark : p.offset;
      if (offset < 0 || offset > log.highWatermark) return { partition: p.partition, lowWatermark: -1, errorCode: ErrorCode.OFFSET_OUT_OF_RANGE };
      state.deleteRecords(log, offset);
      return { partition: p.partition, lowWatermark: log.logStartOffset, errorCode: ErrorCode.NONE };
    }),
  }),
  (req, errorCode) => ({ topics: perPartition(req.topics, (t) => t.partitions, (_t, p) => ({ partition: p.partition, lowWatermark: -1, errorCode })) }),
);
