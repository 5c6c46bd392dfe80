import type { JournaledOffset } from '../storage/journalEvents.js';

/** The classic consumer-group states. */
export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable';

/** A protocol a member supports, with its opaque metadata. */
export interface MemberProtocol {
  readonly name: string;
  readonly metadata: Buffer;
}

/** The answer a JoinGroup waiter receives when the join barrier completes. */
export interface JoinOutcome {
  readonly errorCode: number;
  readonly generationId: number;
  readonly protocolName: string;
  readonly leader: string;
  readonly memberId: string;
  readonly members: readonly { memberId: string; groupInstanceId: string | null; metadata: Buffer }[];
}

/** A member of a group. */
export interface Member {
  readonly id: string;
  readonly clientId: string;
  readonly clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocols: readonly MemberProtocol[];
  assignment: Buffer;
  joinWaiter: ((outcome: JoinOutcome) => void) | undefined;
  syncWaiter: ((errorCode: number, assignment: Buffer) => void) | undefined;
  sessionTimer: NodeJS.Timeout | undefined;
}

/** A committed offset. */
export interface CommittedOffset {
  readonly offset: number;
  readonly metadata: string | null;
}

/** A consumer group: membership, generation, chosen protocol and committed offsets. */
export class Group {
  state: GroupState = 'Empty';
  generation = 0;
  protocolType = '';
  protocolName = '';
  leaderId = '';
  readonly members = new Map<string, Member>();
  /** Members told MEMBER_ID_REQUIRED that have not rejoined yet, with their expiry timers. */
  readonly pending = new Map<string, NodeJS.Timeout>();
  rebalanceTimer: NodeJS.Timeout | undefined;
  /** Set while the initial rebalance delay of an empty group runs. */
  initialDelayActive = false;
  /** Committed offsets by topic, then partition. */
  readonly committed = new Map<string, Map<number, CommittedOffset>>();

  constructor(readonly id: string) {}

  /** Stores committed offsets. */
  commit(offsets: readonly JournaledOffset[]): void {
    for (const [topic, partition, offset, metadata] of offsets) {
      let byPartition = this.committed.get(topic);
      if (byPartition === undefined) {
        byPartition = new Map();
        this.committed.set(topic, byPartition);
      }
      byPartition.set(partition, { offset, metadata });
    }
  }

  /** The metadata a member gave for the group's chosen protocol. */
  metadataOf(member: Member): Buffer {
    return member.protocols.find((p) => p.name === this.protocolName)?.metadata ?? Buffer.alloc(0);
  }

  /** Whether `memberId` (new or rejoining) with these protocols shares a protocol with every other member. */
  acceptsProtocols(memberId: string, protocolType: string, candidate: readonly MemberProtocol[]): boolean {
    const others = [...this.members.values()].filter((m) => m.id !== memberId);
    if (others.length === 0) return true;
    if (protocolType !== this.protocolType) return false;
    return candidate.some((p) => others.every((m) => m.protocols.some((q) => q.name === p.name)));
  }

  /** Picks the protocol by vote: each member votes for its first protocol supported by all. */
  chooseProtocol(): string {
    const members = [...this.members.values()];
    const common = (members[0]?.protocols ?? []).map((p) => p.name).filter((name) => members.every((m) => m.protocols.some((p) => p.name === name)));
    const votes = new Map<string, number>();
    for (const m of members) {
      const choice = m.protocols.find((p) => common.includes(p.name))?.name;
      if (choice !== undefined) votes.set(choice, (votes.get(choice) ?? 0) + 1);
    }
    let best = common[0] ?? '';
    for (const name of common) if ((votes.get(name) ?? 0) > (votes.get(best) ?? 0)) best = name;
    return best;
  }
}
