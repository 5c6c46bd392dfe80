/**
 * The watermark of several inputs (a union's, a join's): the minimum of their latest
 * watermarks, so that no input's rows become late downstream. An input that has ended no
 * longer holds it back. Reports the combined watermark only when it moves forward.
 */
export class WatermarkCombiner {
  private readonly latest: number[];
  private readonly live: boolean[];
  private emitted = -Infinity;

  /** @param inputs how many inputs are combined. */
  constructor(inputs: number) {
    this.latest = new Array<number>(inputs).fill(-Infinity);
    this.live = new Array<boolean>(inputs).fill(true);
  }

  /** Input `i` delivered watermark `ts`: the new combined watermark, or undefined when it did not advance. */
  update(i: number, ts: number): number | undefined {
    if (ts > this.latest[i]!) this.latest[i] = ts;
    return this.advance();
  }

  /** Input `i` ended: the new combined watermark, or undefined when it did not advance. */
  remove(i: number): number | undefined {
    this.live[i] = false;
    return this.advance();
  }

  private advance(): number | undefined {
    let min = Infinity;
    for (let i = 0; i < this.latest.length; i++) if (this.live[i] && this.latest[i]! < min) min = this.latest[i]!;
    if (min === Infinity || min <= this.emitted) return undefined;
    this.emitted = min;
    return min;
  }
}
