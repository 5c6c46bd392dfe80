import type { ReadPosition, Source } from '../connectors/types.js';
import type { PhysicalNode } from '../plan/physicalPlan.js';

/** Operators that pass each batch on as it arrives, holding no rows back. */
const PASS_THROUGH = new Set<PhysicalNode['operator']>(['source', 'oneRow', 'filterRows', 'projectRows', 'limitRows', 'unionAll', 'assignWatermarks']);

/**
 * Whether every row read reaches the sink in the same turn it is read: no operator holds rows
 * (windows, aggregates, sorts). Then a position taken when a batch reaches the sink covers only
 * rows already handed to the sink.
 */
export function passesRowsThrough(node: PhysicalNode): boolean {
  return PASS_THROUGH.has(node.operator) && node.inputs.every(passesRowsThrough);
}

/** The positions of a job's committing sources at one moment. */
export type JobPosition = ReadonlyArray<readonly [Source, ReadPosition]>;

/**
 * At-least-once delivery (`'mode' = 'simple'`): the read positions of a job's sources are
 * committed only after the sink acknowledged every row read before them. While running (only
 * when rows pass straight through), `everyInterval` takes the positions every `intervalMs`:
 * every batch taken in before then has already reached the sink writer, so once the writes
 * queued so far are done and the sink flushed, `commit` makes them durable; a tail of rows
 * that produced no output (filtered out) is committed too. A job with windows or aggregates
 * commits when it ends, after its final flush: rows held in operator state are not
 * acknowledged.
 */
export class OffsetCommitter {
  private readonly committing: readonly Source[];

  constructor(
    sources: readonly Source[],
    private readonly intervalMs: number,
    private readonly whileRunning: boolean,
    /** Awaited before each commit (the job's dead letters becoming durable). */
    private readonly beforeCommit: () => Promise<void> = async () => undefined,
  ) {
    this.committing = sources.filter((s) => s.readPosition !== undefined && s.commitPosition !== undefined);
  }

  /**
   * Calls `onDue` with the sources' positions every commit interval while the job runs (never
   * when rows are held by operators, or no source commits); returns the function that stops it.
   */
  everyInterval(onDue: (position: JobPosition) => void): () => void {
    if (!this.whileRunning || this.committing.length === 0) return () => undefined;
    const timer = setInterval(() => onDue(this.mark()), this.intervalMs);
    return () => clearInterval(timer);
  }

  /** The sources' positions now. */
  mark(): JobPosition {
    return this.committing.map((source) => [source, source.readPosition!()] as const);
  }

  /** Commits positions taken by `everyInterval` or `mark` (the sink has acknowledged the rows before them). */
  async commit(position: JobPosition): Promise<void> {
    await this.beforeCommit();
    await Promise.all(position.map(([source, read]) => source.commitPosition!(read)));
  }
}
