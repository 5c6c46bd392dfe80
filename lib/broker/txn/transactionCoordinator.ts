import { ErrorCode } from '../protocol/errorCodes.js';
import type { GroupCoordinator } from '../groups/groupCoordinator.js';
import type { TopicRegistry } from '../log/topicRegistry.js';
import type { Journal, JournaledOffset, JournaledTransaction, JournalEvent } from '../storage/journalEvents.js';

const MAX_EPOCH = 32767;

/** The coordinator's view of one transactional id. */
interface Transaction {
  readonly id: string;
  producerId: number;
  epoch: number;
  timeoutMs: number;
  ongoing: boolean;
  ending: 'commit' | 'abort' | undefined;
  lastResult: 'commit' | 'abort' | null;
  readonly partitions: Map<string, readonly [string, number]>;
  readonly groups: Set<string>;
  /** Offsets staged by TxnOffsetCommit, by group; committed only with the transaction. */
  readonly staged: Map<string, Map<string, JournaledOffset>>;
  timer: NodeJS.Timeout | undefined;
}

/** A producer identity handed out by InitProducerId. */
export interface ProducerIdentity {
  readonly errorCode: number;
  readonly producerId: number;
  readonly producerEpoch: number;
}

/** Settings the coordinator needs. */
export interface TransactionSettings {
  readonly maxTimeoutMs: number;
  readonly log: (line: string) => void;
}

function partitionKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

/**
 * Producer ids, epochs and transactions. Transactions complete synchronously: EndTxn writes
 * the markers to every partition, moves the LSO and commits staged offsets before answering.
 */
export class TransactionCoordinator {
  private readonly byId = new Map<string, Transaction>();
  private readonly byProducerId = new Map<number, Transaction>();
  private nextProducerId = 1000;

  constructor(
    private readonly settings: TransactionSettings,
    private readonly topics: TopicRegistry,
    private readonly groups: GroupCoordinator,
    private readonly journal: Journal | undefined,
  ) {}

  private allocateProducerId(): number {
    const id = this.nextProducerId++;
    this.journal?.record({ e: 'producerIds', next: this.nextProducerId });
    return id;
  }

  /** InitProducerId: a fresh idempotent id, or the transactional id's next epoch (fencing the old one). */
  initProducerId(transactionalId: string | null, timeoutMs: number): ProducerIdentity {
    if (transactionalId === null) return { errorCode: ErrorCode.NONE, producerId: this.allocateProducerId(), producerEpoch: 0 };
    if (timeoutMs <= 0 || timeoutMs > this.settings.maxTimeoutMs) {
      return { errorCode: ErrorCode.INVALID_TRANSACTION_TIMEOUT, producerId: -1, producerEpoch: -1 };
    }
    let txn = this.byId.get(transactionalId);
    if (txn === undefined) {
      txn = {
        id: transactionalId, producerId: this.allocateProducerId(), epoch: 0, timeoutMs, ongoing: false, ending: undefined, lastResult: null,
        partitions: new Map(), groups: new Set(), staged: new Map(), timer: undefined,
      };
      this.byId.set(transactionalId, txn);
      this.byProducerId.set(txn.producerId, txn);
    } else {
      this.bumpEpoch(txn);
      if (txn.ongoing) this.finish(txn, false);
      txn.timeoutMs = timeoutMs;
      txn.lastResult = null;
    }
    this.persist(txn);
    return { errorCode: ErrorCode.NONE, producerId: txn.producerId, producerEpoch: txn.epoch };
  }

  private bumpEpoch(txn: Transaction): void {
    if (txn.epoch < MAX_EPOCH) {
      txn.epoch++;
      return;
    }
    this.byProducerId.delete(txn.producerId);
    txn.producerId = this.allocateProducerId();
    txn.epoch = 0;
    this.byProducerId.set(txn.producerId, txn);
  }

  private validate(transactionalId: string, producerId: number, epoch: number): Transaction | number {
    const txn = this.byId.get(transactionalId);
    if (txn === undefined || txn.producerId !== producerId) return ErrorCode.INVALID_PRODUCER_ID_MAPPING;
    if (epoch !== txn.epoch) return ErrorCode.INVALID_PRODUCER_EPOCH;
    return txn;
  }

  private begin(txn: Transaction): void {
    if (txn.ongoing) return;
    txn.ongoing = true;
    txn.lastResult = null;
    this.armTimeout(txn);
  }

  /** Aborts `txn` (bumping its epoch) unless it ends within its timeout, counted from now. */
  private armTimeout(txn: Transaction): void {
    const epoch = txn.epoch;
    txn.timer = setTimeout(() => {
      if (!txn.ongoing || txn.epoch !== epoch) return;
      this.settings.log(`transaction ${txn.id}: timed out after ${txn.timeoutMs} ms, aborting`);
      this.bumpEpoch(txn);
      this.finish(txn, false);
      this.persist(txn);
    }, txn.timeoutMs);
    txn.timer.unref();
  }

  /** AddPartitionsToTxn: per-partition error codes, keyed like the request. */
  addPartitions(transactionalId: string, producerId: number, epoch: number, partitions: readonly (readonly [string, number])[]): number[] {
    const txn = this.validate(transactionalId, producerId, epoch);
    if (typeof txn === 'number') return partitions.map(() => txn);
    const unknown = partitions.map(([t, p]) => this.topics.partition(t, p) === undefined);
    if (unknown.some(Boolean)) {
      return unknown.map((u) => (u ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : ErrorCode.OPERATION_NOT_ATTEMPTED));
    }
    this.begin(txn);
    for (const [t, p] of partitions) txn.partitions.set(partitionKey(t, p), [t, p]);
    this.persist(txn);
    return partitions.map(() => ErrorCode.NONE);
  }

  /** AddOffsetsToTxn: the group's offsets will be committed with this transaction. */
  addOffsets(transactionalId: string, producerId: number, epoch: number, groupId: string): number {
    const txn = this.validate(transactionalId, producerId, epoch);
    if (typeof txn === 'number') return txn;
    this.begin(txn);
    txn.groups.add(groupId);
    this.persist(txn);
    return ErrorCode.NONE;
  }

  /** TxnOffsetCommit: stages offsets; returns the error code for all of them. */
  stageOffsets(transactionalId: string, groupId: string, producerId: number, epoch: number, offsets: readonly JournaledOffset[]): number {
    const txn = this.validate(transactionalId, producerId, epoch);
    if (typeof txn === 'number') return txn;
    if (!txn.ongoing || !txn.groups.has(groupId)) return ErrorCode.INVALID_TXN_STATE;
    let staged = txn.staged.get(groupId);
    if (staged === undefined) {
      staged = new Map();
      txn.staged.set(groupId, staged);
    }
    for (const o of offsets) staged.set(partitionKey(o[0], o[1]), o);
    this.persist(txn);
    return ErrorCode.NONE;
  }

  /** EndTxn: writes the markers and commits or drops staged offsets; retries of a finished result succeed. */
  endTransaction(transactionalId: string, producerId: number, epoch: number, commit: boolean): number {
    const txn = this.validate(transactionalId, producerId, epoch);
    if (typeof txn === 'number') return txn;
    const result = commit ? 'commit' : 'abort';
    if (!txn.ongoing) return txn.lastResult === result ? ErrorCode.NONE : ErrorCode.INVALID_TXN_STATE;
    this.finish(txn, commit);
    this.persist(txn);
    return ErrorCode.NONE;
  }

  /**
   * Writes the markers and settles staged offsets. The intent is journaled first, so a crash
   * half-way is completed by {@link resumeAfterRecovery}; `onlyOpen` skips partitions whose
   * marker was already written (recovery).
   */
  private finish(txn: Transaction, commit: boolean, onlyOpen = false): void {
    const now = Date.now();
    txn.ending = commit ? 'commit' : 'abort';
    this.persist(txn);
    for (const [topic, partition] of txn.partitions.values()) {
      const log = this.topics.partition(topic, partition);
      if (log !== undefined && (!onlyOpen || log.hasOpenTransaction(txn.producerId))) {
        log.appendControl(txn.producerId, txn.epoch, commit ? 'commit' : 'abort', now);
      }
    }
    if (commit) for (const [group, offsets] of txn.staged) this.groups.storeOffsets(group, [...offsets.values()]);
    if (txn.timer !== undefined) clearTimeout(txn.timer);
    txn.timer = undefined;
    txn.partitions.clear();
    txn.groups.clear();
    txn.staged.clear();
    txn.ongoing = false;
    txn.ending = undefined;
    txn.lastResult = commit ? 'commit' : 'abort';
  }

  /**
   * After the journal is replayed: finishes transactions whose EndTxn (or abort) was
   * interrupted by a crash, and starts the timeout of those still open (counted from now).
   * Timers start only here, once every event of a transaction is known, so a transaction that
   * was open in an early event and finished in a later one gets none.
   */
  resumeAfterRecovery(): void {
    for (const txn of this.byId.values()) {
      if (txn.ending !== undefined) {
        this.settings.log(`transaction ${txn.id}: completing the ${txn.ending} interrupted by a crash`);
        this.finish(txn, txn.ending === 'commit', true);
        this.persist(txn);
      } else if (txn.ongoing) {
        this.armTimeout(txn);
      }
    }
  }

  /**
   * Checks a produced batch against the coordinator: transactional batches need the current
   * epoch and a partition added to an open transaction; fenced epochs are refused.
   */
  checkProduce(producerId: number, epoch: number, topic: string, partition: number, transactional: boolean): number {
    const txn = this.byProducerId.get(producerId);
    if (txn === undefined) return transactional ? ErrorCode.INVALID_PRODUCER_ID_MAPPING : ErrorCode.NONE;
    if (epoch < txn.epoch) return ErrorCode.INVALID_PRODUCER_EPOCH;
    if (!transactional) return txn.ongoing ? ErrorCode.INVALID_TXN_STATE : ErrorCode.NONE;
    if (epoch !== txn.epoch || !txn.ongoing || !txn.partitions.has(partitionKey(topic, partition))) return ErrorCode.INVALID_TXN_STATE;
    return ErrorCode.NONE;
  }

  private toJournal(txn: Transaction): JournaledTransaction {
    const staged: (readonly [string, JournaledOffset])[] = [];
    for (const [group, offsets] of txn.staged) for (const o of offsets.values()) staged.push([group, o]);
    return {
      id: txn.id, producerId: txn.producerId, epoch: txn.epoch, timeoutMs: txn.timeoutMs, ongoing: txn.ongoing,
      ...(txn.ending === undefined ? {} : { ending: txn.ending }),
      lastResult: txn.lastResult, partitions: [...txn.partitions.values()], groups: [...txn.groups], staged,
    };
  }

  private persist(txn: Transaction): void {
    this.journal?.record({ e: 'txn', txn: this.toJournal(txn) });
  }

  /** Rebuilds producer ids and transactions from the journal; no timer starts (see {@link resumeAfterRecovery}). */
  replay(event: JournalEvent): void {
    if (event.e === 'producerIds') this.nextProducerId = Math.max(this.nextProducerId, event.next);
    if (event.e !== 'txn') return;
    const j = event.txn;
    const previous = this.byId.get(j.id);
    if (previous !== undefined) this.byProducerId.delete(previous.producerId);
    const txn: Transaction = {
      id: j.id, producerId: j.producerId, epoch: j.epoch, timeoutMs: j.timeoutMs, ongoing: j.ongoing, ending: j.ending, lastResult: j.lastResult,
      partitions: new Map(j.partitions.map(([t, p]) => [partitionKey(t, p), [t, p] as const])),
      groups: new Set(j.groups), staged: new Map(), timer: undefined,
    };
    for (const [group, o] of j.staged) {
      let staged = txn.staged.get(group);
      if (staged === undefined) {
        staged = new Map();
        txn.staged.set(group, staged);
      }
      staged.set(partitionKey(o[0], o[1]), o);
    }
    this.byId.set(j.id, txn);
    this.byProducerId.set(txn.producerId, txn);
    this.nextProducerId = Math.max(this.nextProducerId, j.producerId + 1);
  }

  /** Journal events that recreate every transactional id and the producer id counter. */
  snapshot(): JournalEvent[] {
    const events: JournalEvent[] = [{ e: 'producerIds', next: this.nextProducerId }];
    for (const txn of this.byId.values()) events.push({ e: 'txn', txn: this.toJournal(txn) });
    return events;
  }

  /** Stops the transaction timers (broker shutdown). */
  close(): void {
    for (const txn of this.byId.values()) if (txn.timer !== undefined) clearTimeout(txn.timer);
  }
}
