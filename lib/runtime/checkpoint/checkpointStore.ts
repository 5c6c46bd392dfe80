import type { OperatorSnapshot } from '../../../operators/internal/snapshots.js';
import type { StateValue } from '../../types/stateCodec.js';

/**
 * One completed checkpoint of a job: everything a restarted job needs to continue exactly
 * where epoch `epoch` ended. Source positions and operator snapshots were taken at the same
 * barrier, and the sink's output up to that barrier is committed once this is stored.
 */
export interface StoredCheckpoint {
  readonly job: string;
  readonly epoch: number;
  /** The plan's node ids and operators (`planSignature`): a checkpoint is restored only into the same plan. */
  readonly plan: string;
  /** The position of each source after the last batch before the barrier, by source id. */
  readonly sources: { readonly [sourceId: string]: StateValue };
  /** The snapshot of every stateful operator at the barrier (none once the input ended and everything was flushed). */
  readonly operators: readonly OperatorSnapshot[];
}

/**
 * Where a job's checkpoints are kept: `save` makes one durable atomically (a reader sees the
 * previous checkpoint or the new one, never a mix, whenever the process dies), `load` gives
 * back the latest. Implementations: `FileCheckpointStore` (`'checkpoint.dir'`); the Kafka
 * changelog topic of `'mode' = 'transactional'`.
 */
export interface CheckpointStore {
  /** Where the checkpoints are, for people (`/abs/ckpt/job.checkpoint.json`). */
  readonly location: string;
  load(): Promise<StoredCheckpoint | undefined>;
  save(checkpoint: StoredCheckpoint): Promise<void>;
}

/** Whether `value` (a sink) keeps checkpoints itself (the transactional Kafka sink). */
export function isCheckpointStore(value: object): value is CheckpointStore {
  const s = value as Partial<CheckpointStore>;
  return typeof s.load === 'function' && typeof s.save === 'function' && typeof s.location === 'string';
}
