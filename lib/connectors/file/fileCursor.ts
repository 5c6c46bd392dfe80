import type { Schema } from '../../types/schema.js';
import type { BadRecord } from '../types.js';
import type { RowBatcher } from '../rowBatcher.js';
import type { CsvOptions } from './csvRowDecoder.js';
import { CsvRowDecoder } from './csvRowDecoder.js';
import { FileTextDecoder } from './fileText.js';
import { JsonRowDecoder } from './jsonRowDecoder.js';
import { formatFramer } from './formatFramer.js';
import type { RecordFramer } from './recordFramer.js';
import type { RowDecoder } from './rowDecoder.js';
import type { FileFormat } from './schemaInference.js';

/** How the files of one source are decoded. */
export interface FileDecoding {
  readonly schema: Schema;
  readonly format: FileFormat;
  readonly csv: CsvOptions;
  /** The most UTF-8 bytes a record may have. */
  readonly maxRecordBytes: number;
  readonly batcher: RowBatcher;
  readonly onBadRecord: (bad: BadRecord) => void;
}

/**
 * The reading state of one file: how many bytes were consumed (for tailing), the text decoder,
 * the record framer and the row decoder, all of which carry incomplete data across reads.
 */
export class FileCursor {
  /** Bytes consumed so far (of the file; of the decompressed text for gzip, which is never tailed). */
  position = 0;
  readonly text = new FileTextDecoder();
  readonly framer: RecordFramer;
  readonly decoder: RowDecoder;

  /**
   * @param path absolute path
   * @param topic the path as shown in `_topic`
   * @param partition the file's index (`_partition`)
   */
  constructor(
    readonly path: string,
    readonly topic: string,
    readonly partition: number,
    readonly gzip: boolean,
    decoding: FileDecoding,
  ) {
    const target = { batcher: decoding.batcher, onBadRecord: decoding.onBadRecord, partition, topic, origin: path };
    this.framer = formatFramer(decoding.format, decoding.csv, decoding.maxRecordBytes);
    this.decoder =
      decoding.format === 'csv'
        ? new CsvRowDecoder(decoding.schema, decoding.csv, target)
        : new JsonRowDecoder(decoding.schema, target);
  }

  /** Decodes one chunk of bytes read from the file. */
  consume(chunk: Buffer): void {
    this.position += chunk.length;
    this.decoder.now = Date.now();
    this.framer.feed(this.text.decode(chunk), this.decoder);
  }

  /** The file ended: decodes what is left. */
  finish(): void {
    const rest = this.text.end();
    if (rest !== '') this.framer.feed(rest, this.decoder);
    this.framer.finish(this.decoder);
  }
}
