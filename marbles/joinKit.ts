import { Subject, type Observable } from 'rxjs';
import { expect } from 'vitest';
import { MemorySnapshotStore, type OperatorSnapshot } from '../operators/internal/snapshots.js';
import type { OperatorStateContext } from '../operators/internal/statefulOperator.js';
import type { Message } from '../lib/types/message.js';

/** A two-input operator under test for a given state context. */
export type JoinUnderTest = (left: Observable<Message>, right: Observable<Message>, state: OperatorStateContext) => Observable<Message>;

/** A message on one input: 0 the left (the stream), 1 the right. */
export type SideMessage = readonly [0 | 1, Message];

const ID = 'join#1';

function run(make: JoinUnderTest, state: OperatorStateContext, input: readonly SideMessage[], complete: boolean): Message[] {
  const out: Message[] = [];
  const inputs = [new Subject<Message>(), new Subject<Message>()] as const;
  const subscription = make(inputs[0], inputs[1], state).subscribe({ next: (m) => out.push(m), error: (e: unknown) => out.push({ kind: 'data', rows: [['error', String(e)]] }) });
  for (const [side, message] of input) inputs[side].next(message);
  if (complete) inputs.forEach((s) => s.complete());
  subscription.unsubscribe();
  return out;
}

/**
 * The restore property of a two-input operator: `before`, then barrier `epoch` on both inputs,
 * a stop there, and `after` fed to a new operator restored from that barrier's snapshot give,
 * joined, the output of one uninterrupted run. Returns the snapshot.
 */
export function expectJoinRestoreEquivalence(make: JoinUnderTest, before: readonly SideMessage[], after: readonly SideMessage[], epoch = 1): OperatorSnapshot {
  const barrier: Message = { kind: 'barrier', epoch };
  const both: SideMessage[] = [[0, barrier], [1, barrier]];
  const uninterrupted = run(make, { id: ID, snapshots: new MemorySnapshotStore() }, [...before, ...both, ...after], true);
  const store = new MemorySnapshotStore();
  const first = run(make, { id: ID, snapshots: store }, [...before, ...both], false);
  const snapshot = store.get(ID, epoch);
  const second = run(make, { id: ID, snapshots: new MemorySnapshotStore(), restore: snapshot }, after, true);
  expect([...first, ...second]).toStrictEqual(uninterrupted);
  return snapshot;
}
