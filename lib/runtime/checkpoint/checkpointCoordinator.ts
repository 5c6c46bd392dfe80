import type { OperatorSnapshot } from '../../../operators/internal/snapshots.js';
import type { MemorySnapshotStore } from '../../../operators/internal/snapshots.js';
import type { CheckpointableSource } from '../../connectors/checkpointableSource.js';
import type { StateValue } from '../../types/stateCodec.js';
import type { BarrierInjector } from '../barrierInjector.js';
import type { CheckpointStore, StoredCheckpoint } from './checkpointStore.js';

/** The job a coordinator checkpoints. */
export interface CheckpointedJob {
  readonly name: string;
  /** The plan's signature (`planSignature`). */
  readonly plan: string;
  /** The job's sources by id. */
  readonly sources: ReadonlyMap<string, CheckpointableSource>;
}

/**
 * Takes a job's checkpoints (Flink's checkpoint coordinator, for one process): `every` asks
 * the {@link BarrierInjector} for barrier n at an interval (never while checkpoint n − 1 is
 * still under way); each source, as it emits barrier n, has its position recorded
 * (`sourceReached`); each stateful operator hands its snapshot at barrier n to
 * {@link snapshots}; once barrier n reached the sink and the sink made its epoch durable, the
 * sink stage calls `complete(n)`, which stores positions and snapshots of n together in the
 * {@link CheckpointStore}. Only then does the sink commit epoch n.
 */
export class CheckpointCoordinator {
  /** Source positions recorded at each barrier not yet completed: epoch → source id → position. */
  private readonly positions = new Map<number, Map<string, StateValue>>();
  private completedEpoch: number;

  /**
   * @param resumedEpoch the epoch of the checkpoint the job resumed from (0 on a fresh start)
   */
  constructor(
    private readonly store: CheckpointStore,
    private readonly barriers: BarrierInjector,
    readonly snapshots: MemorySnapshotStore,
    private readonly job: CheckpointedJob,
    resumedEpoch: number,
  ) {
    this.completedEpoch = resumedEpoch;
  }

  /** The epoch of the latest stored checkpoint. */
  get completed(): number {
    return this.completedEpoch;
  }

  /** Source `sourceId` emits barrier `epoch` now, after every batch it handed out so far. */
  sourceReached(sourceId: string, epoch: number): void {
    let atEpoch = this.positions.get(epoch);
    if (atEpoch === undefined) this.positions.set(epoch, (atEpoch = new Map()));
    atEpoch.set(sourceId, this.job.sources.get(sourceId)!.checkpointPosition());
  }

  /** Triggers a checkpoint every `intervalMs` unless the previous one is still under way; returns the function that stops it. */
  every(intervalMs: number): () => void {
    const timer = setInterval(() => {
      if (this.barriers.epoch === this.completedEpoch) this.barriers.trigger();
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /**
   * Barrier `epoch` has passed every operator and the sink made its output durable: stores
   * checkpoint `epoch` (a source that emitted no barrier `epoch` had ended, so its position now is its final one).
   */
  async complete(epoch: number): Promise<void> {
    const recorded = this.positions.get(epoch);
    await this.save(epoch, (id, source) => recorded?.get(id) ?? source.checkpointPosition(), this.snapshots.take(epoch));
    for (const pending of this.positions.keys()) if (pending <= epoch) this.positions.delete(pending);
  }

  /**
   * The input ended and every operator flushed its state: stores checkpoint `epoch` (the last
   * epoch, whose output the sink made durable) with the sources' final positions and no
   * operator state, so a restart emits nothing again.
   */
  async completeFinal(epoch: number): Promise<void> {
    this.positions.clear();
    this.snapshots.take(epoch);
    await this.save(epoch, (_id, source) => source.checkpointPosition(), []);
  }

  private async save(epoch: number, positionOf: (id: string, source: CheckpointableSource) => StateValue, operators: OperatorSnapshot[]): Promise<void> {
    const sources: { [id: string]: StateValue } = {};
    for (const [id, source] of this.job.sources) sources[id] = positionOf(id, source);
    const checkpoint: StoredCheckpoint = { job: this.job.name, epoch, plan: this.job.plan, sources, operators };
    await this.store.save(checkpoint);
    this.completedEpoch = epoch;
  }
}
