import { api } from '../api.js';
import {
  array, boolean, field, int16, int32, int8, nullableArray, nullableString, string, struct,
} from '../schema.js';

/** ApiVersions (key 18), v0-v3; v3 is flexible but its response header stays v0. */
export const ApiVersions = api({
  key: 18,
  name: 'ApiVersions',
  versions: [0, 3],
  flexibleFrom: 3,
  request: struct({
    clientSoftwareName: field(string, 3),
    clientSoftwareVersion: field(string, 3),
  }),
  response: struct({
    errorCode: field(int16),
    apiKeys: field(array(struct({ apiKey: field(int16), minVersion: field(int16), maxVersion: field(int16) }))),
    throttleTimeMs: field(int32, 1),
  }),
});

/** Metadata (key 3), v0-v6; from v1 a null topic list means "all topics". */
export const Metadata = api({
  key: 3,
  name: 'Metadata',
  versions: [0, 6],
  request: struct({
    topics: field(nullableArray(struct({ name: field(string) }))),
    allowAutoTopicCreation: field(boolean, 4, undefined, true),
  }),
  response: struct({
    throttleTimeMs: field(int32, 3),
    brokers: field(array(struct({
      nodeId: field(int32),
      host: field(string),
      port: field(int32),
      rack: field(nullableString, 1),
    }))),
    clusterId: field(nullableString, 2),
    controllerId: field(int32, 1, undefined, -1),
    topics: field(array(struct({
      errorCode: field(int16),
      name: field(string),
      isInternal: field(boolean, 1),
      partitions: field(array(struct({
        errorCode: field(int16),
        partitionIndex: field(int32),
        leaderId: field(int32),
        replicaNodes: field(array(int32)),
        isrNodes: field(array(int32)),
        offlineReplicas: field(array(int32), 5),
      }))),
    }))),
  }),
});

/** CreateTopics (key 19), v0-v3. */
export const CreateTopics = api({
  key: 19,
  name: 'CreateTopics',
  versions: [0, 3],
  request: struct({
    topics: field(array(struct({
      name: field(string),
      numPartitions: field(int32),
      replicationFactor: field(int16),
      assignments: field(array(struct({ partitionIndex: field(int32), brokerIds: field(array(int32)) }))),
      configs: field(array(struct({ name: field(string), value: field(nullableString) }))),
    }))),
    timeoutMs: field(int32),
    validateOnly: field(boolean, 1),
  }),
  response: struct({
    throttleTimeMs: field(int32, 2),
    topics: field(array(struct({
      name: field(string),
      errorCode: field(int16),
      errorMessage: field(nullableString, 1),
    }))),
  }),
});

/** DeleteTopics (key 20), v0-v1. */
export const DeleteTopics = api({
  key: 20,
  name: 'DeleteTopics',
  versions: [0, 1],
  request: struct({ topicNames: field(array(string)), timeoutMs: field(int32) }),
  response: struct({
    throttleTimeMs: field(int32, 1),
    responses: field(array(struct({ name: field(string), errorCode: field(int16) }))),
  }),
});

/** CreatePartitions (key 37), v0-v1: grows a topic's partition count. */
export const CreatePartitions = api({
  key: 37,
  name: 'CreatePartitions',
  versions: [0, 1],
  request: struct({
    topics: field(array(struct({
      name: field(string),
      count: field(int32),
      assignments: field(nullableArray(struct({ brokerIds: field(array(int32)) }))),
    }))),
    timeoutMs: field(int32),
    validateOnly: field(boolean),
  }),
  response: struct({
    throttleTimeMs: field(int32),
    results: field(array(struct({ name: field(string), errorCode: field(int16), errorMessage: field(nullableString) }))),
  }),
});

/** DescribeConfigs (key 32), v0-v2, for topics (type 2) and the broker (type 4). */
export const DescribeConfigs = api({
  key: 32,
  name: 'DescribeConfigs',
  versions: [0, 2],
  request: struct({
    resources: field(array(struct({
      resourceType: field(int8),
      resourceName: field(string),
      configurationKeys: field(nullableArray(string)),
    }))),
    includeSynonyms: field(boolean, 1),
  }),
  response: struct({
    throttleTimeMs: field(int32),
    results: field(array(struct({
      errorCode: field(int16),
      errorMessage: field(nullableString),
      resourceType: field(int8),
      resourceName: field(string),
      configs: field(array(struct({
        name: field(string),
        value: field(nullableString),
        readOnly: field(boolean),
        isDefault: field(boolean, 0, 0),
        configSource: field(int8, 1, undefined, -1),
        isSensitive: field(boolean),
        synonyms: field(array(struct({ name: field(string), value: field(nullableString), source: field(int8) })), 1),
      }))),
    }))),
  }),
});

