import * as path from 'node:path';
import type { OperatorSnapshot } from '../../../operators/internal/snapshots.js';
import { isCheckpointable, type CheckpointableSource } from '../../connectors/checkpointableSource.js';
import type { Source } from '../../connectors/types.js';
import type { JobSpec } from '../../plan/app/analyzeApp.js';
import type { PhysicalNode } from '../../plan/physicalPlan.js';
import { durationKey } from '../../plan/timeConfig.js';
import { FerrisError, notSupported } from '../../types/errors.js';
import type { CheckpointStore, StoredCheckpoint } from './checkpointStore.js';
import { FileCheckpointStore } from './fileCheckpointStore.js';
import { planSignature } from './planSignature.js';

/** The default `checkpoint.interval`. */
export const DEFAULT_CHECKPOINT_INTERVAL_MS = 1000;

/** How a job takes checkpoints, and the one it resumes from. */
export interface JobCheckpointing {
  readonly store: CheckpointStore;
  readonly intervalMs: number;
  /** The latest stored checkpoint (undefined on a fresh start). */
  readonly resumed: StoredCheckpoint | undefined;
}

/**
 * Reads a job's checkpoint keys: without `'checkpoint.dir'` the job takes no checkpoints
 * (undefined); with it, the job's checkpoints are kept there (relative to the SQL file) and
 * the latest one, if any, is loaded.
 */
export async function loadJobCheckpointing(job: JobSpec, baseDir: string): Promise<JobCheckpointing | undefined> {
  const dir = job.jobKeys.get('checkpoint.dir');
  const interval = job.jobKeys.get('checkpoint.interval');
  if (dir === undefined) {
    if (interval !== undefined) throw new FerrisError('CONFIG', `'checkpoint.interval' needs 'checkpoint.dir' (where job ${job.name} keeps its checkpoints)`);
    return undefined;
  }
  const store = new FileCheckpointStore(path.resolve(baseDir, dir), job.name);
  const intervalMs = interval === undefined ? DEFAULT_CHECKPOINT_INTERVAL_MS : durationKey('checkpoint.interval', interval);
  if (intervalMs <= 0) throw new FerrisError('CONFIG', `'checkpoint.interval' must be more than 0 (got '${interval}')`);
  return { store, intervalMs, resumed: await store.load() };
}

/**
 * Checks that a checkpointing job can resume: every source is checkpointable, and a stored
 * checkpoint was taken by the same plan and holds a position for each source; then seeks
 * each source to it. Returns the sources as checkpointable ones.
 */
export function resumeSources(
  checkpointing: JobCheckpointing,
  job: JobSpec,
  sources: ReadonlyMap<string, Source>,
  plan: PhysicalNode,
): Map<string, CheckpointableSource> {
  const resumable = new Map<string, CheckpointableSource>();
  for (const [id, source] of sources) {
    if (!isCheckpointable(source)) throw notSupported(`'checkpoint.dir' with a ${job.sources.get(id)?.type ?? id} source (it has no position to resume from)`);
    resumable.set(id, source);
  }
  const resumed = checkpointing.resumed;
  if (resumed === undefined) return resumable;
  const where = checkpointing.store.location;
  if (resumed.plan !== planSignature(plan)) {
    throw new FerrisError('CONFIG', `the checkpoint ${where} was taken by a different query than job ${job.name}'s; delete it to start the job over`);
  }
  for (const [id, source] of resumable) {
    const position = resumed.sources[id];
    if (position === undefined) throw new FerrisError('CONFIG', `the checkpoint ${where} holds no position for source ${id}; delete it to start the job over`);
    source.seek(position);
  }
  return resumable;
}

/** The operator snapshots of a checkpoint by operator id (empty on a fresh start). */
export function restoredOperators(checkpoint: StoredCheckpoint | undefined): Map<string, OperatorSnapshot> {
  return new Map((checkpoint?.operators ?? []).map((snapshot) => [snapshot.operatorId, snapshot]));
}
