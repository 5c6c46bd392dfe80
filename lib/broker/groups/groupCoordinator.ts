import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../protocol/errorCodes.js';
import type { Journal, JournaledOffset, JournalEvent } from '../storage/journalEvents.js';
import { Group, type JoinOutcome, type Member, type MemberProtocol } from './group.js';

/** A JoinGroup as the coordinator sees it. */
export interface JoinRequest {
  readonly groupId: string;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly sessionTimeoutMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly protocolType: string;
  readonly protocols: readonly MemberProtocol[];
  readonly clientId: string;
  readonly clientHost: string;
  /** JoinGroup v4+ makes a new member rejoin with the id it is given. */
  readonly requireKnownMemberId: boolean;
}

/** The answer to a SyncGroup. */
export interface SyncOutcome {
  readonly errorCode: number;
  readonly assignment: Buffer;
}

/** Settings the coordinator needs. */
export interface GroupSettings {
  readonly minSessionTimeoutMs: number;
  readonly maxSessionTimeoutMs: number;
  readonly initialRebalanceDelayMs: number;
  readonly log: (line: string) => void;
}

const EMPTY = Buffer.alloc(0);

function failedJoin(errorCode: number, memberId = ''): JoinOutcome {
  return { errorCode, generationId: -1, protocolName: '', leader: '', memberId, members: [] };
}

function unref(timer: NodeJS.Timeout): NodeJS.Timeout {
  timer.unref();
  return timer;
}

/**
 * Classic group coordination: the join barrier (all members rejoin, or the largest rebalance
 * timeout evicts the rest), the sync barrier (followers wait for the leader's assignments),
 * heartbeats with session expiry, leaving, and committed offsets.
 */
export class GroupCoordinator {
  private readonly groups = new Map<string, Group>();

  constructor(
    private readonly settings: GroupSettings,
    private readonly journal: Journal | undefined,
  ) {}

  /** The group called `id`, if it exists. */
  get(id: string): Group | undefined {
    return this.groups.get(id);
  }

  /** Every group. */
  all(): IterableIterator<Group> {
    return this.groups.values();
  }

  private getOrCreate(id: string): Group {
    let group = this.groups.get(id);
    if (group === undefined) {
      group = new Group(id);
      this.groups.set(id, group);
    }
    return group;
  }

  /** Handles a JoinGroup; the answer comes when the join barrier completes. */
  join(req: JoinRequest): JoinOutcome | Promise<JoinOutcome> {
    if (req.groupId === '') return failedJoin(ErrorCode.INVALID_GROUP_ID);
    if (req.sessionTimeoutMs < this.settings.minSessionTimeoutMs || req.sessionTimeoutMs > this.settings.maxSessionTimeoutMs) {
      return failedJoin(ErrorCode.INVALID_SESSION_TIMEOUT);
    }
    if (req.groupInstanceId !== null) {
      this.settings.log(`group ${req.groupId}: static membership (group.instance.id ${req.groupInstanceId}) is not supported; joining as a dynamic member`);
    }
    const group = this.getOrCreate(req.groupId);
    const existing = group.members.get(req.memberId);
    if (!group.acceptsProtocols(req.memberId, req.protocolType, req.protocols)) return failedJoin(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    if (req.memberId === '') {
      const memberId = `${req.clientId}-${randomUUID()}`;
      if (req.requireKnownMemberId) {
        group.pending.set(memberId, unref(setTimeout(() => this.expirePending(group, memberId), req.sessionTimeoutMs)));
        return failedJoin(ErrorCode.MEMBER_ID_REQUIRED, memberId);
      }
      return this.addMember(group, memberId, req);
    }
    const pendingTimer = group.pending.get(req.memberId);
    if (pendingTimer !== undefined) {
      clearTimeout(pendingTimer);
      group.pending.delete(req.memberId);
      return this.addMember(group, req.memberId, req);
    }
    if (existing === undefined) return failedJoin(ErrorCode.UNKNOWN_MEMBER_ID, req.memberId);
    existing.protocols = req.protocols;
    existing.sessionTimeoutMs = req.sessionTimeoutMs;
    existing.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
    return this.awaitJoin(group, existing);
  }

  private addMember(group: Group, memberId: string, req: JoinRequest): Promise<JoinOutcome> {
    if (group.members.size === 0) group.protocolType = req.protocolType;
    const member: Member = {
      id: memberId,
      clientId: req.clientId,
      clientHost: req.clientHost,
      sessionTimeoutMs: req.sessionTimeoutMs,
      rebalanceTimeoutMs: req.rebalanceTimeoutMs,
      protocols: req.protocols,
      assignment: EMPTY,
      joinWaiter: undefined,
      syncWaiter: undefined,
      sessionTimer: undefined,
    };
    group.members.set(memberId, member);
    return this.awaitJoin(group, member);
  }

  private awaitJoin(group: Group, member: Member): Promise<JoinOutcome> {
    const outcome = new Promise<JoinOutcome>((resolve) => {
      member.joinWaiter?.(failedJoin(ErrorCode.UNKNOWN_MEMBER_ID, member.id));
      member.joinWaiter = resolve;
    });
    if (member.sessionTimer !== undefined) clearTimeout(member.sessionTimer);
    member.sessionTimer = undefined;
    if (group.state === 'PreparingRebalance') this.maybeCompleteJoin(group);
    else this.prepareRebalance(group);
    return outcome;
  }

  private prepareRebalance(group: Group): void {
    for (const m of group.members.values()) {
      const waiter = m.syncWaiter;
      m.syncWaiter = undefined;
      waiter?.(ErrorCode.REBALANCE_IN_PROGRESS, EMPTY);
    }
    const wasEmpty = group.state === 'Empty';
    group.state = 'PreparingRebalance';
    let timeout = 0;
    for (const m of group.members.values()) timeout = Math.max(timeout, m.rebalanceTimeoutMs);
    if (group.rebalanceTimer !== undefined) clearTimeout(group.rebalanceTimer);
    group.rebalanceTimer = unref(setTimeout(() => this.completeJoin(group), timeout));
    if (wasEmpty && this.settings.initialRebalanceDelayMs > 0) {
      group.initialDelayActive = true;
      unref(setTimeout(() => {
        group.initialDelayActive = false;
        this.maybeCompleteJoin(group);
      }, this.settings.initialRebalanceDelayMs));
      return;
    }
    this.maybeCompleteJoin(group);
  }

  private maybeCompleteJoin(group: Group): void {
    if (group.state !== 'PreparingRebalance' || group.initialDelayActive || group.pending.size > 0) return;
    for (const m of group.members.values()) if (m.joinWaiter === undefined) return;
    this.completeJoin(group);
  }

  private completeJoin(group: Group): void {
    if (group.state !== 'PreparingRebalance') return;
    if (group.rebalanceTimer !== undefined) clearTimeout(group.rebalanceTimer);
    group.rebalanceTimer = undefined;
    for (const m of [...group.members.values()]) {
      if (m.joinWaiter === undefined) {
        this.settings.log(`group ${group.id}: member ${m.id} did not rejoin in time, removed`);
        this.dropMember(group, m);
      }
    }
    group.generation++;
    if (group.members.size === 0) {
      group.state = 'Empty';
      group.leaderId = '';
      group.protocolName = '';
      return;
    }
    group.protocolName = group.chooseProtocol();
    if (!group.members.has(group.leaderId)) group.leaderId = group.members.keys().next().value as string;
    group.state = 'CompletingRebalance';
    const everyone = [...group.members.values()].map((m) => ({ memberId: m.id, groupInstanceId: null, metadata: group.metadataOf(m) }));
    for (const m of group.members.values()) {
      const waiter = m.joinWaiter;
      m.joinWaiter = undefined;
      this.touch(group, m);
      waiter?.({
        errorCode: ErrorCode.NONE,
        generationId: group.generation,
        protocolName: group.protocolName,
        leader: group.leaderId,
        memberId: m.id,
        members: m.id === group.leaderId ? everyone : [],
      });
    }
    this.settings.log(`group ${group.id}: generation ${group.generation} with ${group.members.size} member(s), protocol ${group.protocolName}`);
  }

  /** Handles a SyncGroup; followers wait until the leader sends the assignments. */
  sync(groupId: string, generationId: number, memberId: string, assignments: readonly { memberId: string; assignment: Buffer }[]): SyncOutcome | Promise<SyncOutcome> {
    const group = this.groups.get(groupId);
    const member = group?.members.get(memberId);
    if (group === undefined || member === undefined) return { errorCode: ErrorCode.UNKNOWN_MEMBER_ID, assignment: EMPTY };
    if (generationId !== group.generation) return { errorCode: ErrorCode.ILLEGAL_GENERATION, assignment: EMPTY };
    if (group.state === 'PreparingRebalance') return { errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: EMPTY };
    this.touch(group, member);
    if (group.state === 'Stable') return { errorCode: ErrorCode.NONE, assignment: member.assignment };
    const outcome = new Promise<SyncOutcome>((resolve) => {
      member.syncWaiter = (errorCode, assignment) => resolve({ errorCode, assignment });
    });
    if (memberId === group.leaderId) {
      for (const a of assignments) {
        const target = group.members.get(a.memberId);
        if (target !== undefined) target.assignment = Buffer.from(a.assignment);
      }
      group.state = 'Stable';
      for (const m of group.members.values()) {
        const waiter = m.syncWaiter;
        m.syncWaiter = undefined;
        waiter?.(ErrorCode.NONE, m.assignment);
      }
    }
    return outcome;
  }

  /** Handles a Heartbeat: keeps the member alive and tells it about a pending rebalance. */
  heartbeat(groupId: string, generationId: number, memberId: string): number {
    const group = this.groups.get(groupId);
    const member = group?.members.get(memberId);
    if (group === undefined || member === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== group.generation) return ErrorCode.ILLEGAL_GENERATION;
    this.touch(group, member);
    return group.state === 'PreparingRebalance' ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE;
  }

  /** Handles a LeaveGroup for one member; returns its error code. */
  leave(groupId: string, memberId: string): number {
    const group = this.groups.get(groupId);
    const member = group?.members.get(memberId);
    if (group === undefined || member === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
    this.settings.log(`group ${groupId}: member ${memberId} left`);
    this.dropMember(group, member);
    this.afterMemberLoss(group);
    return ErrorCode.NONE;
  }

  private dropMember(group: Group, member: Member): void {
    if (member.sessionTimer !== undefined) clearTimeout(member.sessionTimer);
    group.members.delete(member.id);
    member.joinWaiter?.(failedJoin(ErrorCode.UNKNOWN_MEMBER_ID, member.id));
    member.syncWaiter?.(ErrorCode.UNKNOWN_MEMBER_ID, EMPTY);
    member.joinWaiter = undefined;
    member.syncWaiter = undefined;
  }

  private afterMemberLoss(group: Group): void {
    if (group.state === 'PreparingRebalance') this.maybeCompleteJoin(group);
    else if (group.state !== 'Empty') this.prepareRebalance(group);
  }

  private touch(group: Group, member: Member): void {
    if (member.sessionTimer !== undefined) clearTimeout(member.sessionTimer);
    member.sessionTimer = unref(setTimeout(() => {
      if (group.members.get(member.id) !== member || member.joinWaiter !== undefined) return;
      this.settings.log(`group ${group.id}: member ${member.id} session expired`);
      this.dropMember(group, member);
      this.afterMemberLoss(group);
    }, member.sessionTimeoutMs));
  }

  private expirePending(group: Group, memberId: string): void {
    if (!group.pending.delete(memberId)) return;
    this.maybeCompleteJoin(group);
  }

  /** Handles an OffsetCommit; returns the error code for all its partitions. */
  commitOffsets(groupId: string, generationId: number, memberId: string, offsets: readonly JournaledOffset[]): number {
    if (groupId === '') return ErrorCode.INVALID_GROUP_ID;
    const group = this.getOrCreate(groupId);
    if (generationId >= 0 || memberId !== '') {
      const member = group.members.get(memberId);
      if (member === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
      if (generationId !== group.generation) return ErrorCode.ILLEGAL_GENERATION;
      if (group.state === 'CompletingRebalance') return ErrorCode.REBALANCE_IN_PROGRESS;
      this.touch(group, member);
    } else if (group.members.size > 0) {
      return ErrorCode.UNKNOWN_MEMBER_ID;
    }
    this.storeOffsets(group, offsets);
    return ErrorCode.NONE;
  }

  /** Stores offsets without membership checks (transaction commits, journal replay). */
  storeOffsets(group: Group | string, offsets: readonly JournaledOffset[]): void {
    const target = typeof group === 'string' ? this.getOrCreate(group) : group;
    target.commit(offsets);
    this.journal?.record({ e: 'offsets', group: target.id, offsets });
  }

  /** Deletes an empty group with its offsets; returns the error code. */
  deleteGroup(groupId: string): number {
    const group = this.groups.get(groupId);
    if (group === undefined) return ErrorCode.GROUP_ID_NOT_FOUND;
    if (group.members.size > 0 || group.pending.size > 0) return ErrorCode.NON_EMPTY_GROUP;
    this.groups.delete(groupId);
    this.journal?.record({ e: 'deleteGroup', group: groupId });
    return ErrorCode.NONE;
  }

  /** Rebuilds committed offsets from the journal. */
  replay(event: JournalEvent): void {
    if (event.e === 'offsets') this.getOrCreate(event.group).commit(event.offsets);
    else if (event.e === 'deleteGroup') this.groups.delete(event.group);
  }

  /** Journal events that recreate the committed offsets of every group. */
  snapshot(): JournalEvent[] {
    const events: JournalEvent[] = [];
    for (const group of this.groups.values()) {
      const offsets: JournaledOffset[] = [];
      for (const [topic, byPartition] of group.committed) {
        for (const [partition, c] of byPartition) offsets.push([topic, partition, c.offset, c.metadata]);
      }
      if (offsets.length > 0) events.push({ e: 'offsets', group: group.id, offsets });
    }
    return events;
  }

  /** Stops every timer and answers every waiting member (broker shutdown). */
  close(): void {
    for (const group of this.groups.values()) {
      if (group.rebalanceTimer !== undefined) clearTimeout(group.rebalanceTimer);
      for (const timer of group.pending.values()) clearTimeout(timer);
      for (const m of group.members.values()) {
        if (m.sessionTimer !== undefined) clearTimeout(m.sessionTimer);
        m.joinWaiter?.(failedJoin(ErrorCode.COORDINATOR_NOT_AVAILABLE, m.id));
        m.syncWaiter?.(ErrorCode.COORDINATOR_NOT_AVAILABLE, EMPTY);
      }
    }
  }
}
