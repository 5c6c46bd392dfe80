import { mkdir, open, readFile, rename } from 'node:fs/promises';
import * as path from 'node:path';
import { syncDirectory } from '../../connectors/file/syncDirectory.js';
import { FerrisError } from '../../types/errors.js';
import type { CheckpointStore, StoredCheckpoint } from './checkpointStore.js';

function ioError(action: string, file: string, error: unknown): FerrisError {
  const reason = error instanceof Error ? error.message : String(error);
  return new FerrisError('IO', `cannot ${action} checkpoint ${file}: ${reason}`, { file, cause: error });
}

/** Writes `text` to `file` and fsyncs it before closing. */
async function writeDurably(file: string, text: string): Promise<void> {
  const handle = await open(file, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Checkpoints of one job in a directory (`'checkpoint.dir'`), as `<job>.checkpoint.json`: a
 * checkpoint is written to a temporary file, fsynced, renamed over the previous one and the
 * directory fsynced, so the file always holds one whole checkpoint, the previous or the new.
 */
export class FileCheckpointStore implements CheckpointStore {
  readonly location: string;
  private readonly temporary: string;

  constructor(
    private readonly dir: string,
    job: string,
  ) {
    const base = encodeURIComponent(job);
    this.location = path.join(dir, `${base}.checkpoint.json`);
    this.temporary = path.join(dir, `.${base}.checkpoint.json.tmp`);
  }

  /** The latest checkpoint, or undefined when none was stored yet. */
  async load(): Promise<StoredCheckpoint | undefined> {
    let text: string;
    try {
      text = await readFile(this.location, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw ioError('read', this.location, error);
    }
    try {
      return JSON.parse(text) as StoredCheckpoint;
    } catch (error) {
      throw ioError('parse', this.location, error);
    }
  }

  /** Replaces the stored checkpoint atomically (temporary file, fsync, rename, fsync of the directory). */
  async save(checkpoint: StoredCheckpoint): Promise<void> {
    try {
      await mkdir(this.dir, { recursive: true });
      await writeDurably(this.temporary, JSON.stringify(checkpoint));
      await rename(this.temporary, this.location);
      await syncDirectory(this.dir);
    } catch (error) {
      throw ioError('write', this.location, error);
    }
  }
}
