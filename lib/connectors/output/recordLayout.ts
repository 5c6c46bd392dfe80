import type { Schema } from '../../types/schema.js';
import type { Row } from '../../types/value.js';
import type { FormatOptions } from '../../types/valueText.js';
import { CsvRowEncoder } from './csvRowEncoder.js';
import { JsonRowEncoder } from './jsonRowEncoder.js';

/** The output formats of the file and stdout sinks. */
export type OutputFormat = 'jsonl' | 'csv' | 'json';

/**
 * How rows are laid out in one output file: what opens a new file (a CSV header, `[`), the
 * text of a run of rows, and what closes the file (`]`).
 */
export interface RecordLayout {
  /** Text written at the start of a new, empty file. */
  start(): string;
  /** The text of rows[from..to), which come after `written` records already in the file. */
  rows(rows: readonly Row[], from: number, to: number, written: number): string;
  /** Text written when the file is closed. */
  end(): string;
}

/** One encoded row per line, after an optional first line (a CSV header): JSON lines and CSV. */
class LineLayout implements RecordLayout {
  constructor(
    private readonly encoder: { encode(row: Row): string },
    private readonly firstLine: string | undefined,
  ) {}
  start(): string {
    return this.firstLine === undefined ? '' : this.firstLine + '\n';
  }
  rows(rows: readonly Row[], from: number, to: number): string {
    const encoder = this.encoder;
    let out = '';
    for (let i = from; i < to; i++) out += encoder.encode(rows[i]!) + '\n';
    return out;
  }
  end(): string {
    return '';
  }
}

class JsonArrayLayout implements RecordLayout {
  constructor(private readonly encoder: JsonRowEncoder) {}
  start(): string {
    return '[';
  }
  rows(rows: readonly Row[], from: number, to: number, written: number): string {
    const encoder = this.encoder;
    let out = '';
    for (let i = from; i < to; i++) out += (written + i - from === 0 ? '\n' : ',\n') + encoder.encode(rows[i]!);
    return out;
  }
  end(): string {
    return '\n]\n';
  }
}

/** Options of a record layout. */
export interface LayoutOptions extends FormatOptions {
  readonly format: OutputFormat;
  /** CSV field delimiter. */
  readonly delimiter: string;
  /** CSV: the text written for NULL; `''` (an empty field) when not given. */
  readonly nullLiteral?: string;
  /** CSV: write a header line at the start of each new file. */
  readonly header: boolean;
}

/** The layout of a format: JSON lines, a JSON array (`[` rows `]`), or CSV with an optional header. */
export function recordLayout(schema: Schema, options: LayoutOptions): RecordLayout {
  switch (options.format) {
    case 'jsonl':
      return new LineLayout(new JsonRowEncoder(schema, options), undefined);
    case 'json':
      return new JsonArrayLayout(new JsonRowEncoder(schema, options));
    case 'csv': {
      const encoder = new CsvRowEncoder(schema, options.delimiter, options.nullLiteral ?? '', options);
      return new LineLayout(encoder, options.header ? encoder.header() : undefined);
    }
  }
}
