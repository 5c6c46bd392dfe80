import { describe, expect, it } from 'vitest';
import { GroupCoordinator, type JoinRequest } from '../../lib/broker/groups/groupCoordinator.js';
import type { JoinOutcome } from '../../lib/broker/groups/group.js';
import { ProducerWindow } from '../../lib/broker/log/producerWindow.js';
import { TopicRegistry } from '../../lib/broker/log/topicRegistry.js';
import { ErrorCode } from '../../lib/broker/protocol/errorCodes.js';
import { TransactionCoordinator } from '../../lib/broker/txn/transactionCoordinator.js';

const quiet = (): void => {};

function coordinator(initialRebalanceDelayMs = 0): GroupCoordinator {
  return new GroupCoordinator({ minSessionTimeoutMs: 10, maxSessionTimeoutMs: 60_000, initialRebalanceDelayMs, log: quiet }, undefined);
}

function joinRequest(memberId: string, overrides: Partial<JoinRequest> = {}): JoinRequest {
  return {
    groupId: 'g', memberId, groupInstanceId: null, sessionTimeoutMs: 5000, rebalanceTimeoutMs: 200, protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: Buffer.from(memberId) }], clientId: 'c', clientHost: 'h', requireKnownMemberId: false, ...overrides,
  };
}

describe('group coordinator', () => {
  it('asks new v4+ members to rejoin with an assigned id', async () => {
    const groups = coordinator();
    const first = (await groups.join(joinRequest('', { requireKnownMemberId: true }))) as JoinOutcome;
    expect(first.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
    expect(first.memberId).toMatch(/^c-/);
    const joined = await groups.join(joinRequest(first.memberId, { requireKnownMemberId: true }));
    expect(joined).toMatchObject({ errorCode: 0, generationId: 1, leader: first.memberId, memberId: first.memberId });
    groups.close();
  });

  it('evicts a member that does not rejoin within the rebalance timeout', async () => {
    const groups = coordinator();
    const a = await groups.join(joinRequest(''));
    const b = groups.join(joinRequest(''));
    const started = Date.now();
    const outcome = await b;
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(outcome).toMatchObject({ errorCode: 0, generationId: 2 });
    expect(outcome.members.map((m) => m.memberId)).toEqual([outcome.memberId]);
    expect(groups.heartbeat('g', 2, a.memberId)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    groups.close();
  });

  it('holds followers in SyncGroup until the leader assigns, and interrupts them on a new rebalance', async () => {
    const groups = coordinator();
    const leaderJoin = await groups.join(joinRequest(''));
    const followerJoinPending = groups.join(joinRequest(''));
    expect(groups.heartbeat('g', 1, leaderJoin.memberId)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const leaderRejoin = groups.join(joinRequest(leaderJoin.memberId));
    const [follower, leader] = await Promise.all([followerJoinPending, leaderRejoin]);
    expect(leader.members).toHaveLength(2);
    expect(follower.members).toHaveLength(0);

    const followerSync = groups.sync('g', 2, follower.memberId, []);
    expect(followerSync).toBeInstanceOf(Promise);
    const leaderSync = await groups.sync('g', 2, leader.memberId, [
      { memberId: leader.memberId, assignment: Buffer.from('L') },
      { memberId: follower.memberId, assignment: Buffer.from('F') },
    ]);
    expect(leaderSync.assignment.toString()).toBe('L');
    expect((await followerSync).assignment.toString()).toBe('F');
    expect(groups.get('g')?.state).toBe('Stable');

    expect(groups.commitOffsets('g', 1, leader.memberId, [['t', 0, 5, null]])).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(groups.commitOffsets('g', 2, 'stranger', [['t', 0, 5, null]])).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(groups.commitOffsets('g', -1, '', [['t', 0, 5, null]])).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(groups.commitOffsets('g', 2, leader.memberId, [['t', 0, 5, 'meta']])).toBe(ErrorCode.NONE);
    expect(groups.get('g')?.committed.get('t')?.get(0)).toEqual({ offset: 5, metadata: 'meta' });

    const third = groups.join(joinRequest(''));
    expect(groups.sync('g', 2, follower.memberId, [])).toEqual({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: Buffer.alloc(0) });
    expect(groups.leave('g', leader.memberId)).toBe(ErrorCode.NONE);
    expect(groups.leave('g', follower.memberId)).toBe(ErrorCode.NONE);
    expect((await third).members).toHaveLength(1);
    expect(groups.deleteGroup('g')).toBe(ErrorCode.NON_EMPTY_GROUP);
    groups.close();
  });

  it('batches the first joins of an empty group during the initial rebalance delay', async () => {
    const groups = coordinator(150);
    const started = Date.now();
    const [a, b] = await Promise.all([groups.join(joinRequest('')), groups.join(joinRequest(''))]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect([a.generationId, b.generationId]).toEqual([1, 1]);
    expect([a.members.length + b.members.length]).toEqual([2]);
    groups.close();
  });

  it('rejects bad session timeouts and protocols no member shares', async () => {
    const groups = coordinator();
    expect(groups.join(joinRequest('', { sessionTimeoutMs: 1 }))).toMatchObject({ errorCode: ErrorCode.INVALID_SESSION_TIMEOUT });
    await groups.join(joinRequest(''));
    expect(groups.join(joinRequest('', { protocols: [{ name: 'roundrobin', metadata: Buffer.alloc(0) }] }))).toMatchObject({ errorCode: ErrorCode.INCONSISTENT_GROUP_PROTOCOL });
    groups.close();
  });
});

describe('producer window (idempotence)', () => {
  it('accepts the next sequence, answers duplicates with their offset, refuses gaps and old epochs', () => {
    const window = new ProducerWindow();
    expect(window.check(7, 0, 0, 4)).toEqual({ kind: 'append' });
    window.record(7, 0, 0, 4, 100);
    window.record(7, 0, 5, 4, 105);
    expect(window.check(7, 0, 0, 4)).toEqual({ kind: 'duplicate', baseOffset: 100 });
    expect(window.check(7, 0, 10, 0)).toEqual({ kind: 'append' });
    expect(window.check(7, 0, 12, 0)).toEqual({ kind: 'reject', errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER });
    expect(window.check(7, 1, 3, 0)).toEqual({ kind: 'reject', errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER });
    expect(window.check(7, 1, 0, 0)).toEqual({ kind: 'append' });
    window.record(7, 1, 0, 0, 110);
    expect(window.check(7, 0, 10, 0)).toEqual({ kind: 'reject', errorCode: ErrorCode.INVALID_PRODUCER_EPOCH });
    expect(window.check(-1, 0, 0, 0)).toEqual({ kind: 'append' });
  });

  it('wraps sequences at 2^31-1 and forgets batches older than the last five', () => {
    const window = new ProducerWindow();
    window.record(1, 0, 0x7ffffffe, 1, 0);
    expect(window.check(1, 0, 0, 0)).toEqual({ kind: 'append' });
    const w2 = new ProducerWindow();
    for (let i = 0; i < 6; i++) w2.record(2, 0, i, 0, i);
    expect(w2.check(2, 0, 1, 0)).toEqual({ kind: 'duplicate', baseOffset: 1 });
    expect(w2.check(2, 0, 0, 0)).toEqual({ kind: 'reject', errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER });
  });
});

describe('transaction coordinator', () => {
  function setup(): { txns: TransactionCoordinator; groups: GroupCoordinator; topics: TopicRegistry } {
    const topics = new TopicRegistry(() => {});
    topics.create('t', 2, new Map());
    const groups = coordinator();
    const txns = new TransactionCoordinator({ maxTimeoutMs: 60_000, log: quiet }, topics, groups, undefined);
    return { txns, groups, topics };
  }

  it('stages offsets until commit, drops them on abort, and treats a retried EndTxn as success', () => {
    const { txns, groups, topics } = setup();
    const { producerId, producerEpoch } = txns.initProducerId('tx', 10_000);
    expect(txns.addPartitions('tx', producerId, producerEpoch, [['t', 0], ['nope', 0]])).toEqual([55, 3]);
    expect(txns.addPartitions('tx', producerId, producerEpoch, [['t', 0]])).toEqual([0]);
    expect(txns.stageOffsets('tx', 'g', producerId, producerEpoch, [['in', 0, 9, null]])).toBe(ErrorCode.INVALID_TXN_STATE);
    expect(txns.addOffsets('tx', producerId, producerEpoch, 'g')).toBe(0);
    expect(txns.stageOffsets('tx', 'g', producerId, producerEpoch, [['in', 0, 9, null]])).toBe(0);
    expect(groups.get('g')?.committed.get('in')).toBeUndefined();
    expect(txns.endTransaction('tx', producerId, producerEpoch, true)).toBe(0);
    expect(groups.get('g')?.committed.get('in')?.get(0)?.offset).toBe(9);
    expect(topics.partition('t', 0)?.highWatermark).toBe(1);
    expect(txns.endTransaction('tx', producerId, producerEpoch, true)).toBe(0);
    expect(txns.endTransaction('tx', producerId, producerEpoch, false)).toBe(ErrorCode.INVALID_TXN_STATE);

    txns.addOffsets('tx', producerId, producerEpoch, 'g');
    txns.stageOffsets('tx', 'g', producerId, producerEpoch, [['in', 0, 20, null]]);
    expect(txns.endTransaction('tx', producerId, producerEpoch, false)).toBe(0);
    expect(groups.get('g')?.committed.get('in')?.get(0)?.offset).toBe(9);
    txns.close();
    groups.close();
  });

  it('fences older epochs, checks produce against the open transaction, and validates timeouts', () => {
    const { txns, groups, topics } = setup();
    const first = txns.initProducerId('tx', 10_000);
    txns.addPartitions('tx', first.producerId, first.producerEpoch, [['t', 1]]);
    expect(txns.checkProduce(first.producerId, first.producerEpoch, 't', 1, true)).toBe(0);
    expect(txns.checkProduce(first.producerId, first.producerEpoch, 't', 0, true)).toBe(ErrorCode.INVALID_TXN_STATE);
    const second = txns.initProducerId('tx', 10_000);
    expect(second).toMatchObject({ producerId: first.producerId, producerEpoch: first.producerEpoch + 1 });
    expect(topics.partition('t', 1)?.highWatermark).toBe(1);
    expect(txns.checkProduce(first.producerId, first.producerEpoch, 't', 1, true)).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
    expect(txns.endTransaction('tx', first.producerId, first.producerEpoch, true)).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
    expect(txns.endTransaction('other', first.producerId, 0, true)).toBe(ErrorCode.INVALID_PRODUCER_ID_MAPPING);
    expect(txns.initProducerId('tx', 60_001)).toMatchObject({ errorCode: ErrorCode.INVALID_TRANSACTION_TIMEOUT });
    const idempotent = txns.initProducerId(null, 0);
    expect(idempotent.producerId).not.toBe(first.producerId);
    expect(txns.checkProduce(idempotent.producerId, 0, 't', 0, false)).toBe(0);
    txns.close();
    groups.close();
  });
});
