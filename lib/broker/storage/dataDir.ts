import {
  closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, truncateSync, writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { FerrisError } from '../../types/errors.js';
import type { PartitionLog } from '../log/partitionLog.js';
import { BatchLayout, batchCrcMatches, readBatchHeader } from '../records/batch.js';
import { lockDirectory, unlockDirectory } from './dirLock.js';
import type { Journal, JournalEvent } from './journalEvents.js';
import { OpenFiles } from './openFiles.js';

const JOURNAL = 'state.jsonl';
const LOCK = 'broker.pid';

function ioError(what: string, cause: unknown): FerrisError {
  return new FerrisError('IO', `broker data dir: ${what}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
}

/** Reads the journal; a torn last line (crash mid-write) is dropped, any other bad line is an error. */
function readJournal(path: string): JournalEvent[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw ioError(`cannot read ${path}`, error);
  }
  const lines = text.split('\n');
  const events: JournalEvent[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === '') continue;
    try {
      events.push(JSON.parse(line) as JournalEvent);
    } catch (error: unknown) {
      if (i >= lines.length - 2) break;
      throw ioError(`${path} line ${i + 1} is not valid JSON`, error);
    }
  }
  return events;
}

/**
 * The on-disk layout of a broker with `--data-dir`: `state.jsonl` (topics, committed offsets,
 * producer ids, transactions) and `logs/<topic>/<partition>.log` holding record batches exactly
 * as served. Writes go straight to the OS (no user-space buffering), so a killed process loses
 * nothing it acknowledged; recovery truncates a torn batch at a log's tail. Partition files are
 * opened when written to, at most `maxOpenFiles` at once (least recently used closed first).
 */
export class DataDir implements Journal {
  private journalFd: number;
  private readonly files: OpenFiles;

  private constructor(
    private readonly dir: string,
    readonly recovered: readonly JournalEvent[],
    private readonly log: (line: string) => void,
    maxOpenFiles: number,
  ) {
    this.journalFd = openSync(join(dir, JOURNAL), 'a');
    this.files = new OpenFiles(maxOpenFiles);
  }

  /** Opens (creating if needed) a data directory and reads its journal; `maxOpenFiles` caps open partition files. */
  static open(dir: string, log: (line: string) => void, maxOpenFiles: number): DataDir {
    try {
      mkdirSync(join(dir, 'logs'), { recursive: true });
      lockDirectory(dir, join(dir, LOCK));
      return new DataDir(dir, readJournal(join(dir, JOURNAL)), log, maxOpenFiles);
    } catch (error: unknown) {
      if (error instanceof FerrisError) throw error;
      throw ioError(`cannot open ${dir}`, error);
    }
  }

  /** Appends one event to the journal. */
  record(event: JournalEvent): void {
    writeSync(this.journalFd, `${JSON.stringify(event)}\n`);
  }

  /** Replaces the journal by a compact equivalent (written aside, synced, then renamed). */
  rewrite(events: readonly JournalEvent[]): void {
    const path = join(this.dir, JOURNAL);
    const fd = openSync(`${path}.tmp`, 'w');
    writeSync(fd, events.map((e) => `${JSON.stringify(e)}\n`).join(''));
    fsyncSync(fd);
    closeSync(fd);
    renameSync(`${path}.tmp`, path);
    closeSync(this.journalFd);
    this.journalFd = openSync(path, 'a');
  }

  private partitionPath(topic: string, partition: number): string {
    return join(this.dir, 'logs', topic, `${partition}.log`);
  }

  /** Replays a partition's stored batches into it, then sends its future appends to the file. */
  attach(partition: PartitionLog): void {
    mkdirSync(join(this.dir, 'logs', partition.topic), { recursive: true });
    const path = this.partitionPath(partition.topic, partition.partition);
    let data: Buffer;
    try {
      data = readFileSync(path);
    } catch (error: unknown) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      data = Buffer.alloc(0);
    }
    let at = 0;
    while (at + BatchLayout.HEADER_SIZE <= data.length) {
      const header = readBatchHeader(data, at);
      if (header.magic !== 2 || header.size < BatchLayout.HEADER_SIZE || at + header.size > data.length || !batchCrcMatches(data, at, header)) break;
      partition.replay(data.subarray(at, at + header.size), header);
      at += header.size;
    }
    if (at < data.length) {
      this.log(`${path}: truncating ${data.length - at} bytes of torn or corrupt tail at byte ${at}`);
      truncateSync(path, at);
    }
    partition.attach({ append: (batch) => this.files.append(path, batch) });
  }

  /** Removes log directories of topics the journal does not know (a crash between journal and files). */
  removeStrayTopics(known: ReadonlySet<string>): void {
    for (const name of readdirSync(join(this.dir, 'logs'))) {
      if (known.has(name)) continue;
      this.log(`removing ${join(this.dir, 'logs', name)}: not a topic in the journal`);
      rmSync(join(this.dir, 'logs', name), { recursive: true, force: true });
    }
  }

  /** Removes a deleted topic's files. */
  removeTopic(name: string, partitions: readonly PartitionLog[]): void {
    for (const p of partitions) this.files.close(this.partitionPath(name, p.partition));
    rmSync(join(this.dir, 'logs', name), { recursive: true, force: true });
  }

  /** Closes every file and releases the directory. */
  close(): void {
    this.files.closeAll();
    closeSync(this.journalFd);
    unlockDirectory(join(this.dir, LOCK));
  }
}
