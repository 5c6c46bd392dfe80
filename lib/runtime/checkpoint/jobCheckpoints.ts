import type { MemorySnapshotStore, OperatorSnapshot } from '../../../operators/internal/snapshots.js';
import { isTransactionalSink } from '../../connectors/transactionalSink.js';
import type { Sink, Source } from '../../connectors/types.js';
import type { JobSpec } from '../../plan/app/analyzeApp.js';
import type { PhysicalNode } from '../../plan/physicalPlan.js';
import { BarrierInjector } from '../barrierInjector.js';
import type { JobMetrics } from '../jobMetrics.js';
import type { Logger } from '../logger.js';
import type { JobOperatorState } from '../operatorState.js';
import type { SinkCheckpoints } from '../sinkWriter.js';
import { CheckpointCoordinator } from './checkpointCoordinator.js';
import { restoredOperators, resumeSources, sinkCheckpoints, type CheckpointSettings, type JobCheckpointing } from './jobCheckpointing.js';
import { planSignature } from './planSignature.js';

/** What a job has opened when its checkpoints start. */
export interface OpenedJob {
  readonly job: JobSpec;
  readonly sources: ReadonlyMap<string, Source>;
  readonly plan: PhysicalNode;
  /** The job's sink as opened (a transactional Kafka sink keeps the checkpoints itself). */
  readonly sink: Sink;
  readonly metrics: JobMetrics;
  /** Where the operators hand their snapshots. */
  readonly snapshots: MemorySnapshotStore;
  readonly log: Logger;
}

/**
 * The checkpoint side of one checkpointing job: its barrier injector (continuing after the
 * resumed epoch), its coordinator, the snapshots its operators restore, and the hooks the
 * sources and the sink stage call.
 */
export class JobCheckpoints {
  readonly barriers: BarrierInjector;
  readonly coordinator: CheckpointCoordinator;

  private constructor(
    private readonly checkpointing: JobCheckpointing,
    opened: OpenedJob,
  ) {
    const resumed = checkpointing.resumed;
    this.barriers = new BarrierInjector(this.resumedEpoch);
    const sources = resumeSources(checkpointing, opened.job, opened.sources, opened.plan);
    const job = { name: opened.job.name, plan: planSignature(opened.plan), sources, rowsWritten: () => opened.metrics.rowsOut };
    this.coordinator = new CheckpointCoordinator(checkpointing.store, this.barriers, opened.snapshots, job, this.resumedEpoch, resumed?.sources);
    const fields = { job: opened.job.name, checkpoint: checkpointing.store.location };
    if (this.resumedEpoch > 0) opened.log('info', `resuming from checkpoint ${this.resumedEpoch}`, fields);
    if (!isTransactionalSink(opened.sink)) {
      opened.log('warn', `the ${opened.job.sink.type} sink does not commit per checkpoint: after a restart, what it wrote since the last checkpoint is written again (at-least-once)`, fields);
    }
  }

  /**
   * Starts the checkpoints of an opened job: file checkpoints were `loaded` before the sink
   * opened; a Kafka job's are loaded from its sink now. Checks the sources and the stored
   * checkpoint and seeks the sources.
   */
  static async start(settings: CheckpointSettings, loaded: JobCheckpointing | undefined, opened: OpenedJob): Promise<JobCheckpoints> {
    const checkpointing = loaded ?? (await sinkCheckpoints(settings, opened.job, opened.sink));
    return new JobCheckpoints(checkpointing, opened);
  }

  /** The epoch of the checkpoint resumed from (0 on a fresh start). */
  get resumedEpoch(): number {
    return this.checkpointing.resumed?.epoch ?? 0;
  }

  /** The operator snapshots to restore, by operator id. */
  get restored(): Map<string, OperatorSnapshot> {
    return restoredOperators(this.checkpointing.resumed);
  }

  /** What source `sourceId` calls as it emits a barrier. */
  onBarrier(sourceId: string): (epoch: number) => void {
    return (epoch) => this.coordinator.sourceReached(sourceId, epoch);
  }

  /** The sink stage's checkpoint hooks; the final checkpoint is stored unless an operator kept its state (a stop without drain). */
  sinkSteps(operatorState: JobOperatorState): SinkCheckpoints {
    return {
      firstEpoch: this.resumedEpoch + 1,
      store: (epoch) => this.coordinator.complete(epoch),
      // An operator that kept its state has it in the checkpoint of the stop's barrier, which stays the latest.
      storeFinal: async (epoch) => (operatorState.keptState ? undefined : this.coordinator.completeFinal(epoch)),
    };
  }

  /** Triggers checkpoints every `checkpoint.interval` while the job runs; returns the function that stops it. */
  run(): () => void {
    return this.coordinator.every(this.checkpointing.intervalMs);
  }
}
