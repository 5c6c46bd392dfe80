import { stat } from 'node:fs/promises';
import { FerrisError, notSupported } from '../../types/errors.js';
import type { Schema } from '../../types/schema.js';
import type { Row } from '../../types/value.js';
import type { FormatOptions } from '../../types/valueText.js';
import { FileOutput } from '../output/fileOutput.js';
import type { OutputFormat, RecordLayout } from '../output/recordLayout.js';
import { recordLayout } from '../output/recordLayout.js';
import type { ConnectorMetrics, Sink } from '../types.js';
import { lastRotationIndex, rotatedPath } from './rotatedPath.js';

/** The settings of a file sink, after its properties are read. */
export interface FileSinkConfig extends FormatOptions {
  /** Absolute path of the (first) output file. */
  readonly path: string;
  readonly format: OutputFormat;
  /** Append to an existing file instead of truncating it. */
  readonly append: boolean;
  readonly gzip: boolean;
  readonly delimiter: string;
  /** CSV: the text written for NULL (a string equal to it is quoted). */
  readonly nullLiteral: string;
  /** Rotate before a record would take the file beyond this many (uncompressed) bytes. */
  readonly maxBytes: number | undefined;
  /** Rotate once the file holds this many records. */
  readonly maxRecords: number | undefined;
}

async function sizeOnDisk(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

/**
 * A sink writing rows to a file as JSON lines, a JSON array or CSV (with a header line unless
 * appending to a non-empty file), optionally gzip, rotating to `<stem>.<n>.<ext>` by size or
 * record count. Only the schema's columns are written.
 */
export class FileSink implements Sink {
  private output: FileOutput | undefined;
  private index = 0;
  private bytesInFile = 0;
  private recordsInFile = 0;

  private constructor(
    private readonly config: FileSinkConfig,
    private readonly layout: RecordLayout,
    /** The layout of the first file when it is appended to and already holds data (no header). */
    private readonly continuation: RecordLayout,
    private readonly metrics: ConnectorMetrics | undefined,
  ) {}

  /** Opens the first output file (in append mode: the last rotated one); the bytes written count in `metrics`. */
  static async open(config: FileSinkConfig, schema: Schema, metrics?: ConnectorMetrics): Promise<FileSink> {
    if (config.append && config.format === 'json') throw notSupported("append = true with format = 'json' (use jsonl)");
    const layout = recordLayout(schema, { ...config, header: true });
    const continuation = recordLayout(schema, { ...config, header: false });
    const sink = new FileSink(config, layout, continuation, metrics);
    await sink.openFirst();
    return sink;
  }

  /** Writes the rows, rotating files as the limits require; resolves once the file accepted them. */
  async write(rows: readonly Row[]): Promise<void> {
    const { maxBytes, maxRecords } = this.config;
    if (maxBytes === undefined && maxRecords === undefined) {
      const text = this.layout.rows(rows, 0, rows.length, this.recordsInFile);
      this.recordsInFile += rows.length;
      await this.current().write(text);
      return;
    }
    let text = '';
    for (let i = 0; i < rows.length; i++) {
      const piece = this.layout.rows(rows, i, i + 1, this.recordsInFile);
      const bytes = maxBytes === undefined ? 0 : Buffer.byteLength(piece);
      const overBytes = maxBytes !== undefined && this.bytesInFile + bytes > maxBytes;
      const overRecords = maxRecords !== undefined && this.recordsInFile >= maxRecords;
      if (this.recordsInFile > 0 && (overBytes || overRecords)) {
        await this.current().write(text);
        text = await this.rotate();
        i--;
        continue;
      }
      text += piece;
      this.bytesInFile += bytes;
      this.recordsInFile++;
    }
    await this.current().write(text);
  }

  /** Resolves once everything written is on disk. */
  async flush(): Promise<void> {
    await this.current().flush();
  }

  /** Finishes the current file (e.g. the closing `]` of a JSON array) and closes it. */
  async close(): Promise<void> {
    const output = this.output;
    if (output === undefined) return;
    this.output = undefined;
    await output.write(this.layout.end());
    await output.close();
  }

  private current(): FileOutput {
    if (this.output === undefined) throw new FerrisError('IO', `the file sink of ${this.config.path} is closed`);
    return this.output;
  }

  private async openFirst(): Promise<void> {
    const { config } = this;
    this.index = config.append ? await lastRotationIndex(config.path) : 0;
    const file = rotatedPath(config.path, this.index);
    const existing = config.append ? await sizeOnDisk(file) : 0;
    this.output = await FileOutput.open(file, config.append, config.gzip, this.metrics);
    if (!this.output.regular && (config.maxBytes !== undefined || config.maxRecords !== undefined)) {
      await this.output.close();
      throw notSupported(`rotation.max_bytes / rotation.max_records on ${file}, which is not a regular file (a FIFO or a device)`);
    }
    const start = (existing > 0 ? this.continuation : this.layout).start();
    await this.output.write(start);
    this.bytesInFile = existing + Buffer.byteLength(start);
  }

  /** Closes the current file and opens the next; returns the new file's opening text. */
  private async rotate(): Promise<string> {
    await this.close();
    this.index++;
    this.output = await FileOutput.open(rotatedPath(this.config.path, this.index), false, this.config.gzip, this.metrics);
    const start = this.layout.start();
    this.bytesInFile = Buffer.byteLength(start);
    this.recordsInFile = 0;
    return start;
  }
}
