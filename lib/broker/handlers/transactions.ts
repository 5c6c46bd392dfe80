import { ErrorCode } from '../protocol/errorCodes.js';
import { AddOffsetsToTxn, AddPartitionsToTxn, EndTxn, InitProducerId, TxnOffsetCommit } from '../protocol/messages/transactions.js';
import type { JournaledOffset } from '../storage/journalEvents.js';
import { perPartition, route } from './route.js';

/** InitProducerId v0-v1: idempotent ids, or a transactional id's next epoch (aborting its open transaction). */
export const initProducerIdRoute = route(
  InitProducerId,
  (state, req) => state.txns.initProducerId(req.transactionalId, req.transactionTimeoutMs),
  (_req, errorCode) => ({ errorCode }),
);

/** AddPartitionsToTxn v0-v1. */
export const addPartitionsToTxnRoute = route(
  AddPartitionsToTxn,
  (state, req) => {
    const flat = req.topics.flatMap((t) => t.partitions.map((p) => [t.name, p] as const));
    const codes = state.txns.addPartitions(req.transactionalId, req.producerId, req.producerEpoch, flat);
    let i = 0;
    return { results: req.topics.map((t) => ({ name: t.name, results: t.partitions.map((partition) => ({ partition, errorCode: codes[i++] ?? ErrorCode.NONE })) })) };
  },
  (req, errorCode) => ({ results: req.topics.map((t) => ({ name: t.name, results: t.partitions.map((partition) => ({ partition, errorCode })) })) }),
);

/** AddOffsetsToTxn v0-v1. */
export const addOffsetsToTxnRoute = route(
  AddOffsetsToTxn,
  (state, req) => ({ errorCode: state.txns.addOffsets(req.transactionalId, req.producerId, req.producerEpoch, req.groupId) }),
  (_req, errorCode) => ({ errorCode }),
);

/** TxnOffsetCommit v0-v1: stages offsets until EndTxn. */
export const txnOffsetCommitRoute = route(
  TxnOffsetCommit,
  (state, req) => {
    const offsets: JournaledOffset[] = [];
    for (const t of req.topics) for (const p of t.partitions) offsets.push([t.name, p.partition, p.committedOffset, p.committedMetadata]);
    const errorCode = state.txns.stageOffsets(req.transactionalId, req.groupId, req.producerId, req.producerEpoch, offsets);
    return { topics: perPartition(req.topics, (t) => t.partitions, (_t, p) => ({ partition: p.partition, errorCode })) };
  },
  (req, errorCode) => ({ topics: perPartition(req.topics, (t) => t.partitions, (_t, p) => ({ partition: p.partition, errorCode })) }),
);

/** EndTxn v0-v1: commit or abort, completed before the answer. */
export const endTxnRoute = route(
  EndTxn,
  (state, req) => ({ errorCode: state.txns.endTransaction(req.transactionalId, req.producerId, req.producerEpoch, req.committed) }),
  (_req, errorCode) => ({ errorCode }),
);
