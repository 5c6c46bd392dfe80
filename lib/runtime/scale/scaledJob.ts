import type { Admin, Batch, Consumer, Kafka } from 'kafkajs';
import { kafkaClient } from '../../connectors/kafka/kafkaClient.js';
import { KafkaSource, type KafkaSourceConfig, type KafkaSourceShape } from '../../connectors/kafka/kafkaSource.js';
import { kafkaSourceConfig, kafkaSourceFactory } from '../../connectors/kafka/kafkaSourceFactory.js';
import { transactionalNames } from '../../connectors/kafka/kafkaTransactionalSink.js';
import { validateProperties } from '../../connectors/registry.js';
import type { ConnectorContext } from '../../connectors/types.js';
import type { JobSpec } from '../../plan/app/analyzeApp.js';
import { compileExpr, compilePredicate } from '../../plan/compileExpr.js';
import { planJob, type JobPlan } from '../../plan/planJob.js';
import { FerrisError, notSupported } from '../../types/errors.js';
import { MemorySnapshotStore } from '../../../operators/internal/snapshots.js';
import { checkpointErrors, checkpointSettings } from '../checkpoint/jobCheckpointing.js';
import { jobRoute, prepareConnector } from '../connectorProperties.js';
import { newJobMetrics, type JobMetrics } from '../jobMetrics.js';
import type { JobOptions, RunnableJob } from '../openJob.js';
import type { HeldState, Unemitted } from '../operatorState.js';
import { PartitionTasks, type PartitionTaskOpener } from './partitionTasks.js';
import { openPipelineTask, type PipelineTask, type PipelineTaskContext } from './pipelineTask.js';
import { RepartitionWriter, type RepartitionStage } from './repartitionWriter.js';
import { describeScaleOut, repartitionTopic, scaleOutOf, type ScaleOut } from './scaleOutPlan.js';

/** One consumer of a scaled-out job and its tasks. */
interface Stage {
  readonly consumer: Consumer;
  readonly tasks: PartitionTasks;
  readonly topics: readonly string[];
  /** How many partitions of them the consumer may process at once (each batch of one partition at a time). */
  readonly partitions: number;
  /** Whether a partition without a committed offset is read from its start (else from its end). */
  readonly fromBeginning: boolean;
  /** The pipeline tasks of the stage (none in a first stage, which only copies records). */
  pipelines(): PipelineTask[];
}

/** Creates the repartition topic with `partitions` partitions unless it exists; an existing one must have that many. */
async function ensureRepartitionTopic(admin: Admin, topic: string, partitions: number): Promise<void> {
  if (!(await admin.listTopics()).includes(topic)) {
    try {
      await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
      return;
    } catch (error) {
      // Another process of the group created it meanwhile: checked below.
      if (!(await admin.listTopics()).includes(topic)) throw error;
    }
  }
  const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
  const has = metadata?.partitions.length ?? 0;
  if (has !== partitions) {
    throw new FerrisError('CONFIG', `the repartition topic ${topic} has ${has} partitions, the job asks for ${partitions} ('repartition.partitions' or the source topic's count): delete it or set 'repartition.partitions' = '${has}'`);
  }
}

/** Creates the job's changelog topic (one partition, compacted) unless it exists, as its tasks' sinks would. */
async function ensureChangelog(admin: Admin, topic: string): Promise<void> {
  if ((await admin.listTopics()).includes(topic)) return;
  await admin.createTopics({ topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }], waitForLeaders: true });
}

/**
 * Refuses to start the tasks of a job whose changelog holds a checkpoint of the whole job
 * (one pipeline over every partition): its state cannot be split into tasks.
 */
async function refuseWholeJobCheckpoint(admin: Admin, app: string, job: string): Promise<void> {
  const names = transactionalNames(app, job);
  const [entry] = await admin.fetchOffsets({ groupId: names.checkpointGroup, topics: [names.changelog] }).catch(() => []);
  if (entry !== undefined && entry.partitions.some((p) => Number(p.offset) >= 0)) {
    throw new FerrisError('CONFIG', `job ${job}: ${names.changelog} holds a checkpoint of the whole job (one pipeline over every partition, group ${names.checkpointGroup}); a scaled-out job keeps one checkpoint per task and cannot restore it: run with a new 'group.id'`);
  }
}

function consumerOf(kafka: Kafka, config: KafkaSourceConfig, groupId: string): Consumer {
  return kafka.consumer({
    groupId,
    readUncommitted: config.isolationLevel === 'read_uncommitted',
    sessionTimeout: config.sessionTimeoutMs,
    heartbeatInterval: Math.max(100, Math.floor(config.sessionTimeoutMs / 10)),
    minBytes: config.fetch.minBytes,
    maxWaitTimeInMs: config.fetch.maxWaitMs,
    maxBytes: config.fetch.maxBytes,
    maxBytesPerPartition: config.fetch.maxBytesPerPartition,
    allowAutoTopicCreation: false,
  });
}

function sumPending(parts: readonly Unemitted[]): Unemitted {
  return { windows: parts.reduce((a, p) => a + p.windows, 0), rows: parts.reduce((a, p) => a + p.rows, 0), operators: [...new Set(parts.flatMap((p) => p.operators))] };
}

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

/** What opening a scaled-out job finds out before anything runs. */
interface ScaledSetup {
  readonly plan: JobPlan;
  readonly scale: ScaleOut;
  readonly config: KafkaSourceConfig;
  readonly shape: KafkaSourceShape;
  readonly kafka: Kafka;
  readonly app: string;
  readonly intervalMs: number;
  readonly repartitionPartitions: number;
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
    snapshots: new MemorySnapshotStore(),
    async run() {
      log('info', `scaled out: ${describe}`, { job: job.name });
      stages = scaledStages(job, options, setup, metrics, fail);
      try {
        for (const stage of stages) await startStage(stage, shape, fail);
        await new Promise<void>((resolve) => (abort.signal.aborted ? resolve() : abort.signal.addEventListener('abort', () => resolve(), { once: true })));
      } finally {
        // The first stage stops writing first; the second then reads what it wrote before it stops too.
        for (const [i, stage] of stages.entries()) {
          if (i > 0 && failure === undefined) await caughtUp(stage, kafka, log);
          await stage.tasks.stop(drainOnStop).catch((error: unknown) => (failure ??= error));
          await stage.consumer.disconnect().catch(() => undefined);
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
      for (const stage of stages) for (const task of stage.pipelines()) task.runnable.pause();
    },
    resume() {
      for (const stage of stages) for (const task of stage.pipelines()) task.runnable.resume();
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

/** Reads the source's settings and columns, plans the job and decides how it is split; creates the repartition topic when it needs one. */
async function scaledSetup(job: JobSpec, options: JobOptions): Promise<ScaledSetup> {
  const [checkpointError] = checkpointErrors(job, options.baseDir);
  if (checkpointError !== undefined) throw checkpointError;
  const [entry] = [...job.sources];
  if (entry === undefined) throw new FerrisError('INTERNAL', `job ${job.name} has no source to scale out`);
  const [sourceId, spec] = entry;
  const prepared = prepareConnector(spec, options.baseDir, jobRoute(job.jobKeys, options.baseDir, job));
  validateProperties(kafkaSourceFactory, prepared.properties, spec.name);
  const config = kafkaSourceConfig(prepared.properties, job.name);
  if (config.pattern !== undefined) throw notSupported("'topic.pattern' in a scaled-out 'mode' = 'transactional' job (its tasks are the partitions of named topics)");
  const signal = new AbortController().signal;
  const ctx: ConnectorContext = {
    baseDir: options.baseDir,
    onBadRecord: () => {
      throw new FerrisError('INTERNAL', `job ${job.name}: a bad record while opening the source`);
    },
    log: (level, message, fields) => options.log(level, message, { job: job.name, ...fields }),
    signal,
    jobName: job.name,
    connectorName: spec.name,
  };
  const shape = await KafkaSource.shape(config, spec.declared, ctx);
  const partitions = new Map(shape.partitions === undefined ? [] : [[sourceId, shape.partitions] as const]);
  const plan = planJob(job, new Map([[sourceId, shape.schema]]), partitions, new Set([sourceId]));
  const settings = checkpointSettings(job, options.baseDir);
  const app = config.groupId;
  const scale = scaleOutOf(plan.logical);
  const kafka = kafkaClient(config.client, ctx);
  const partitionsKey = job.jobKeys.get('repartition.partitions');
  const repartitionPartitions = partitionsKey === undefined ? (shape.partitions ?? 1) : Number(partitionsKey);
  const admin = kafka.admin();
  await admin.connect();
  try {
    await refuseWholeJobCheckpoint(admin, app, job.name);
    // Created once here, not by each task's sink at the same moment.
    await ensureChangelog(admin, transactionalNames(app, job.name).changelog);
    if (scale.kind === 'repartition') await ensureRepartitionTopic(admin, repartitionTopic(app, job.name), repartitionPartitions);
  } finally {
    await admin.disconnect();
  }
  return { plan, scale, config, shape, kafka, app, intervalMs: settings?.intervalMs ?? 1000, repartitionPartitions };
}

/** The consumers and tasks of a scaled-out job: one stage of pipeline tasks, or a repartition stage and a pipeline stage. */
function scaledStages(job: JobSpec, options: JobOptions, setup: ScaledSetup, metrics: JobMetrics, fail: (error: unknown) => void): Stage[] {
  const { scale, config, shape, kafka, app } = setup;
  const log = (level: 'debug' | 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>): void => options.log(level, message, { job: job.name, ...fields });
  const pipelineStage = (group: string, topics: readonly string[], repartitioned: boolean, taskId: PipelineTaskContext['taskId']): Stage => {
    const consumer = consumerOf(kafka, config, group);
    const ctx: PipelineTaskContext = { job, options, shape, config: { ...config, groupId: group, topics }, consumer, repartitioned, taskId, app, metrics };
    const opener: PartitionTaskOpener = (topic, partition) => openPipelineTask(ctx, topic, partition);
    const tasks = new PartitionTasks(consumer, opener, log, fail);
    const partitions = repartitioned ? setup.repartitionPartitions : (shape.partitions ?? 1);
    return { consumer, tasks, topics, partitions, fromBeginning: repartitioned || config.autoOffsetReset === 'earliest', pipelines: () => tasks.running() as PipelineTask[] };
  };
  if (scale.kind === 'tasks') return [pipelineStage(config.groupId, config.topics, false, (topic, partition) => `${topic}-${partition}`)];
  const topic = repartitionTopic(app, job.name);
  const consumer = consumerOf(kafka, config, config.groupId);
  const marker = scale.eventTime;
  const filters = marker?.filters.map(compilePredicate) ?? [];
  const stage: RepartitionStage = {
    kafka,
    consumer,
    group: config.groupId,
    topic,
    partitions: setup.repartitionPartitions,
    keyColumns: scale.keyColumns,
    decode: shape.decode,
    eventTime: marker && compileExpr(marker.expr),
    keeps: (row) => filters.every((keep) => {
      try {
        return keep(row);
      } catch {
        return false;
      }
    }),
    transactionalId: (source, partition) => `${app}-${job.name}-${source}-${partition}`,
    log,
    metrics,
  };
  const copies = new PartitionTasks(consumer, (source, partition) => RepartitionWriter.open(stage, source, partition), log, fail);
  const first: Stage = { consumer, tasks: copies, topics: config.topics, partitions: shape.partitions ?? 1, fromBeginning: config.autoOffsetReset === 'earliest', pipelines: () => [] };
  return [first, pipelineStage(`${config.groupId}-repartition`, [topic], true, (_topic, partition) => `repartition-${partition}`)];
}

/** Connects a stage's consumer, subscribes it and runs it, its batches routed to its tasks. */
async function startStage(stage: Stage, shape: KafkaSourceShape, fail: (error: unknown) => void): Promise<void> {
  const { consumer, tasks } = stage;
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => tasks.assigned(payload.memberAssignment));
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (!payload.restart) fail(payload.error);
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [...stage.topics], fromBeginning: stage.fromBeginning });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: Math.max(1, stage.partitions),
    eachBatch: async ({ batch, isStale, resolveOffset }: { batch: Batch; isStale: () => boolean; resolveOffset: (offset: string) => void }) => {
      try {
        await shape.decode.prepare?.(batch.messages.map((m) => m.value));
        await tasks.take(batch, isStale, resolveOffset);
      } catch (error) {
        fail(error);
      }
    },
  });
}

/** How long a stopping job's second stage may take to read what its first stage wrote. */
const CATCH_UP_MS = 15_000;

/**
 * Waits until the pipeline tasks of a second stage have taken in every record of their
 * repartition partitions (the first stage has stopped writing here; its last transaction
 * ends with one commit marker, which the tasks do not see), or {@link CATCH_UP_MS} passed:
 * a stopped job then leaves nothing of its input only half processed.
 */
async function caughtUp(stage: Stage, kafka: Kafka, log: (level: 'info', message: string, fields?: Record<string, unknown>) => void): Promise<void> {
  const deadline = Date.now() + CATCH_UP_MS;
  const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([stage.tasks.joined, new Promise<void>((resolve) => (timer = setTimeout(resolve, CATCH_UP_MS)))]);
  clearTimeout(timer);
  const [topic] = stage.topics;
  if (topic === undefined) return;
  const admin = kafka.admin();
  await admin.connect();
  let ends: Map<number, number>;
  try {
    ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)] as const));
  } finally {
    await admin.disconnect();
  }
  const behind = (): PipelineTask[] => stage.pipelines().filter((task) => task.reached() < (ends.get(task.partition) ?? 0) - 1);
  while (behind().length > 0 && Date.now() < deadline) await sleep(50);
  const left = behind();
  if (left.length > 0) log('info', 'stopping before the second stage read all the first stage wrote: the next run reads the rest', { partitions: left.map((t) => `${t.topic}-${t.partition} at ${t.reached()} of ${ends.get(t.partition) ?? 0}`).join(',') });
}
