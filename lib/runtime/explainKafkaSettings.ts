import type { BatchStrategyName } from '../../operators/batching/batchConfig.js';
import { resolveKafkaSettings, describeSettingSource, type KafkaSettings } from '../connectors/kafka/settings/resolveKafkaSettings.js';
import type { KafkaSettingSide } from '../connectors/kafka/settings/kafkaSettingSpecs.js';
import type { JobSpec } from '../plan/app/analyzeApp.js';
import type { ConnectorSpec } from '../plan/app/connectorSpec.js';
import { connectorStrategy } from './batch/chosenStrategy.js';
import { jobRoute, prepareConnector } from './connectorProperties.js';
import { keysAsWritten } from './openConnectors.js';
import { textTable } from './textTable.js';

/** The Kafka type of each side. */
const KAFKA_TYPES: Readonly<Record<KafkaSettingSide, string>> = { source: 'kafka_source', sink: 'kafka_sink' };

/** One connector's settings as EXPLAIN prints them: a heading naming its strategy, then a table of setting, value and where it came from. */
function describeConnector(spec: ConnectorSpec, side: KafkaSettingSide, settings: KafkaSettings, strategy: string | undefined): string {
  const heading = `  ${spec.name} (${KAFKA_TYPES[side]}, ${strategy === undefined ? 'no batch strategy' : `batch strategy ${strategy}`}):`;
  const rows = [...settings.values()].map((s) => [s.spec.key, s.value === undefined ? '-' : String(s.value), describeSettingSource(s)]);
  const table = textTable(['setting', 'value', 'from'], rows)
    .trimEnd()
    .split('\n')
    .map((line) => `    ${line}`);
  return [heading, ...table].join('\n');
}

/** The client settings one Kafka connector of a job opens with. */
export interface ConnectorKafkaSettings {
  readonly spec: ConnectorSpec;
  readonly side: KafkaSettingSide;
  /** The batch strategy whose suggestions it takes, if any. */
  readonly strategy: BatchStrategyName | undefined;
  readonly settings: KafkaSettings;
}

/**
 * The consumer or producer settings of every Kafka source and sink of the job, resolved as
 * their factories resolve them when the job opens (see `resolveKafkaSettings`), without
 * connecting: the job's batch strategy for sources, a sink's own `batch.*` keys else the
 * job's for the sink, and `'mode' = 'transactional'`.
 */
export function jobKafkaSettings(job: JobSpec, baseDir: string): ConnectorKafkaSettings[] {
  const route = jobRoute(job.jobKeys, baseDir);
  const transactional = job.jobKeys.get('mode')?.toLowerCase() === 'transactional';
  const found: ConnectorKafkaSettings[] = [];
  for (const spec of job.sources.values()) {
    if (spec.upstream !== undefined || spec.type !== KAFKA_TYPES.source) continue;
    const prepared = prepareConnector(spec, baseDir, route, 'source');
    const strategy = connectorStrategy(job.jobKeys);
    found.push({ spec, side: 'source', strategy, settings: resolveKafkaSettings('source', prepared.properties, { strategy, keysAsWritten: keysAsWritten(spec) }) });
  }
  if (job.sink.type === KAFKA_TYPES.sink) {
    const prepared = prepareConnector(job.sink, baseDir, route, 'sink');
    const strategy = connectorStrategy(job.jobKeys, prepared.batchKeys);
    const settings = resolveKafkaSettings('sink', prepared.properties, { strategy, transactional, keysAsWritten: keysAsWritten(job.sink) });
    found.push({ spec: job.sink, side: 'sink', strategy, settings });
  }
  return found;
}

/**
 * The `Kafka client settings` section of EXPLAIN: for every Kafka source and sink of the job
 * ({@link jobKafkaSettings}), a table of its settings, their values and where each came from
 * (user, strategy, default). Empty when the job has no Kafka connector.
 */
export function explainKafkaSettings(job: JobSpec, baseDir: string): string {
  const sections = jobKafkaSettings(job, baseDir).map((c) => describeConnector(c.spec, c.side, c.settings, c.strategy));
  return sections.length === 0 ? '' : `Kafka client settings:\n${sections.join('\n')}\n`;
}
