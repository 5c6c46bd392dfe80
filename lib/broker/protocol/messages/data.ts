import { api } from '../api.js';
import {
  array, field, int16, int32, int64, int8, nullableArray, nullableString, records, string, struct,
} from '../schema.js';

/** Produce (key 0), v3-v7: record batch v2 only. */
export const Produce = api({
  key: 0,
  name: 'Produce',
  versions: [3, 7],
  request: struct({
    transactionalId: field(nullableString, 3),
    acks: field(int16),
    timeoutMs: field(int32),
    topics: field(array(struct({
      name: field(string),
      partitions: field(array(struct({ index: field(int32), records: field(records) }))),
    }))),
  }),
  response: struct({
    topics: field(array(struct({
      name: field(string),
      partitions: field(array(struct({
        index: field(int32),
        errorCode: field(int16),
        baseOffset: field(int64),
        logAppendTimeMs: field(int64, 2, undefined, -1),
        logStartOffset: field(int64, 5, undefined, -1),
      }))),
    }))),
    throttleTimeMs: field(int32, 1),
  }),
});

/** Fetch (key 1), v4-v11: isolation level, last stable offset and aborted transactions. */
export const Fetch = api({
  key: 1,
  name: 'Fetch',
  versions: [4, 11],
  request: struct({
    replicaId: field(int32),
    maxWaitMs: field(int32),
    minBytes: field(int32),
    maxBytes: field(int32, 3, undefined, 0x7fffffff),
    isolationLevel: field(int8, 4),
    sessionId: field(int32, 7),
    sessionEpoch: field(int32, 7, undefined, -1),
    topics: field(array(struct({
      topic: field(string),
      partitions: field(array(struct({
        partition: field(int32),
        currentLeaderEpoch: field(int32, 9, undefined, -1),
        fetchOffset: field(int64),
        logStartOffset: field(int64, 5, undefined, -1),
        partitionMaxBytes: field(int32),
      }))),
    }))),
    forgottenTopics: field(array(struct({ topic: field(string), partitions: field(array(int32)) })), 7),
    rackId: field(string, 11),
  }),
  response: struct({
    throttleTimeMs: field(int32, 1),
    errorCode: field(int16, 7),
    sessionId: field(int32, 7),
    topics: field(array(struct({
      topic: field(string),
      partitions: field(array(struct({
        partition: field(int32),
        errorCode: field(int16),
        highWatermark: field(int64),
        lastStableOffset: field(int64, 4, undefined, -1),
        logStartOffset: field(int64, 5, undefined, -1),
        abortedTransactions: field(nullableArray(struct({ producerId: field(int64), firstOffset: field(int64) })), 4),
        preferredReadReplica: field(int32, 11, undefined, -1),
        records: field(records),
      }))),
    }))),
  }),
});

/** ListOffsets (key 2), v1-v3: one timestamp per partition, isolation level from v2. */
export const ListOffsets = api({
  key: 2,
  name: 'ListOffsets',
  versions: [1, 3],
  request: struct({
    replicaId: field(int32),
    isolationLevel: field(int8, 2),
    topics: field(array(struct({
      name: field(string),
      partitions: field(array(struct({ partition: field(int32), timestamp: field(int64) }))),
    }))),
  }),
  response: struct({
    throttleTimeMs: field(int32, 2),
    topics: field(array(struct({
      name: field(string),
      partitions: field(array(struct({
        partition: field(int32),
        errorCode: field(int16),
        timestamp: field(int64, 0, undefined, -1),
        offset: field(int64, 0, undefined, -1),
      }))),
    }))),
  }),
});

/** DeleteRecords (key 21), v0-v1: moves a partition's log start offset. */
export const DeleteRecords = api({
  key: 21,
  name: 'DeleteRecords',
  versions: [0, 1],
  request: struct({
    topics: field(array(struct({
      name: field(string),
      partitions: field(array(struct({ partition: field(int32), offset: field(int64) }))),
    }))),
    timeoutMs: field(int32),
  }),
  response: struct({
    throttleTimeMs: field(int32),
    topics: field(array(struct({
      name: field(string),
      partitions: field(array(struct({ partition: field(int32), lowWatermark: field(int64), errorCode: field(int16) }))),
    }))),
  }),
});
