import { MemorySnapshotStore, type SnapshotSink } from '../../operators/internal/snapshots.js';
import type { LiveStatefulOperator, OperatorStateContext, PendingOutput } from '../../operators/internal/statefulOperator.js';

/** What a stopped job did not emit: open windows and their rows, summed over its operators. */
export interface Unemitted extends PendingOutput {
  /** The ids of the operators that held something. */
  readonly operators: readonly string[];
}

/** What a running job's stateful operators hold: the sums, and each operator's own (by physical node id). */
export interface HeldState extends PendingOutput {
  readonly byOperator: ReadonlyMap<string, PendingOutput>;
}

/**
 * The state side of one job: the snapshot sink its stateful operators write to at barriers,
 * and what they do at the end of their input. By default the end of input flushes every open
 * window; after {@link keepOpenState} (a stop without drain) the operators keep their state
 * unemitted and {@link unemitted} says how much that was.
 */
export class JobOperatorState {
  private endMode: 'flush' | 'keep' = 'flush';
  private readonly kept = new Map<string, PendingOutput>();
  private readonly live = new Map<string, LiveStatefulOperator>();

  /** @param snapshots where operators hand their snapshots (in memory until checkpoints are stored). */
  constructor(readonly snapshots: SnapshotSink = new MemorySnapshotStore()) {}

  /** The context of the stateful operator of physical node `id`. */
  contextOf(id: string): OperatorStateContext {
    return { id, snapshots: this.snapshots, atEnd: (operator) => this.atEnd(operator), started: (operator) => this.live.set(operator.id, operator) };
  }

  /** What the running operators hold now (open windows and the rows they would give): summed, and per operator id. */
  held(): HeldState {
    let windows = 0;
    let rows = 0;
    const byOperator = new Map<string, PendingOutput>();
    for (const operator of this.live.values()) {
      const pending = operator.pending();
      windows += pending.windows;
      rows += pending.rows;
      byOperator.set(operator.id, pending);
    }
    return { windows, rows, byOperator };
  }

  /** From now on, an operator whose input ends keeps its open windows instead of emitting them. */
  keepOpenState(): void {
    this.endMode = 'keep';
  }

  /** What the operators kept unemitted at the end of their input. */
  unemitted(): Unemitted {
    let windows = 0;
    let rows = 0;
    const operators: string[] = [];
    for (const [id, pending] of this.kept) {
      if (pending.windows === 0 && pending.rows === 0) continue;
      windows += pending.windows;
      rows += pending.rows;
      operators.push(id);
    }
    return { windows, rows, operators };
  }

  private atEnd(operator: LiveStatefulOperator): 'flush' | 'keep' {
    if (this.endMode === 'flush') return 'flush';
    this.kept.set(operator.id, operator.pending());
    return 'keep';
  }
}
