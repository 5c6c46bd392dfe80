import { ErrorCode } from '../protocol/errorCodes.js';
import { CreatePartitions, CreateTopics, DeleteTopics } from '../protocol/messages/cluster.js';
import { isValidTopicName, RETENTION_BYTES } from '../log/topicRegistry.js';
import type { BrokerState } from '../state.js';
import { route } from './route.js';

interface TopicOutcome {
  readonly errorCode: number;
  readonly errorMessage: string | null;
}

const OK: TopicOutcome = { errorCode: ErrorCode.NONE, errorMessage: null };

interface TopicSpec {
  readonly name: string;
  readonly numPartitions: number;
  readonly replicationFactor: number;
  readonly assignments: readonly unknown[];
  readonly configs: readonly { name: string; value: string | null }[];
}

function policyViolation(errorMessage: string): TopicOutcome {
  return { errorCode: ErrorCode.POLICY_VIOLATION, errorMessage };
}

/**
 * Checks `adding` partitions against `--max-partitions-per-request` (with `earlier` ones added
 * by the same request) and `--max-partitions` (with `pending` ones not created yet).
 */
function partitionLimits(state: BrokerState, adding: number, earlier: number, pending: number): TopicOutcome | undefined {
  const perRequest = state.options.maxPartitionsPerRequest;
  if (earlier + adding > perRequest) {
    return policyViolation(`this request would add ${earlier + adding} partition(s), more than --max-partitions-per-request ${perRequest}`);
  }
  const brokerWide = state.partitionLimitExceeded(adding, pending);
  return brokerWide === undefined ? undefined : policyViolation(brokerWide);
}

/** Partitions added so far by one CreateTopics or CreatePartitions request (limits count the whole request). */
interface RequestTally {
  added: number;
}

function createOne(state: BrokerState, t: TopicSpec, validateOnly: boolean, tally: RequestTally): TopicOutcome {
  if (!isValidTopicName(t.name)) return { errorCode: ErrorCode.INVALID_TOPIC_EXCEPTION, errorMessage: `invalid topic name '${t.name}'` };
  if (state.topics.get(t.name) !== undefined) return { errorCode: ErrorCode.TOPIC_ALREADY_EXISTS, errorMessage: `topic '${t.name}' already exists` };
  const partitions = t.assignments.length > 0 ? t.assignments.length : t.numPartitions === -1 ? state.options.defaultPartitions : t.numPartitions;
  if (partitions <= 0) return { errorCode: ErrorCode.INVALID_PARTITIONS, errorMessage: `partition count must be positive, got ${t.numPartitions}` };
  const limited = partitionLimits(state, partitions, tally.added, validateOnly ? tally.added : 0);
  if (limited !== undefined) return limited;
  if (t.replicationFactor !== -1 && t.replicationFactor !== 1 && t.assignments.length === 0) {
    return { errorCode: ErrorCode.INVALID_REPLICATION_FACTOR, errorMessage: `replication factor ${t.replicationFactor} is larger than the 1 available broker` };
  }
  const retention = t.configs.find((c) => c.name === RETENTION_BYTES)?.value;
  if (retention !== undefined && retention !== null && !(Number.isInteger(Number(retention)) && Number(retention) >= -1)) {
    return { errorCode: ErrorCode.INVALID_CONFIG, errorMessage: `${RETENTION_BYTES} must be an integer >= -1, got '${retention}'` };
  }
  if (!validateOnly) {
    const configs = new Map<string, string>();
    for (const c of t.configs) if (c.value !== null) configs.set(c.name, c.value);
    state.createTopic(t.name, partitions, configs);
  }
  tally.added += partitions;
  return OK;
}

/** CreateTopics v0-v3: -1 partitions or replication factor means the broker default; partition limits give POLICY_VIOLATION. */
export const createTopicsRoute = route(
  CreateTopics,
  (state, req) => {
    const tally: RequestTally = { added: 0 };
    return { topics: req.topics.map((t) => ({ name: t.name, ...createOne(state, t, req.validateOnly, tally) })) };
  },
  (req, errorCode) => ({ topics: req.topics.map((t) => ({ name: t.name, errorCode, errorMessage: null })) }),
);

/** DeleteTopics v0-v1. */
export const deleteTopicsRoute = route(
  DeleteTopics,
  (state, req) => ({
    responses: req.topicNames.map((name) => ({
      name,
      errorCode: state.deleteTopic(name) ? ErrorCode.NONE : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
    })),
  }),
  (req, errorCode) => ({ responses: req.topicNames.map((name) => ({ name, errorCode })) }),
);

/** CreatePartitions v0-v1: only growth is allowed, within the partition limits. */
export const createPartitionsRoute = route(
  CreatePartitions,
  (state, req) => {
    const tally: RequestTally = { added: 0 };
    return { results: req.topics.map((t): { name: string } & TopicOutcome => {
      const topic = state.topics.get(t.name);
      if (topic === undefined) return { name: t.name, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: `unknown topic '${t.name}'` };
      if (t.count <= topic.partitions.length) {
        return { name: t.name, errorCode: ErrorCode.INVALID_PARTITIONS, errorMessage: `topic '${t.name}' already has ${topic.partitions.length} partition(s)` };
      }
      const adding = t.count - topic.partitions.length;
      const limited = partitionLimits(state, adding, tally.added, req.validateOnly ? tally.added : 0);
      if (limited !== undefined) return { name: t.name, ...limited };
      if (!req.validateOnly) state.growTopic(topic, t.count);
      tally.added += adding;
      return { name: t.name, ...OK };
    }) };
  },
  (req, errorCode) => ({ results: req.topics.map((t) => ({ name: t.name, errorCode, errorMessage: null })) }),
);
