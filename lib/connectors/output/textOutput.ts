import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { FerrisError } from '../../types/errors.js';
import type { ConnectorMetrics } from '../types.js';

/**
 * Writes text to a stream respecting its backpressure: `write` resolves once the stream
 * accepted the text, waiting for 'drain' when its buffer is full, so a slow destination slows
 * the writer instead of growing memory. A stream error fails the next write. With `metrics`,
 * the UTF-8 bytes of each write (a batch's text) count in its `bytesOut`.
 */
export class TextOutput {
  private failure: Error | undefined;

  /**
   * @param what names the destination in errors (a path, `stdout`).
   * @param metrics the job's counters the bytes written are added to.
   */
  constructor(
    readonly stream: Writable,
    private readonly what: string,
    private readonly metrics?: ConnectorMetrics,
  ) {
    stream.on('error', (error: Error) => this.fail(error));
  }

  /** Records a failure coming from elsewhere (e.g. a pipeline behind the stream). */
  fail(error: Error): void {
    this.failure ??= error;
  }

  /** Writes text; resolves when the stream can take more. */
  async write(text: string): Promise<void> {
    this.throwIfFailed();
    if (text.length === 0) return;
    if (this.metrics !== undefined) this.metrics.bytesOut += Buffer.byteLength(text);
    if (!this.stream.write(text)) await this.drained();
    this.throwIfFailed();
  }

  /** Resolves once everything written so far has been handed to the destination. */
  async settle(): Promise<void> {
    this.throwIfFailed();
    await new Promise<void>((resolve, reject) => {
      this.stream.write('', (error) => (error ? reject(this.ioError(error)) : resolve()));
    });
  }

  private async drained(): Promise<void> {
    try {
      await once(this.stream, 'drain');
    } catch (error) {
      throw this.ioError(error);
    }
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.ioError(this.failure);
  }

  private ioError(error: unknown): FerrisError {
    if (error instanceof FerrisError) return error;
    const reason = error instanceof Error ? error.message : String(error);
    return new FerrisError('IO', `cannot write ${this.what}: ${reason}`, { file: this.what, cause: error });
  }
}
