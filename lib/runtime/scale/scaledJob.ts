import { FerrisError } from '../../types/errors.js';
import { MemorySnapshotStore } from '../../../operators/internal/snapshots.js';
import type { JobSpec } from '../../plan/app/analyzeApp.js';
import { disconnectWithin } from '../../connectors/kafka/boundedDisconnect.js';
import { newJobMetrics } from '../jobMetrics.js';
import type { JobOptions, RunnableJob } from '../openJob.js';
import type { HeldState, Unemitted } from '../operatorState.js';
import { describeScaleOut } from './scaleOutPlan.js';
import { scaledSetup } from './scaledSetup.js';
import { caughtUp, NO_PIPELINES, scaledStages, startStage, type Stage } from './scaledStages.js';

/** What the tasks' operators did not emit, summed. */
function sumPending(parts: readonly Unemitted[]): Unemitted {
  return { windows: parts.reduce((a, p) => a + p.windows, 0), rows: parts.reduce((a, p) => a + p.rows, 0), operators: [...new Set(parts.flatMap((p) => p.operators))] };
}

/** What the tasks' operators hold, summed (per operator id too: every task has the same operators). */
function sumHeld(parts: readonly HeldState[]): HeldState {
  const byOperator = new Map<string, { windows: number; rows: number }>();
  for (const part of parts) {
    for (const [id, pending] of part.byOperator) {
      const sum = byOperator.get(id) ?? { windows: 0, rows: 0 };
      byOperator.set(id, { windows: sum.windows + pending.windows, rows: sum.rows + pending.rows });
    }
  }
  return { windows: parts.reduce((a, p) => a + p.windows, 0), rows: parts.reduce((a, p) => a + p.rows, 0), byOperator };
}

/**
 * Opens a job that `scalesOut` as tasks over its consumer group (see docs/architecture.md,
 * "Scale-out"): its source's columns and plan once, then, when it runs, a consumer in the
 * source's group whose assigned partitions become tasks (`PartitionTasks`). A job whose
 * state is keyed by the record key (or stateless) has one pipeline task per source
 * partition; any other stateful job two stages: repartition writers per source partition,
 * and pipeline tasks per partition of the repartition topic, read in the group
 * `<group.id>-repartition`. Every process of the group running the same SQL takes its share
 * of the partitions, and takes over the partitions of one that dies.
 */
export async function openScaledJob(job: JobSpec, options: JobOptions): Promise<RunnableJob> {
  const setup = await scaledSetup(job, options);
  const { plan, scale, config, shape, app, kafka } = setup;
  const metrics = newJobMetrics();
  const abort = new AbortController();
  let failure: unknown;
  let drainOnStop = (job.jobKeys.get('shutdown') ?? 'keep') === 'drain';
  let interrupted = false;
  let stages: Stage[] = [];
  const fail = (error: unknown): void => {
    failure ??= error;
    abort.abort();
  };
  const log = options.log;
  const jobLog: typeof log = (level, message, fields) => log(level, message, { job: job.name, ...fields });
  const describe = describeScaleOut(scale, app, job.name, config.groupId);
  const sinkTopic = job.sink.properties.get('topic');
  return {
    name: job.name,
    plan,
    metrics,
    bounded: false,
    target: `kafka_sink ${sinkTopic ?? ''}`.trim(),
    table: undefined,
    output: undefined,
    // The operators live in the tasks, each task's pipeline with its own snapshots: this store stays empty.
    snapshots: new MemorySnapshotStore(),
    async run() {
      log('info', `scaled out: ${describe}`, { job: job.name });
      stages = scaledStages(job, options, setup, metrics, fail);
      const unwatch: (() => void)[] = [];
      try {
        for (const stage of stages) unwatch.push(await startStage(stage, shape, config.livenessTimeoutMs, jobLog, fail));
        await new Promise<void>((resolve) => (abort.signal.aborted ? resolve() : abort.signal.addEventListener('abort', () => resolve(), { once: true })));
      } finally {
        // Stopping may hold a fetch loop up (a stage reading on, tasks committing): no stall then.
        for (const end of unwatch) end();
        // The first stage stops writing first; the second then reads what it wrote before it stops too.
        for (const [i, stage] of stages.entries()) {
          if (i > 0 && failure === undefined) await caughtUp(stage, kafka, log);
          await stage.tasks.stop(drainOnStop).catch((error: unknown) => (failure ??= error));
          await disconnectWithin(stage.consumer, `the consumer of group '${stage.group}'`, jobLog);
        }
        metrics.finishedAt = Date.now();
      }
      if (failure !== undefined) throw failure;
    },
    stop(drain) {
      if (abort.signal.aborted) return;
      if (drain !== undefined) drainOnStop = drain;
      interrupted = true;
      abort.abort();
    },
    pause() {
      // A first stage's consumer stops fetching; a pipeline task's sources stop reading.
      for (const stage of stages) {
        if (stage.pipelines === NO_PIPELINES) stage.consumer.pause(stage.topics.map((topic) => ({ topic })));
        for (const task of stage.pipelines()) task.runnable.pause();
      }
    },
    resume() {
      for (const stage of stages) {
        if (stage.pipelines === NO_PIPELINES) stage.consumer.resume(stage.topics.map((topic) => ({ topic })));
        for (const task of stage.pipelines()) task.runnable.resume();
      }
    },
    get interrupted() {
      return interrupted;
    },
    unemitted: () => sumPending(stages.flatMap((s) => s.pipelines().map((t) => t.runnable.unemitted()))),
    held: () => sumHeld(stages.flatMap((s) => s.pipelines().map((t) => t.runnable.held()))),
    async checkpoint() {
      const tasks = stages.flatMap((s) => s.pipelines());
      if (tasks.length === 0) throw new FerrisError('INTERNAL', `job ${job.name} holds no partition now: no checkpoint to take`);
      return Math.max(...(await Promise.all(tasks.map((t) => t.runnable.checkpoint()))));
    },
    async close() {
      abort.abort();
    },
  };
}
