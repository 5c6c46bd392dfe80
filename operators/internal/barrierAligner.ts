import { FerrisError } from '../../lib/types/errors.js';
import type { DataMessage, Message } from '../../lib/types/message.js';
import { WatermarkCombiner } from './watermarkCombiner.js';

/** Where an aligner's output goes. */
export interface AlignedOutput {
  /** A data batch of input `input`, in the epoch of everything emitted with it. */
  data(input: number, message: DataMessage): void;
  /** The combined watermark advanced. */
  watermark(ts: number): void;
  /** Every live input has delivered barrier `epoch`: the epoch is closed. */
  barrier(epoch: number): void;
  /** Every input has ended. */
  complete(): void;
  /** Input `input` delivered watermark `ts`, in its epoch (before the combined watermark is reported); for operators that tell their inputs' times apart (joins). */
  inputWatermark?(input: number, ts: number): void;
  /** Input `input` ended, in its epoch (before the combined watermark is reported). */
  inputEnded?(input: number): void;
}

/** What an input has delivered after its barrier, held until the barrier is aligned. */
type Held = Message | 'end';

/**
 * Aligns checkpoint barriers across the inputs of a multi-input operator (union, joins), as
 * Flink's aligned checkpoints and Arroyo's `CheckpointCounter` do: an input that delivered
 * barrier n is blocked (its later messages are buffered) until every live input has
 * delivered n; then barrier n goes out once and the buffered messages are replayed. So no
 * row crosses an epoch. An input that has ended no longer counts; watermarks are combined as
 * the minimum over live inputs (one {@link WatermarkCombiner}). Barriers must arrive in the
 * same order on every input; anything else is an error naming both epochs.
 *
 * ```text
 * a:       -x-B-y---|          B = barrier 1
 * b:       ---z---B-|
 * aligned: -x-z---(By)-|        y waits behind a's barrier until b delivers it
 * ```
 */
export class BarrierAligner {
  private readonly watermarks: WatermarkCombiner;
  /** Per input: buffered messages while it is blocked; undefined while it flows. */
  private readonly held: (Held[] | undefined)[];
  private readonly ended: boolean[];
  private aligning: number | undefined;
  private endedCount = 0;
  private completed = false;

  constructor(
    private readonly inputs: number,
    private readonly out: AlignedOutput,
  ) {
    this.watermarks = new WatermarkCombiner(inputs);
    this.held = new Array<Held[] | undefined>(inputs).fill(undefined);
    this.ended = new Array<boolean>(inputs).fill(false);
  }

  /** Input `i` delivered a message. */
  next(i: number, message: Message): void {
    const held = this.held[i];
    if (held !== undefined) {
      held.push(message);
      return;
    }
    this.accept(i, message);
  }

  /** Input `i` ended. */
  end(i: number): void {
    const held = this.held[i];
    if (held !== undefined) held.push('end');
    else this.acceptEnd(i);
  }

  private accept(i: number, message: Message): void {
    if (message.kind === 'data') {
      this.out.data(i, message);
    } else if (message.kind === 'watermark') {
      this.out.inputWatermark?.(i, message.ts);
      const combined = this.watermarks.update(i, message.ts);
      if (combined !== undefined) this.out.watermark(combined);
    } else {
      if (this.aligning !== undefined && this.aligning !== message.epoch) {
        throw new FerrisError('INTERNAL', `input ${i + 1} delivered barrier ${message.epoch} while barrier ${this.aligning} is being aligned`);
      }
      this.aligning = message.epoch;
      this.held[i] = [];
      this.releaseIfAligned();
    }
  }

  private acceptEnd(i: number): void {
    this.ended[i] = true;
    this.endedCount++;
    this.out.inputEnded?.(i);
    const combined = this.watermarks.remove(i);
    if (combined !== undefined) this.out.watermark(combined);
    if (this.aligning !== undefined) this.releaseIfAligned();
    this.completeIfDone();
  }

  private completeIfDone(): void {
    if (this.completed || this.endedCount < this.inputs || this.aligning !== undefined) return;
    this.completed = true;
    this.out.complete();
  }

  /** When every live input is blocked at the aligning barrier: emits it and replays what was held. */
  private releaseIfAligned(): void {
    for (let i = 0; i < this.inputs; i++) if (!this.ended[i] && this.held[i] === undefined) return;
    const epoch = this.aligning!;
    this.aligning = undefined;
    const replay = this.held.map((held) => held ?? []);
    this.held.fill(undefined);
    this.out.barrier(epoch);
    for (let i = 0; i < this.inputs; i++) {
      for (const item of replay[i]!) {
        if (item === 'end') this.end(i);
        else this.next(i, item);
      }
    }
    this.completeIfDone();
  }
}
