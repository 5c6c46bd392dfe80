import { describe, expect, it } from 'vitest';
import { SINK_TRANSACTION_TRANSITIONS, SinkTransaction, type SinkTransactionEvent, type SinkTransactionState } from '../../lib/connectors/transactionalSink.js';

const STATES: readonly SinkTransactionState[] = ['ready', 'transacting', 'prepared', 'closed'];
const EVENTS: readonly SinkTransactionEvent[] = ['begin', 'write', 'preCommit', 'commit', 'abort', 'close'];

/** A machine driven into `state` through valid events. */
function machineIn(state: SinkTransactionState): SinkTransaction {
  const machine = new SinkTransaction('out');
  const path: Record<SinkTransactionState, SinkTransactionEvent[]> = {
    ready: [],
    transacting: ['begin'],
    prepared: ['begin', 'preCommit'],
    closed: ['close'],
  };
  for (const event of path[state]) machine.apply(event, 1);
  return machine;
}

describe('sink transaction state machine', () => {
  it('follows the table of valid transitions', () => {
    expect(SINK_TRANSACTION_TRANSITIONS).toEqual({
      ready: { begin: 'transacting', close: 'closed' },
      transacting: { write: 'transacting', preCommit: 'prepared', abort: 'ready' },
      prepared: { commit: 'ready', abort: 'ready' },
      closed: {},
    });
  });

  it.each(STATES.flatMap((state) => EVENTS.map((event) => [state, event] as const)))('from %s on %s: the table says what happens', (state, event) => {
    const machine = machineIn(state);
    const next = SINK_TRANSACTION_TRANSITIONS[state][event];
    if (next === undefined) {
      expect(() => machine.apply(event, 1)).toThrow(new RegExp(`sink out: cannot ${event} epoch 1 in state '${state}'; valid here: `));
      expect(machine.state).toBe(state);
    } else {
      expect(machine.apply(event, 1)).toBe(next);
    }
  });

  it('runs a whole epoch: begin, writes, preCommit, commit, then the next epoch', () => {
    const machine = new SinkTransaction('out');
    machine.apply('begin', 1);
    machine.apply('write');
    machine.apply('preCommit', 1);
    expect(machine.epoch).toBe(1);
    machine.apply('commit', 1);
    expect(machine.state).toBe('ready');
    expect(machine.epoch).toBeUndefined();
    machine.apply('begin', 2);
    expect(machine.epoch).toBe(2);
  });

  it('refuses to commit another epoch than the prepared one', () => {
    const machine = new SinkTransaction('out');
    machine.apply('begin', 1);
    machine.apply('preCommit', 1);
    expect(() => machine.apply('commit', 2)).toThrow('sink out: cannot commit epoch 2: the open transaction is epoch 1');
  });
});
