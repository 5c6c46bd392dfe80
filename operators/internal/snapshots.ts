import { FerrisError } from '../../lib/types/errors.js';
import type { StateValue } from '../../lib/types/stateCodec.js';

/**
 * The state of one stateful operator at one checkpoint barrier: its declared tables by name,
 * each a JSON-safe image, and the watermark it had reached.
 */
export interface OperatorSnapshot {
  /** The stable id of the operator's physical node (`tumbleWindow#3`). */
  readonly operatorId: string;
  readonly epoch: number;
  /** The operator's watermark when the barrier arrived (encoded: it may be -Infinity). */
  readonly watermark: StateValue;
  readonly tables: { readonly [table: string]: StateValue };
}

/**
 * Where an operator hands its snapshot at a barrier, before it forwards the barrier. `put` is
 * synchronous: the operator's part of the checkpoint is done once it returns; storing it
 * durably (a checkpoint file, a changelog topic in the sink's transaction) is the store's
 * job and completes the checkpoint asynchronously, as Flink's asynchronous snapshots do.
 */
export interface SnapshotSink {
  put(snapshot: OperatorSnapshot): void;
}

/**
 * The default snapshot sink: keeps every snapshot in memory as JSON text (so whatever it
 * holds is proven serialisable and can no longer be changed by the running operator) and
 * gives it back parsed.
 */
export class MemorySnapshotStore implements SnapshotSink {
  private readonly byOperator = new Map<string, Map<number, string>>();

  put(snapshot: OperatorSnapshot): void {
    let epochs = this.byOperator.get(snapshot.operatorId);
    if (epochs === undefined) this.byOperator.set(snapshot.operatorId, (epochs = new Map()));
    epochs.set(snapshot.epoch, JSON.stringify(snapshot));
  }

  /** The snapshot of `operatorId` at `epoch`; throws naming the epochs held when there is none. */
  get(operatorId: string, epoch: number): OperatorSnapshot {
    const text = this.byOperator.get(operatorId)?.get(epoch);
    if (text === undefined) {
      const held = [...(this.byOperator.get(operatorId)?.keys() ?? [])];
      throw new FerrisError('INTERNAL', `no snapshot of ${operatorId} at epoch ${epoch} (held: ${held.length === 0 ? 'none' : held.join(', ')})`);
    }
    return JSON.parse(text) as OperatorSnapshot;
  }

  /** Takes out the snapshots of every operator at `epoch`, forgetting those of `epoch` and earlier. */
  take(epoch: number): OperatorSnapshot[] {
    const taken: OperatorSnapshot[] = [];
    for (const epochs of this.byOperator.values()) {
      const text = epochs.get(epoch);
      if (text !== undefined) taken.push(JSON.parse(text) as OperatorSnapshot);
      for (const held of epochs.keys()) if (held <= epoch) epochs.delete(held);
    }
    return taken;
  }

  /** The epochs with a snapshot of `operatorId`, in the order they were taken. */
  epochs(operatorId: string): number[] {
    return [...(this.byOperator.get(operatorId)?.keys() ?? [])];
  }
}
