import type { IngestEndpoints, IngestOutcome, IngestReceiver } from '../connectors/types.js';

/**
 * The ingest endpoints of the server: the `http_source` of every open job attaches here under
 * its stream's name, and a post to `/ingest/<stream>` goes to every receiver of that stream
 * (each job reading it gets every record, as consumers of a topic do).
 */
export class IngestHub implements IngestEndpoints {
  private readonly receivers = new Map<string, Set<IngestReceiver>>();

  /** Attaches a receiver to a stream (names ignore case); returns the detach function. */
  attach(stream: string, receiver: IngestReceiver): () => void {
    const key = stream.toLowerCase();
    const set = this.receivers.get(key) ?? new Set<IngestReceiver>();
    set.add(receiver);
    this.receivers.set(key, set);
    return () => {
      set.delete(receiver);
      if (set.size === 0 && this.receivers.get(key) === set) this.receivers.delete(key);
    };
  }

  /**
   * Hands the lines of a post to every receiver of the stream; resolves once each took them
   * (what the first receiver made of them: every receiver reads the same lines with the same
   * columns). `bytes` is the size of the post's body. Undefined when no open job reads the stream.
   */
  async post(stream: string, lines: readonly string[], bytes: number): Promise<IngestOutcome | undefined> {
    const set = this.receivers.get(stream.toLowerCase());
    if (set === undefined) return undefined;
    const [first] = await Promise.all([...set].map((receive) => receive(lines, bytes)));
    return first;
  }
}
