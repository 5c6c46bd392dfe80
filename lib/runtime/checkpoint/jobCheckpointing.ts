import * as path from 'node:path';
import type { OperatorSnapshot } from '../../../operators/internal/snapshots.js';
import { isCheckpointable, type CheckpointableSource } from '../../connectors/checkpointableSource.js';
import type { Sink, Source } from '../../connectors/types.js';
import type { JobSpec } from '../../plan/app/analyzeApp.js';
import type { PhysicalNode } from '../../plan/physicalPlan.js';
import { durationKey } from '../../plan/timeConfig.js';
import { FerrisError, notSupported } from '../../types/errors.js';
import { isCheckpointStore, type CheckpointStore, type StoredCheckpoint } from './checkpointStore.js';
import { FileCheckpointStore } from './fileCheckpointStore.js';
import { planSignature } from './planSignature.js';

/** The default `checkpoint.interval`. */
const DEFAULT_CHECKPOINT_INTERVAL_MS = 1000;

/** How a job takes checkpoints, from its keys. */
export interface CheckpointSettings {
  /** `files`: `'checkpoint.dir'`; `kafka`: `'mode' = 'transactional'` (the Kafka sink stores them in its transactions). */
  readonly store: 'files' | 'kafka';
  /** The checkpoint directory (absolute), for `files`. */
  readonly dir: string | undefined;
  readonly intervalMs: number;
}

/** How a job takes checkpoints, and the one it resumes from. */
export interface JobCheckpointing {
  readonly store: CheckpointStore;
  readonly intervalMs: number;
  /** The latest stored checkpoint (undefined on a fresh start). */
  readonly resumed: StoredCheckpoint | undefined;
}

/**
 * Reads a job's checkpoint keys: `'checkpoint.dir'` (checkpoints in files there, relative to
 * the SQL file) or `'mode' = 'transactional'` (in the Kafka sink's transactions), with
 * `'checkpoint.interval'`; undefined for a job without checkpoints.
 */
export function checkpointSettings(job: JobSpec, baseDir: string): CheckpointSettings | undefined {
  const dir = job.jobKeys.get('checkpoint.dir');
  const interval = job.jobKeys.get('checkpoint.interval');
  const transactional = job.jobKeys.get('mode')?.toLowerCase() === 'transactional';
  if (dir !== undefined && transactional) {
    throw new FerrisError('CONFIG', `job ${job.name}: 'checkpoint.dir' and 'mode' = 'transactional' exclude each other (a transactional job keeps its checkpoints in its Kafka changelog topic)`);
  }
  if (dir === undefined && !transactional) {
    if (interval !== undefined) throw new FerrisError('CONFIG', `'checkpoint.interval' needs 'checkpoint.dir' or 'mode' = 'transactional' (job ${job.name} takes no checkpoints)`);
    return undefined;
  }
  const intervalMs = interval === undefined ? DEFAULT_CHECKPOINT_INTERVAL_MS : durationKey('checkpoint.interval', interval);
  if (intervalMs <= 0) throw new FerrisError('CONFIG', `'checkpoint.interval' must be more than 0 (got '${interval}')`);
  return { store: transactional ? 'kafka' : 'files', dir: dir === undefined ? undefined : path.resolve(baseDir, dir), intervalMs };
}

/**
 * The checkpoint keys' errors of a job, found without opening anything (for `ferris check`
 * and before `ferris run` opens connectors): keys that exclude each other, an interval without
 * checkpoints, an invalid interval, and `'mode' = 'transactional'` without a Kafka sink.
 */
export function checkpointErrors(job: JobSpec, baseDir: string): FerrisError[] {
  let settings: CheckpointSettings | undefined;
  try {
    settings = checkpointSettings(job, baseDir);
  } catch (error) {
    return [error instanceof FerrisError ? error : new FerrisError('CONFIG', String(error))];
  }
  if (settings?.store === 'kafka' && job.sink.type !== 'kafka_sink') return [transactionalNeedsKafka(job)];
  return [];
}

function transactionalNeedsKafka(job: JobSpec): FerrisError {
  return new FerrisError('CONFIG', `'mode' = 'transactional' needs a kafka_sink (job ${job.name} writes to ${job.sink.type}); a file job takes checkpoints with 'checkpoint.dir'`);
}

/** The file checkpoints of a `files` job, with the latest loaded. */
export async function fileCheckpoints(settings: CheckpointSettings, job: JobSpec): Promise<JobCheckpointing> {
  const store = new FileCheckpointStore(settings.dir!, job.name);
  return { store, intervalMs: settings.intervalMs, resumed: await store.load() };
}

/** The checkpoints of a `kafka` job, kept by its sink (which must be one that stores them), with the latest loaded. */
export async function sinkCheckpoints(settings: CheckpointSettings, job: JobSpec, sink: Sink): Promise<JobCheckpointing> {
  if (!isCheckpointStore(sink)) throw transactionalNeedsKafka(job);
  return { store: sink, intervalMs: settings.intervalMs, resumed: await sink.load() };
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
