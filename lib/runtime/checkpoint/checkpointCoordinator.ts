import type { MemorySnapshotStore, OperatorSnapshot } from '../../../operators/internal/snapshots.js';
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
  /** Rows the sink stage has written so far (a checkpoint after none, with the sources where they were, changes nothing). */
  rowsWritten(): number;
}

/**
 * Takes a job's checkpoints (Flink's checkpoint coordinator, for one process): `every` asks
 * the {@link BarrierInjector} for barrier n at an interval (never while checkpoint n − 1 is
 * still under way); each source, as it emits barrier n, has its position recorded
 * (`sourceReached`); each stateful operator hands its snapshot at barrier n to
 * {@link snapshots}; once barrier n reached the sink and the sink made its epoch durable, the
 * sink stage calls `complete(n)`, which stores positions and snapshots of n together in the
 * {@link CheckpointStore}. Only then does the sink commit epoch n. A checkpoint after which
 * nothing was written and no source moved is not stored again (an idle job writes nothing):
 * the stored one describes the same state.
 */
export class CheckpointCoordinator {
  /** Source positions recorded at each barrier not yet completed: epoch → source id → position. */
  private readonly positions = new Map<number, Map<string, StateValue>>();
  private completedEpoch: number;
  /** The source positions (as JSON) and rows written at the last stored checkpoint. */
  private last: { positions: string; rows: number } | undefined;

  /**
   * @param resumedEpoch the epoch of the checkpoint the job resumed from (0 on a fresh start)
   */
  constructor(
    private readonly store: CheckpointStore,
    private readonly barriers: BarrierInjector,
    readonly snapshots: MemorySnapshotStore,
    private readonly job: CheckpointedJob,
    resumedEpoch: number,
    resumedPositions?: { readonly [sourceId: string]: StateValue },
  ) {
    this.completedEpoch = resumedEpoch;
    if (resumedPositions !== undefined) this.last = { positions: JSON.stringify(resumedPositions), rows: job.rowsWritten() };
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
    for (const pending of this.positions.keys()) if (pending <= epoch) this.positions.delete(pending);
    const operators = this.snapshots.take(epoch);
    const sources = this.positionsBy((id, source) => recorded?.get(id) ?? source.checkpointPosition());
    const rows = this.job.rowsWritten();
    const positions = JSON.stringify(sources);
    if (this.last !== undefined && this.last.rows === rows && this.last.positions === positions) {
      this.completedEpoch = epoch;
      return;
    }
    await this.save(epoch, sources, operators);
    this.last = { positions, rows };
  }

  /**
   * The input ended and every operator flushed its state: stores checkpoint `epoch` (the last
   * epoch, whose output the sink made durable) with the sources' final positions and no
   * operator state, so a restart emits nothing again.
   */
  async completeFinal(epoch: number): Promise<void> {
    this.positions.clear();
    this.snapshots.take(epoch);
    await this.save(epoch, this.positionsBy((_id, source) => source.checkpointPosition()), []);
  }

  private positionsBy(positionOf: (id: string, source: CheckpointableSource) => StateValue): { [id: string]: StateValue } {
    const sources: { [id: string]: StateValue } = {};
    for (const [id, source] of this.job.sources) sources[id] = positionOf(id, source);
    return sources;
  }

  private async save(epoch: number, sources: { readonly [id: string]: StateValue }, operators: OperatorSnapshot[]): Promise<void> {
    const checkpoint: StoredCheckpoint = { job: this.job.name, epoch, plan: this.job.plan, sources, operators };
    await this.store.save(checkpoint);
    this.completedEpoch = epoch;
  }
}
