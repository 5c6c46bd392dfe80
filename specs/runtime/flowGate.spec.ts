import { describe, expect, it } from 'vitest';
import { FlowGate } from '../../lib/runtime/flowGate.js';

describe('FlowGate', () => {
  it('gives no credit while paused, even with room, and wakes the waiting source on resume', async () => {
    const gate = new FlowGate(2);
    expect(gate.whenOpen()).toBeUndefined();
    gate.pause();
    let woken = false;
    void gate.whenOpen()!.then(() => (woken = true));
    gate.take();
    gate.give();
    await Promise.resolve();
    expect(woken).toBe(false);
    gate.resume();
    await Promise.resolve();
    expect(woken).toBe(true);
    expect(gate.whenOpen()).toBeUndefined();
  });

  it('stays closed after a resume while the sink holds every credit', () => {
    const gate = new FlowGate(1);
    gate.take();
    gate.pause();
    gate.resume();
    expect(gate.whenOpen()).toBeInstanceOf(Promise);
  });
});
