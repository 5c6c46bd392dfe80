import { api } from '../api.js';
import { array, bytes, field, int16, int32, int64, int8, nullableArray, nullableString, string, struct } from '../schema.js';

/** FindCoordinator (key 10), v0-v2; key type 0 = group, 1 = transaction. */
export const FindCoordinator = api({
  key: 10,
  name: 'FindCoordinator',
  versions: [0, 2],
  request: struct({ key: field(string), keyType: field(int8, 1) }),
  response: struct({
    throttleTimeMs: field(int32, 1),
    errorCode: field(int16),
    errorMessage: field(nullableString, 1),
    nodeId: field(int32),
    host: field(string),
    port: field(int32),
  }),
});

/** JoinGroup (key 11), v0-v5; v4+ asks new members to rejoin with an assigned id. */
export const JoinGroup = api({
  key: 11,
  name: 'JoinGroup',
  versions: [0, 5],
  request: struct({
    groupId: field(string),
    sessionTimeoutMs: field(int32),
    rebalanceTimeoutMs: field(int32, 1, undefined, -1),
    memberId: field(string),
    groupInstanceId: field(nullableString, 5),
    protocolType: field(string),
    protocols: field(array(struct({ name: field(string), metadata: field(bytes) }))),
  }),
  response: struct({
    throttleTimeMs: field(int32, 2),
    errorCode: field(int16),
    generationId: field(int32, 0, undefined, -1),
    protocolName: field(string),
    leader: field(string),
    memberId: field(string),
    members: field(array(struct({
      memberId: field(string),
      groupInstanceId: field(nullableString, 5),
      metadata: field(bytes),
    }))),
  }),
});

/** Heartbeat (key 12), v0-v3. */
export const Heartbeat = api({
  key: 12,
  name: 'Heartbeat',
  versions: [0, 3],
  request: struct({
    groupId: field(string),
    generationId: field(int32),
    memberId: field(string),
    groupInstanceId: field(nullableString, 3),
  }),
  response: struct({ throttleTimeMs: field(int32, 1), errorCode: field(int16) }),
});

/** LeaveGroup (key 13), v0-v3; v3 removes a batch of members. */
export const LeaveGroup = api({
  key: 13,
  name: 'LeaveGroup',
  versions: [0, 3],
  request: struct({
    groupId: field(string),
    memberId: field(string, 0, 2),
    members: field(array(struct({ memberId: field(string), groupInstanceId: field(nullableString) })), 3),
  }),
  response: struct({
    throttleTimeMs: field(int32, 1),
    errorCode: field(int16),
    members: field(array(struct({
      memberId: field(string),
      groupInstanceId: field(nullableString),
      errorCode: field(int16),
    })), 3),
  }),
});

/** SyncGroup (key 14), v0-v3; the leader sends every member's assignment. */
export const SyncGroup = api({
  key: 14,
  name: 'SyncGroup',
  versions: [0, 3],
  request: struct({
    groupId: field(string),
    generationId: field(int32),
    memberId: field(string),
    groupInstanceId: field(nullableString, 3),
    assignments: field(array(struct({ memberId: field(string), assignment: field(bytes) }))),
  }),
  response: struct({ throttleTimeMs: field(int32, 1), errorCode: field(int16), assignment: field(bytes) }),
});

/** DescribeGroups (key 15), v0-v2. */
export const DescribeGroups = api({
  key: 15,
  name: 'DescribeGroups',
  versions: [0, 2],
  request: struct({ groups: field(array(string)) }),
  response: struct({
    throttleTimeMs: field(int32, 1),
    groups: field(array(struct({
      errorCode: field(int16),
      groupId: field(string),
      groupState: field(string),
      protocolType: field(string),
      protocolData: field(string),
      members: field(array(struct({
        memberId: field(string),
        clientId: field(string),
        clientHost: field(string),
        memberMetadata: field(bytes),
        memberAssignment: field(bytes),
      }))),
    }))),
  }),
});

/** ListGroups (key 16), v0-v2. */
export const ListGroups = api({
  key: 16,
  name: 'ListGroups',
  versions: [0, 2],
  request: struct({}),
  response: struct({
    throttleTimeMs: field(int32, 1),
    errorCode: field(int16),
    groups: field(array(struct({ groupId: field(string), protocolType: field(string) }))),
  }),
});

/** DeleteGroups (key 42), v0-v1: only empty groups can be deleted. */
export const DeleteGroups = api({
  key: 42,
  name: 'DeleteGroups',
  versions: [0, 1],
  request: struct({ groupsNames: field(array(string)) }),
  response: struct({
    throttleTimeMs: field(int32),
    results: field(array(struct({ groupId: field(string), errorCode: field(int16) }))),
  }),
});

/** OffsetCommit (key 8), v0-v5. */
export const OffsetCommit = api({
  key: 8,
  name: 'OffsetCommit',
  versions: [0, 5],
  request: struct({
    groupId: field(string),
    generationId: field(int32, 1, undefined, -1),
    memberId: field(string, 1),
    retentionTimeMs: field(int64, 2, 4, -1),
    topics: field(array(struct({
      name: field(string),
      partitions: field(array(struct({
        partition: field(int32),
        committedOffset: field(int64),
        commitTimestamp: field(int64, 1, 1, -1),
        committedMetadata: field(nullableString),
      }))),
    }))),
  }),
  response: struct({
    throttleTimeMs: field(int32, 3),
    topics: field(array(struct({
      name: field(string),
      partitions: field(array(struct({ partition: field(int32), errorCode: field(int16) }))),
    }))),
  }),
});

/** OffsetFetch (key 9), v1-v4; from v2 a null topic list means "every committed partition". */
export const OffsetFetch = api({
  key: 9,
  name: 'OffsetFetch',
  versions: [1, 4],
  request: struct({
    groupId: field(string),
    topics: field(nullableArray(struct({ name: field(string), partitions: field(array(int32)) }))),
  }),
  response: struct({
    throttleTimeMs: field(int32, 3),
    topics: field(array(struct({
      name: field(string),
      partitions: field(array(struct({
        partition: field(int32),
        committedOffset: field(int64, 0, undefined, -1),
        metadata: field(nullableString),
        errorCode: field(int16),
      }))),
    }))),
    errorCode: field(int16, 2),
  }),
});
