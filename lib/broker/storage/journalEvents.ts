/** A committed offset as journaled: topic, partition, offset, metadata. */
export type JournaledOffset = readonly [topic: string, partition: number, offset: number, metadata: string | null];

/** The persisted state of one transactional id. */
export interface JournaledTransaction {
  readonly id: string;
  readonly producerId: number;
  readonly epoch: number;
  readonly timeoutMs: number;
  readonly ongoing: boolean;
  /** Set while EndTxn writes its markers: recovery finishes a transaction caught in between. */
  readonly ending?: 'commit' | 'abort';
  readonly lastResult: 'commit' | 'abort' | null;
  readonly partitions: readonly (readonly [topic: string, partition: number])[];
  readonly groups: readonly string[];
  readonly staged: readonly (readonly [group: string, offset: JournaledOffset])[];
}

/** One line of the state journal; replaying them in order rebuilds the broker's metadata. */
export type JournalEvent =
  | { readonly e: 'topic'; readonly name: string; readonly partitions: number; readonly configs: readonly (readonly [string, string])[] }
  | { readonly e: 'deleteTopic'; readonly name: string }
  | { readonly e: 'logStart'; readonly topic: string; readonly partition: number; readonly offset: number }
  | { readonly e: 'offsets'; readonly group: string; readonly offsets: readonly JournaledOffset[] }
  | { readonly e: 'deleteGroup'; readonly group: string }
  | { readonly e: 'producerIds'; readonly next: number }
  | { readonly e: 'txn'; readonly txn: JournaledTransaction };

/** Something that durably records journal events (absent when the broker runs in memory). */
export interface Journal {
  record(event: JournalEvent): void;
}
