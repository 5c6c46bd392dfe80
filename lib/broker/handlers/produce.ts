import type { PartitionLog } from '../log/partitionLog.js';
import { ErrorCode } from '../protocol/errorCodes.js';
import { Produce } from '../protocol/messages/data.js';
import { BatchAttribute, batchCrcMatches, BatchLayout, Compression, readBatchHeader, type BatchHeader } from '../records/batch.js';
import type { BrokerState } from '../state.js';
import { route } from './route.js';

interface PartitionOutcome {
  readonly errorCode: number;
  readonly baseOffset: number;
  readonly logStartOffset: number;
}

function failed(errorCode: number): PartitionOutcome {
  return { errorCode, baseOffset: -1, logStartOffset: -1 };
}

/** Checks the one record batch a v3+ Produce partition must hold; returns an error code or its header. */
function validateBatch(records: Buffer | null, version: number, maxBytes: number): BatchHeader | number {
  if (records === null || records.length < BatchLayout.HEADER_SIZE) return ErrorCode.CORRUPT_MESSAGE;
  const header = readBatchHeader(records);
  if (header.magic !== 2) return ErrorCode.CORRUPT_MESSAGE;
  if (header.size > records.length || header.size < BatchLayout.HEADER_SIZE) return ErrorCode.CORRUPT_MESSAGE;
  if (header.size < records.length) return ErrorCode.INVALID_RECORD;
  if (header.size > maxBytes) return ErrorCode.MESSAGE_TOO_LARGE;
  if (!batchCrcMatches(records, 0, header)) return ErrorCode.CORRUPT_MESSAGE;
  if ((header.attributes & BatchAttribute.CONTROL) !== 0) return ErrorCode.INVALID_RECORD;
  const codec = header.attributes & BatchAttribute.COMPRESSION_MASK;
  if (codec > Compression.ZSTD) return ErrorCode.CORRUPT_MESSAGE;
  if (codec === Compression.ZSTD && version < 7) return ErrorCode.UNSUPPORTED_COMPRESSION_TYPE;
  if (header.recordCount <= 0 || header.lastOffsetDelta !== header.recordCount - 1) return ErrorCode.INVALID_RECORD;
  return header;
}

function produceTo(state: BrokerState, log: PartitionLog, records: Buffer | null, version: number): PartitionOutcome {
  const header = validateBatch(records, version, state.options.maxMessageBytes);
  if (typeof header === 'number' || records === null) return failed(typeof header === 'number' ? header : ErrorCode.CORRUPT_MESSAGE);
  if (header.producerId >= 0) {
    const transactional = (header.attributes & BatchAttribute.TRANSACTIONAL) !== 0;
    const txnError = state.txns.checkProduce(header.producerId, header.producerEpoch, log.topic, log.partition, transactional);
    if (txnError !== ErrorCode.NONE) return failed(txnError);
  }
  const verdict = log.producers.check(header.producerId, header.producerEpoch, header.baseSequence, header.lastOffsetDelta);
  if (verdict.kind === 'reject') return failed(verdict.errorCode);
  if (verdict.kind === 'duplicate') return { errorCode: ErrorCode.NONE, baseOffset: verdict.baseOffset, logStartOffset: log.logStartOffset };
  const baseOffset = log.append(Buffer.from(records), header);
  return { errorCode: ErrorCode.NONE, baseOffset, logStartOffset: log.logStartOffset };
}

/** Produce v3-v7: validates and appends one batch per partition; acks=0 gets no answer. */
export const produceRoute = route(
  Produce,
  (state, req, { version }) => {
    const topics = req.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => {
        const log = state.topics.partition(t.name, p.index);
        const outcome = log === undefined ? failed(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) : produceTo(state, log, p.records, version);
        return { index: p.index, ...outcome };
      }),
    }));
    return req.acks === 0 ? null : { topics };
  },
  (req, errorCode) => ({
    topics: req.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ index: p.index, ...failed(errorCode) })) })),
  }),
);
