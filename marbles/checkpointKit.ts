import { Subject, type OperatorFunction } from 'rxjs';
import { expect } from 'vitest';
import { MemorySnapshotStore, type OperatorSnapshot, type SnapshotSink } from '../operators/internal/snapshots.js';
import type { OperatorStateContext } from '../operators/internal/statefulOperator.js';
import type { Message } from '../lib/types/message.js';

/** Builds a stateful operator under test for a given state context. */
export type OperatorUnderTest = (state: OperatorStateContext) => OperatorFunction<Message, Message>;

const ID = 'op#1';

/** Feeds messages into the operator synchronously; completes the input when `complete`. */
function run(make: OperatorUnderTest, state: OperatorStateContext, input: readonly Message[], complete: boolean): Message[] {
  const out: Message[] = [];
  const subject = new Subject<Message>();
  const subscription = subject.pipe(make(state)).subscribe({ next: (m) => out.push(m), error: (e: unknown) => out.push({ kind: 'data', rows: [['error', String(e)]] }) });
  for (const message of input) subject.next(message);
  if (complete) subject.complete();
  subscription.unsubscribe();
  return out;
}

/**
 * The restore property of a stateful operator: running `before`, then barrier `epoch`,
 * stopping there (as a crash would: no completion), and feeding `after` to a NEW operator
 * restored from the snapshot of that barrier gives, joined, the output of one uninterrupted
 * run over `before`, the barrier and `after`. Returns the snapshot taken.
 */
export function expectRestoreEquivalence(make: OperatorUnderTest, before: readonly Message[], after: readonly Message[], epoch = 1): OperatorSnapshot {
  const barrier: Message = { kind: 'barrier', epoch };
  const uninterrupted = run(make, { id: ID, snapshots: new MemorySnapshotStore() }, [...before, barrier, ...after], true);
  const store = new MemorySnapshotStore();
  const first = run(make, { id: ID, snapshots: store }, [...before, barrier], false);
  const snapshot = store.get(ID, epoch);
  const second = run(make, { id: ID, snapshots: new MemorySnapshotStore(), restore: snapshot }, after, true);
  expect([...first, ...second]).toStrictEqual(uninterrupted);
  return snapshot;
}

/**
 * Proves the barrier is forwarded only after the snapshot of its epoch reached the sink: both
 * events go to one log, in the order they happen. Returns the log and the output.
 */
export function snapshotOrder(make: OperatorUnderTest, input: readonly Message[]): { log: string[]; out: Message[] } {
  const log: string[] = [];
  const sink: SnapshotSink = { put: (s) => void log.push(`snapshot ${s.epoch}: ${Object.keys(s.tables).join(', ')}`) };
  const out: Message[] = [];
  const subject = new Subject<Message>();
  subject.pipe(make({ id: ID, snapshots: sink })).subscribe((m) => {
    out.push(m);
    if (m.kind === 'barrier') log.push(`barrier ${m.epoch}`);
  });
  for (const message of input) subject.next(message);
  subject.complete();
  return { log, out };
}
