import { rename, rm } from 'node:fs/promises';
import { FerrisError, notSupported } from '../../types/errors.js';
import type { Schema } from '../../types/schema.js';
import type { Row } from '../../types/value.js';
import { FileOutput } from '../output/fileOutput.js';
import { recordLayout, type RecordLayout } from '../output/recordLayout.js';
import type { TransactionalSink } from '../transactionalSink.js';
import type { ConnectorMetrics } from '../types.js';
import type { FileSinkConfig } from './fileSink.js';
import { PartFiles } from './partFiles.js';
import { syncDirectory } from './syncDirectory.js';

function ioError(action: string, file: string, error: unknown): FerrisError {
  const reason = error instanceof Error ? error.message : String(error);
  return new FerrisError('IO', `cannot ${action} ${file}: ${reason}`, { file, cause: error });
}

/**
 * The file sink of a checkpointing job (`'checkpoint.dir'`), committing by renaming part
 * files as Flink's FileSink does: the rows of epoch n go to a hidden in-progress part
 * (created at its first row, so an epoch without rows leaves no file), `preCommit` fsyncs and
 * closes it, and once checkpoint n is stored `commit` renames it to its committed name (see
 * {@link PartFiles}). On open it recovers from the run that died: parts pre-committed up to
 * the resumed epoch are committed, anything later is deleted. A CSV header opens the first
 * committed part only, so the parts in name order read as one file.
 */
export class PartFileSink implements TransactionalSink {
  readonly target: string;
  private output: FileOutput | undefined;
  private epoch = 0;
  /** The epoch whose part was pre-committed and waits for its commit (undefined: none, the epoch had no rows). */
  private prepared: number | undefined;
  /** The epoch of the part holding the CSV header (undefined: the next part created writes it). */
  private headerEpoch: number | undefined;

  private constructor(
    private readonly config: FileSinkConfig,
    private readonly parts: PartFiles,
    private readonly layout: RecordLayout,
    hasCommittedPart: boolean,
    private readonly metrics: ConnectorMetrics | undefined,
  ) {
    this.headerEpoch = hasCommittedPart ? 0 : undefined;
    this.target = `file_sink ${parts.pattern}`;
  }

  /** Opens the sink of a job resuming from checkpoint `resumedEpoch` (0: a fresh start, every old part is deleted); the bytes written count in `metrics`. */
  static async open(config: FileSinkConfig, schema: Schema, resumedEpoch: number, metrics?: ConnectorMetrics): Promise<PartFileSink> {
    if (config.format === 'json') throw notSupported("'checkpoint.dir' with a file sink of format = 'json' (use jsonl or csv: part files of a JSON array do not concatenate)");
    if (config.append) throw notSupported("'checkpoint.dir' with append = true (a checkpointing file sink writes part files)");
    if (config.maxBytes !== undefined || config.maxRecords !== undefined) throw notSupported("'checkpoint.dir' with rotation.* (a checkpointing file sink writes one part file per checkpoint)");
    const parts = new PartFiles(config.path);
    const committed = await PartFileSink.recover(parts, resumedEpoch);
    return new PartFileSink(config, parts, recordLayout(schema, { ...config, header: true }), committed > 0, metrics);
  }

  /** Commits the parts pre-committed up to `resumedEpoch`, deletes later ones; returns how many committed parts remain. */
  private static async recover(parts: PartFiles, resumedEpoch: number): Promise<number> {
    const { committed, inProgress } = await parts.list();
    let kept = committed.filter((epoch) => epoch <= resumedEpoch).length;
    for (const epoch of inProgress) {
      const file = parts.inProgress(epoch);
      try {
        if (epoch <= resumedEpoch) {
          await rename(file, parts.committed(epoch));
          kept++;
        } else {
          await rm(file, { force: true });
        }
      } catch (error) {
        throw ioError('recover the part file', file, error);
      }
    }
    for (const epoch of committed) {
      if (epoch > resumedEpoch) await rm(parts.committed(epoch), { force: true });
    }
    await syncDirectory(parts.dir).catch(() => undefined);
    return kept;
  }

  /** Opens epoch `epoch`; its part file is created with its first row. */
  async begin(epoch: number): Promise<void> {
    this.epoch = epoch;
  }

  /** Writes rows to the part of the open epoch. */
  async write(rows: readonly Row[]): Promise<void> {
    const output = this.output ?? (await this.openPart());
    await output.write(this.layout.rows(rows, 0, rows.length, 0));
  }

  /** Makes what the open part holds durable (it stays invisible until committed). */
  async flush(): Promise<void> {
    await this.output?.flush();
  }

  /** Fsyncs and closes the part of `epoch` (if it has rows); it is committed once the checkpoint is stored. */
  async preCommit(epoch: number): Promise<void> {
    this.expectEpoch(epoch, 'pre-commit');
    const output = this.output;
    if (output === undefined) return;
    this.output = undefined;
    await output.flush();
    await output.close();
    this.prepared = epoch;
  }

  /** Renames the part of `epoch` to its committed name. */
  async commit(epoch: number): Promise<void> {
    this.expectEpoch(epoch, 'commit');
    if (this.prepared !== epoch) return;
    this.prepared = undefined;
    const file = this.parts.inProgress(epoch);
    try {
      await rename(file, this.parts.committed(epoch));
      await syncDirectory(this.parts.dir);
    } catch (error) {
      throw ioError('commit the part file', file, error);
    }
  }

  /** Throws the part of `epoch` away. */
  async abort(epoch: number): Promise<void> {
    this.expectEpoch(epoch, 'abort');
    const output = this.output;
    this.output = undefined;
    if (output !== undefined) await output.close().catch(() => undefined);
    if (this.headerEpoch === epoch) this.headerEpoch = undefined;
    this.prepared = undefined;
    await rm(this.parts.inProgress(epoch), { force: true });
  }

  /** Closes an open part without committing it (a restart throws it away). */
  async close(): Promise<void> {
    const output = this.output;
    this.output = undefined;
    await output?.close();
  }

  private async openPart(): Promise<FileOutput> {
    const output = await FileOutput.open(this.parts.inProgress(this.epoch), false, this.config.gzip, this.metrics);
    this.output = output;
    if (this.headerEpoch === undefined) {
      this.headerEpoch = this.epoch;
      await output.write(this.layout.start());
    }
    return output;
  }

  private expectEpoch(epoch: number, action: string): void {
    if (epoch !== this.epoch) throw new FerrisError('INTERNAL', `file sink of ${this.config.path}: cannot ${action} epoch ${epoch}, the open epoch is ${this.epoch}`);
  }
}
