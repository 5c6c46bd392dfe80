import { api } from '../api.js';
import { array, boolean, field, int16, int32, int64, nullableString, string, struct } from '../schema.js';

/** InitProducerId (key 22), v0-v1: a null transactional id asks for an idempotent producer id. */
export const InitProducerId = api({
  key: 22,
  name: 'InitProducerId',
  versions: [0, 1],
  request: struct({ transactionalId: field(nullableString), transactionTimeoutMs: field(int32) }),
  response: struct({
    throttleTimeMs: field(int32),
    errorCode: field(int16),
    producerId: field(int64, 0, undefined, -1),
    producerEpoch: field(int16, 0, undefined, -1),
  }),
});

const partitionResults = array(struct({ partition: field(int32), errorCode: field(int16) }));

/** AddPartitionsToTxn (key 24), v0-v1. */
export const AddPartitionsToTxn = api({
  key: 24,
  name: 'AddPartitionsToTxn',
  versions: [0, 1],
  request: struct({
    transactionalId: field(string),
    producerId: field(int64),
    producerEpoch: field(int16),
    topics: field(array(struct({ name: field(string), partitions: field(array(int32)) }))),
  }),
  response: struct({
    throttleTimeMs: field(int32),
    results: field(array(struct({ name: field(string), results: field(partitionResults) }))),
  }),
});

/** AddOffsetsToTxn (key 25), v0-v1. */
export const AddOffsetsToTxn = api({
  key: 25,
  name: 'AddOffsetsToTxn',
  versions: [0, 1],
  request: struct({
    transactionalId: field(string),
    producerId: field(int64),
    producerEpoch: field(int16),
    groupId: field(string),
  }),
  response: struct({ throttleTimeMs: field(int32), errorCode: field(int16) }),
});

/** EndTxn (key 26), v0-v1: commit (true) or abort (false). */
export const EndTxn = api({
  key: 26,
  name: 'EndTxn',
  versions: [0, 1],
  request: struct({
    transactionalId: field(string),
    producerId: field(int64),
    producerEpoch: field(int16),
    committed: field(boolean),
  }),
  response: struct({ throttleTimeMs: field(int32), errorCode: field(int16) }),
});

/** TxnOffsetCommit (key 28), v0-v1: offsets staged until the transaction ends. */
export const TxnOffsetCommit = api({
  key: 28,
  name: 'TxnOffsetCommit',
  versions: [0, 1],
  request: struct({
    transactionalId: field(string),
    groupId: field(string),
    producerId: field(int64),
    producerEpoch: field(int16),
    topics: field(array(struct({
      name: field(string),
      partitions: field(array(struct({
        partition: field(int32),
        committedOffset: field(int64),
        committedMetadata: field(nullableString),
      }))),
    }))),
  }),
  response: struct({
    throttleTimeMs: field(int32),
    topics: field(array(struct({ name: field(string), partitions: field(partitionResults) }))),
  }),
});
