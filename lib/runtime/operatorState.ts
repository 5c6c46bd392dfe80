import { MemorySnapshotStore, type OperatorSnapshot, type SnapshotSink } from '../../operators/internal/snapshots.js';
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
 * unemitted and {@link unemitted} says how much that was. A job resumed from a checkpoint
 * gives each operator its snapshot.
 */
export class JobOperatorState {
  private endMode: 'flush' | 'keep' = 'flush';
  private readonly kept = new Map<string, PendingOutput>();
  private readonly live = new Map<string, LiveStatefulOperator>();

  /**
   * @param snapshots where operators hand their snapshots (in memory until a checkpoint stores them)
   * @param restored the snapshots of the checkpoint the job resumes from, by operator id
   */
  constructor(
    readonly snapshots: SnapshotSink = new MemorySnapshotStore(),
    private readonly restored: ReadonlyMap<string, OperatorSnapshot> = new Map(),
  ) {}

  /** Whether an operator kept its state at the end of its input (a stop without drain reached it before its input ended by itself). */
  get keptState(): boolean {
    return this.kept.size > 0;
  }

  /** The context of the stateful operator of physical node `id` (starting from its restored snapshot, if any). */
  contextOf(id: string): OperatorStateContext {
    const restore = this.restored.get(id);
    const context: OperatorStateContext = { id, snapshots: this.snapshots, atEnd: (operator) => this.atEnd(operator), started: (operator) => this.live.set(operator.id, operator) };
    return restore === undefined ? context : { ...context, restore };
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
