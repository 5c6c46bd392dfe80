import { describe, expect, it } from 'vitest';
import { MemorySnapshotStore } from '../../operators/internal/snapshots.js';
import type { CheckpointableSource } from '../../lib/connectors/checkpointableSource.js';
import { BarrierInjector } from '../../lib/runtime/barrierInjector.js';
import { CheckpointCoordinator } from '../../lib/runtime/checkpoint/checkpointCoordinator.js';
import type { CheckpointStore, StoredCheckpoint } from '../../lib/runtime/checkpoint/checkpointStore.js';
import { schemaOf } from '../../lib/types/schema.js';

/** A source whose position is a counter the test moves. */
function countingSource(): CheckpointableSource & { at: number } {
  return {
    at: 0,
    schema: schemaOf([]),
    bounded: false,
    batches: async function* () {},
    close: async () => undefined,
    checkpointPosition() {
      return this.at;
    },
    seek() {},
  };
}

function memoryStore(): CheckpointStore & { saved: StoredCheckpoint[] } {
  const saved: StoredCheckpoint[] = [];
  return { location: 'memory', saved, load: async () => saved.at(-1), save: async (c) => void saved.push(c) };
}

describe('the checkpoint coordinator', () => {
  it("stores each checkpoint's source positions (as the barrier left each source) with the operators' snapshots of its epoch", async () => {
    const store = memoryStore();
    const source = countingSource();
    const snapshots = new MemorySnapshotStore();
    let rows = 0;
    const coordinator = new CheckpointCoordinator(store, new BarrierInjector(), snapshots, { name: 'j', plan: 'p', sources: new Map([['s', source]]), rowsWritten: () => rows }, 0);
    source.at = 5;
    coordinator.sourceReached('s', 1);
    source.at = 9; // read on after the barrier: not part of checkpoint 1
    snapshots.put({ operatorId: 'op#2', epoch: 1, watermark: 3, tables: { t: [1] } });
    rows = 4;
    await coordinator.complete(1);
    expect(store.saved).toEqual([{ job: 'j', epoch: 1, plan: 'p', sources: { s: 5 }, operators: [{ operatorId: 'op#2', epoch: 1, watermark: 3, tables: { t: [1] } }] }]);
    expect(snapshots.epochs('op#2')).toEqual([]);
    expect(coordinator.completed).toBe(1);
  });

  it('does not store a checkpoint again when nothing was written and no source moved (an idle job), but stores the final one', async () => {
    const store = memoryStore();
    const source = countingSource();
    let rows = 0;
    const coordinator = new CheckpointCoordinator(store, new BarrierInjector(), new MemorySnapshotStore(), { name: 'j', plan: 'p', sources: new Map([['s', source]]), rowsWritten: () => rows }, 0);
    source.at = 3;
    coordinator.sourceReached('s', 1);
    await coordinator.complete(1);
    coordinator.sourceReached('s', 2);
    await coordinator.complete(2);
    expect(store.saved.map((c) => c.epoch)).toEqual([1]);
    expect(coordinator.completed).toBe(2);
    rows = 1; // an idle-timeout watermark closed a window: output without input
    coordinator.sourceReached('s', 3);
    await coordinator.complete(3);
    await coordinator.completeFinal(4);
    expect(store.saved.map((c) => [c.epoch, c.operators.length])).toEqual([[1, 0], [3, 0], [4, 0]]);
  });

  it('triggers barriers at its interval only once the previous checkpoint completed', async () => {
    const barriers = new BarrierInjector(7);
    const coordinator = new CheckpointCoordinator(memoryStore(), barriers, new MemorySnapshotStore(), { name: 'j', plan: 'p', sources: new Map(), rowsWritten: () => 0 }, 7);
    const stop = coordinator.every(5);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(barriers.epoch).toBe(8);
    await coordinator.complete(8);
    await new Promise((resolve) => setTimeout(resolve, 40));
    stop();
    expect(barriers.epoch).toBe(9);
  });
});
