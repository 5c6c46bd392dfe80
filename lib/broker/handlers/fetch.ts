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

/**
 * Parks a fetch until `minBytes` are visible, a partition changes state, or `maxWaitMs` passes.
 * A change is looked at once the request making it is handled (a microtask later), not at the
 * first partition it appends to: a produce to several partitions lands in one fetch answer, as
 * Kafka completes waiting fetches after the whole append. Answering at the first partition sent
 * the others' records a whole fetch round trip later.
 */
function longPoll(state: BrokerState, req: Request): Promise<Response> {
  return new Promise((resolve) => {
    const unwatch: (() => void)[] = [];
    let settled = false;
    let recheckQueued = false;
    const finish = (result: FetchResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      for (const stop of unwatch) stop();
      resolve(result.response);
    };
    const timer = setTimeout(() => finish(readAll(state, req)), req.maxWaitMs);
    timer.unref();
    const recheck = (): void => {
      if (recheckQueued || settled) return;
      recheckQueued = true;
      queueMicrotask(() => {
        recheckQueued = false;
        if (settled) return;
        const result = readAll(state, req);
        if (result.failed || result.bytes >= req.minBytes) finish(result);
      });
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
