import { ErrorCode } from '../protocol/errorCodes.js';
import {
  DeleteGroups, DescribeGroups, FindCoordinator, Heartbeat, JoinGroup, LeaveGroup, ListGroups, SyncGroup,
} from '../protocol/messages/groups.js';
import { route } from './route.js';

const EMPTY = Buffer.alloc(0);

/** FindCoordinator v0-v2: this node coordinates every group and transactional id. */
export const findCoordinatorRoute = route(
  FindCoordinator,
  (state) => ({ errorCode: ErrorCode.NONE, errorMessage: null, nodeId: state.options.nodeId, host: state.options.advertisedHost, port: state.advertisedPort }),
  (_req, errorCode) => ({ errorCode, nodeId: -1, host: '', port: -1 }),
);

/** JoinGroup v0-v5: waits at the join barrier; v4+ new members first get MEMBER_ID_REQUIRED. */
export const joinGroupRoute = route(
  JoinGroup,
  (state, req, ctx) => state.groups.join({
    groupId: req.groupId,
    memberId: req.memberId,
    groupInstanceId: req.groupInstanceId,
    sessionTimeoutMs: req.sessionTimeoutMs,
    rebalanceTimeoutMs: req.rebalanceTimeoutMs < 0 ? req.sessionTimeoutMs : req.rebalanceTimeoutMs,
    protocolType: req.protocolType,
    protocols: req.protocols.map((p) => ({ name: p.name, metadata: Buffer.from(p.metadata) })),
    clientId: ctx.clientId,
    clientHost: ctx.clientHost,
    requireKnownMemberId: ctx.version >= 4,
  }),
  (req, errorCode) => ({ errorCode, memberId: req.memberId }),
);

/** SyncGroup v0-v3: followers wait for the leader's assignments. */
export const syncGroupRoute = route(
  SyncGroup,
  (state, req) => state.groups.sync(req.groupId, req.generationId, req.memberId, req.assignments),
  (_req, errorCode) => ({ errorCode, assignment: EMPTY }),
);

/** Heartbeat v0-v3. */
export const heartbeatRoute = route(
  Heartbeat,
  (state, req) => ({ errorCode: state.groups.heartbeat(req.groupId, req.generationId, req.memberId) }),
  (_req, errorCode) => ({ errorCode }),
);

/** LeaveGroup v0-v3 (v3: a batch of members with per-member errors). */
export const leaveGroupRoute = route(
  LeaveGroup,
  (state, req, { version }) => {
    if (version < 3) return { errorCode: state.groups.leave(req.groupId, req.memberId) };
    const members = req.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, errorCode: state.groups.leave(req.groupId, m.memberId) }));
    return { errorCode: ErrorCode.NONE, members };
  },
  (req, errorCode) => ({ errorCode, members: req.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, errorCode })) }),
);

/** DescribeGroups v0-v2; an unknown group is reported as Dead, as Kafka does. */
export const describeGroupsRoute = route(
  DescribeGroups,
  (state, req) => ({
    groups: req.groups.map((groupId) => {
      const group = state.groups.get(groupId);
      if (group === undefined) return { errorCode: ErrorCode.NONE, groupId, groupState: 'Dead', members: [] };
      return {
        errorCode: ErrorCode.NONE,
        groupId,
        groupState: group.state,
        protocolType: group.protocolType,
        protocolData: group.protocolName,
        members: [...group.members.values()].map((m) => ({
          memberId: m.id, clientId: m.clientId, clientHost: m.clientHost, memberMetadata: group.metadataOf(m), memberAssignment: m.assignment,
        })),
      };
    }),
  }),
  (req, errorCode) => ({ groups: req.groups.map((groupId) => ({ errorCode, groupId })) }),
);

/** ListGroups v0-v2. */
export const listGroupsRoute = route(
  ListGroups,
  (state) => ({ errorCode: ErrorCode.NONE, groups: [...state.groups.all()].map((g) => ({ groupId: g.id, protocolType: g.protocolType })) }),
  (_req, errorCode) => ({ errorCode }),
);

/** DeleteGroups v0-v1: only groups without members. */
export const deleteGroupsRoute = route(
  DeleteGroups,
  (state, req) => ({ results: req.groupsNames.map((groupId) => ({ groupId, errorCode: state.groups.deleteGroup(groupId) })) }),
  (req, errorCode) => ({ results: req.groupsNames.map((groupId) => ({ groupId, errorCode })) }),
);
