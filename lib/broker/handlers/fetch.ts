import type { RequestOf, ResponseOf } from '../protocol/api.js';
import { ErrorCode } from '../protocol/errorCodes.js';
import { Fetch } from '../protocol/messages/data.js';
import type { BrokerState } from '../state.js';
import { route } from './route.js';

type Request = RequestOf<typeof Fetch>;
type Response = ResponseOf<typeof Fetch>;
type PartitionResponse = NonNullable<NonNullable<Response['topics']>[number]['partitions']>[number];

interface FetchResult {
  readonly response: Response;
  readonly bytes: number;
  readonly failed: boolean;
}

function partitionError(partition: number, errorCode: number): PartitionResponse {
  return { partition, errorCode, highWatermark: -1, lastStableOffset: -1, logStartOffset: -1, abortedTransactions: null, records: null };
}

/** Reads every requested partition once, within the request and partition byte limits. */
function readAll(state: BrokerState, req: Request): FetchResult {
  const readCommitted = req.isolationLevel === 1;
  let bytes = 0;
  let failed = false;
  const topics = req.topics.map((t) => ({
    topic: t.topic,
    partitions: t.partitions.map((p): PartitionResponse => {
      const log = state.topics.partition(t.topic, p.partition);
      if (log === undefined) {
        failed = true;
        return partitionError(p.partition, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
      }
      if (p.fetchOffset < log.logStartOffset || p.fetchOffset > log.highWatermark) {
        failed = true;
        return partitionError(p.partition, ErrorCode.OFFSET_OUT_OF_RANGE);
      }
      const limit = Math.max(0, Math.min(p.partitionMaxBytes, req.maxBytes - bytes));
      const read = log.read(p.fetchOffset, limit, readCommitted, bytes === 0);
      bytes += read.bytes;
      return {
        partition: p.partition,
        errorCode: ErrorCode.NONE,
        highWatermark: log.highWatermark,
        lastStableOffset: log.lastStableOffset,
        logStartOffset: log.logStartOffset,
        abortedTransactions: readCommitted ? log.abortedBetween(p.fetchOffset, read.upperOffset) : null,
        records: read.batches,
      };
    }),
  }));
  return { response: { errorCode: ErrorCode.NONE, sessionId: 0, topics }, bytes, failed };
}

/** Parks a fetch until `minBytes` are visible, a partition changes state, or `maxWaitMs` passes. */
function longPoll(state: BrokerState, req: Request): Promise<Response> {
  return new Promise((resolve) => {
    const unwatch: (() => void)[] = [];
    const finish = (result: FetchResult): void => {
      clearTimeout(timer);
      for (const stop of unwatch) stop();
      resolve(result.response);
    };
    const timer = setTimeout(() => finish(readAll(state, req)), req.maxWaitMs);
    timer.unref();
    const recheck = (): void => {
      const result = readAll(state, req);
      if (result.failed || result.bytes >= req.minBytes) finish(result);
    };
    for (const t of req.topics) {
      for (const p of t.partitions) {
        const log = state.topics.partition(t.topic, p.partition);
        if (log !== undefined) unwatch.push(log.watch(recheck));
      }
    }
  });
}

/** Fetch v4-v11: whole batches up to the HWM (or LSO for read_committed), long-polling when short. */
export const fetchRoute = route(
  Fetch,
  (state, req) => {
    const result = readAll(state, req);
    if (result.failed || result.bytes >= req.minBytes || req.maxWaitMs <= 0) return result.response;
    return longPoll(state, req);
  },
  (req, errorCode) => ({
    topics: req.topics.map((t) => ({ topic: t.topic, partitions: t.partitions.map((p) => partitionError(p.partition, errorCode)) })),
  }),
);
