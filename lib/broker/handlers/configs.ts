import { ErrorCode } from '../protocol/errorCodes.js';
import { DescribeConfigs } from '../protocol/messages/cluster.js';
import type { BrokerState } from '../state.js';
import { RETENTION_BYTES } from '../log/topicRegistry.js';
import { route } from './route.js';

const RESOURCE_TOPIC = 2;
const RESOURCE_BROKER = 4;
/** Config sources of DescribeConfigs v1+. */
const SOURCE = { DYNAMIC_TOPIC: 1, STATIC_BROKER: 4, DEFAULT: 5 } as const;

function topicDefaults(state: BrokerState): ReadonlyMap<string, string> {
  return new Map([
    ['cleanup.policy', 'delete'],
    ['compression.type', 'producer'],
    ['retention.ms', '-1'],
    [RETENTION_BYTES, String(state.options.retentionBytes)],
    ['min.insync.replicas', '1'],
  ]);
}

function brokerConfigs(state: BrokerState): Map<string, string> {
  const o = state.options;
  return new Map([
    ['broker.id', String(o.nodeId)],
    ['num.partitions', String(o.defaultPartitions)],
    ['auto.create.topics.enable', String(o.autoCreateTopics)],
    ['message.max.bytes', String(o.maxMessageBytes)],
    ['transaction.max.timeout.ms', String(o.transactionMaxTimeoutMs)],
    ['group.min.session.timeout.ms', String(o.groupMinSessionTimeoutMs)],
    ['group.max.session.timeout.ms', String(o.groupMaxSessionTimeoutMs)],
    ['group.initial.rebalance.delay.ms', String(o.groupInitialRebalanceDelayMs)],
    ['log.retention.bytes', String(o.retentionBytes)],
    ['offsets.topic.replication.factor', '1'],
    ['transaction.state.log.replication.factor', '1'],
  ]);
}

interface ConfigEntry {
  readonly name: string;
  readonly value: string;
  readonly source: number;
}

function entriesFor(state: BrokerState, type: number, name: string): ConfigEntry[] | undefined {
  if (type === RESOURCE_BROKER) {
    return [...brokerConfigs(state)].map(([k, v]) => ({ name: k, value: v, source: SOURCE.STATIC_BROKER }));
  }
  if (type !== RESOURCE_TOPIC) return undefined;
  const topic = state.topics.get(name);
  if (topic === undefined) return undefined;
  const out: ConfigEntry[] = [...topicDefaults(state)].filter(([k]) => !topic.configs.has(k)).map(([k, v]) => ({ name: k, value: v, source: SOURCE.DEFAULT }));
  for (const [k, v] of topic.configs) out.push({ name: k, value: v, source: SOURCE.DYNAMIC_TOPIC });
  return out;
}

/** DescribeConfigs v0-v2 for topics (type 2) and this broker (type 4); read-only. */
export const describeConfigsRoute = route(
  DescribeConfigs,
  (state, req) => ({
    results: req.resources.map((r) => {
      const entries = entriesFor(state, r.resourceType, r.resourceName);
      if (entries === undefined) {
        const unknownTopic = r.resourceType === RESOURCE_TOPIC;
        return {
          errorCode: unknownTopic ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : ErrorCode.INVALID_REQUEST,
          errorMessage: unknownTopic ? `unknown topic '${r.resourceName}'` : `resource type ${r.resourceType} is not supported (accepted: 2 topic, 4 broker)`,
          resourceType: r.resourceType, resourceName: r.resourceName, configs: [],
        };
      }
      const wanted = r.configurationKeys;
      return {
        errorCode: ErrorCode.NONE, errorMessage: null, resourceType: r.resourceType, resourceName: r.resourceName,
        configs: entries.filter((e) => wanted === null || wanted.includes(e.name)).map((e) => ({
          name: e.name, value: e.value, readOnly: r.resourceType === RESOURCE_BROKER, isDefault: e.source === SOURCE.DEFAULT,
          configSource: e.source, isSensitive: false, synonyms: [],
        })),
      };
    }),
  }),
  (req, errorCode) => ({
    results: req.resources.map((r) => ({ errorCode, errorMessage: null, resourceType: r.resourceType, resourceName: r.resourceName, configs: [] })),
  }),
);
