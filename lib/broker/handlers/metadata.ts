import type { ResponseOf } from '../protocol/api.js';
import { ErrorCode } from '../protocol/errorCodes.js';
import { Metadata } from '../protocol/messages/cluster.js';
import type { Topic } from '../log/topicRegistry.js';
import { isValidTopicName } from '../log/topicRegistry.js';
import type { BrokerState } from '../state.js';
import { route } from './route.js';

type TopicMetadata = NonNullable<ResponseOf<typeof Metadata>['topics']>[number];

function describeTopic(state: BrokerState, topic: Topic): TopicMetadata {
  const node = state.options.nodeId;
  return {
    errorCode: ErrorCode.NONE,
    name: topic.name,
    isInternal: false,
    partitions: topic.partitions.map((p) => ({
      errorCode: ErrorCode.NONE, partitionIndex: p.partition, leaderId: node, replicaNodes: [node], isrNodes: [node], offlineReplicas: [],
    })),
  };
}

function brokers(state: BrokerState): ResponseOf<typeof Metadata>['brokers'] {
  return [{ nodeId: state.options.nodeId, host: state.options.advertisedHost, port: state.advertisedPort, rack: null }];
}

/** Creates an unknown topic when allowed; else the error code its metadata carries. */
function autoCreate(state: BrokerState, name: string, allowed: boolean): Topic | number {
  if (!isValidTopicName(name)) return ErrorCode.INVALID_TOPIC_EXCEPTION;
  if (!state.options.autoCreateTopics || !allowed) return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
  const limited = state.partitionLimitExceeded(state.options.defaultPartitions);
  if (limited !== undefined) {
    state.options.log(`not auto-creating topic ${name}: ${limited}`);
    return ErrorCode.POLICY_VIOLATION;
  }
  return state.createTopic(name, state.options.defaultPartitions, new Map());
}

/** Metadata: this node as the only broker and controller; unknown topics are auto-created if allowed. */
export const metadataRoute = route(
  Metadata,
  (state, req, { version }) => {
    const all = req.topics === null || (version === 0 && req.topics.length === 0);
    const topics: TopicMetadata[] = [];
    if (all) {
      for (const t of state.topics.all()) topics.push(describeTopic(state, t));
    } else {
      for (const { name } of req.topics ?? []) {
        const topic = state.topics.get(name) ?? autoCreate(state, name, req.allowAutoTopicCreation);
        topics.push(typeof topic === 'number' ? { errorCode: topic, name, partitions: [] } : describeTopic(state, topic));
      }
    }
    return { brokers: brokers(state), clusterId: 'ferris-broker', controllerId: state.options.nodeId, topics };
  },
  (req, errorCode) => ({ topics: (req.topics ?? []).map(({ name }) => ({ errorCode, name, partitions: [] })) }),
);
