import type { StateValue } from '../types/stateCodec.js';
import type { Source } from './types.js';

/**
 * A source whose reading can be resumed from a checkpoint: `checkpointPosition` says where it
 * stands after every batch handed out so far (a JSON-safe value stored in the checkpoint), and
 * `seek`, called before `batches`, makes it start right after such a position, so the rows it
 * then hands out are exactly those it had not handed out when the position was taken.
 */
export interface CheckpointableSource extends Source {
  checkpointPosition(): StateValue;
  seek(position: StateValue): void;
}

/** Whether a source can take part in checkpoints. */
export function isCheckpointable(source: Source): source is CheckpointableSource {
  const s = source as Partial<CheckpointableSource>;
  return typeof s.checkpointPosition === 'function' && typeof s.seek === 'function';
}
