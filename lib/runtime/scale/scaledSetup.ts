import type { Admin, Kafka } from 'kafkajs';
import { kafkaClient } from '../../connectors/kafka/kafkaClient.js';
import { KafkaSource, type KafkaSourceConfig, type KafkaSourceShape } from '../../connectors/kafka/kafkaSource.js';
import { kafkaSourceConfig, kafkaSourceFactory } from '../../connectors/kafka/kafkaSourceFactory.js';
import { transactionalNames } from '../../connectors/kafka/kafkaTransactionalSink.js';
import { validateProperties } from '../../connectors/registry.js';
import type { ConnectorContext } from '../../connectors/types.js';
import type { JobSpec } from '../../plan/app/analyzeApp.js';
import { planJob, type JobPlan } from '../../plan/planJob.js';
import { FerrisError, notSupported } from '../../types/errors.js';
import { checkpointErrors, checkpointSettings } from '../checkpoint/jobCheckpointing.js';
import { jobRoute, prepareConnector } from '../connectorProperties.js';
import { ownGroup } from '../kafkaGroups.js';
import { prepareSink } from '../openConnectors.js';
import type { JobOptions } from '../openJob.js';
import { repartitionTopic, scaleOutOf, type ScaleOut } from './scaleOutPlan.js';

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

/** What opening a scaled-out job finds out before anything runs. */
export interface ScaledSetup {
  readonly plan: JobPlan;
  readonly scale: ScaleOut;
  readonly config: KafkaSourceConfig;
  readonly shape: KafkaSourceShape;
  readonly kafka: Kafka;
  readonly app: string;
  readonly intervalMs: number;
  readonly repartitionPartitions: number;
}

/** Reads the source's settings and columns, plans the job and decides how it is split; creates the repartition topic when it needs one. */
export async function scaledSetup(job: JobSpec, options: JobOptions): Promise<ScaledSetup> {
  const [checkpointError] = checkpointErrors(job, options.baseDir);
  if (checkpointError !== undefined) throw checkpointError;
  const [entry] = [...job.sources];
  if (entry === undefined) throw new FerrisError('INTERNAL', `job ${job.name} has no source to scale out`);
  const [sourceId, spec] = entry;
  const route = jobRoute(job.jobKeys, options.baseDir, job);
  // The tasks' sinks open once the group assigns partitions: what they wait for starts now.
  prepareSink(job, options.baseDir, route);
  const prepared = prepareConnector(spec, options.baseDir, route);
  if (options.ownKafkaGroup === true) prepared.properties.set('group.id', ownGroup(prepared.properties.get('group.id') ?? `ferris-${job.name}`, job.name));
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
