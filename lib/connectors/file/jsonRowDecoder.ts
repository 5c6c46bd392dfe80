import { FerrisError } from '../../types/errors.js';
import type { Schema } from '../../types/schema.js';
import type { SqlType } from '../../types/sqlType.js';
import type { Value } from '../../types/value.js';
import { fromJson } from '../../types/valueText.js';
import { IsoTimestampParser } from './isoTimestampParser.js';
import type { FileRowTarget } from './rowDecoder.js';
import { RowDecoder } from './rowDecoder.js';

const enum FastPath {
  None,
  String,
  Integer,
  Timestamp,
}

function fastPathOf(type: SqlType): FastPath {
  if (type.kind === 'STRING') return FastPath.String;
  if (type.kind === 'INTEGER') return FastPath.Integer;
  if (type.kind === 'TIMESTAMP') return FastPath.Timestamp;
  return FastPath.None;
}

/**
 * Decodes JSON records (a JSON-lines line or a JSON array element) into rows: each record must
 * be an object; columns are read by name with a loop over the precomputed names, a missing or
 * null field gives null, strings/integers already of the column's type skip conversion, and
 * canonical ISO timestamps take a per-day cached parse.
 */
export class JsonRowDecoder extends RowDecoder {
  private readonly names: readonly string[];
  private readonly types: readonly SqlType[];
  private readonly fastPaths: readonly FastPath[];
  private readonly timestamps = new IsoTimestampParser();

  constructor(private readonly schema: Schema, target: FileRowTarget) {
    super(target);
    this.names = schema.fields.map((f) => f.name);
    this.types = schema.fields.map((f) => f.type);
    this.fastPaths = schema.fields.map((f) => fastPathOf(f.type));
  }

  /** Parses one record and maps its fields to the schema's columns. */
  record(text: string, line: number): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      this.bad(text, line, error);
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      this.bad(text, line, new FerrisError('BAD_RECORD', 'expected a JSON object'));
      return;
    }
    const object = parsed as Record<string, unknown>;
    const names = this.names;
    const fastPaths = this.fastPaths;
    const width = names.length;
    const values: Value[] = [];
    let column = 0;
    try {
      for (; column < width; column++) {
        const json = object[names[column]!];
        if (json === undefined || json === null) values.push(null);
        else if (fastPaths[column] === FastPath.String && typeof json === 'string') values.push(json);
        else if (fastPaths[column] === FastPath.Integer && Number.isSafeInteger(json)) values.push(json as number);
        else values.push(this.convert(json, column));
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.bad(text, line, new FerrisError('BAD_RECORD', `field '${this.schema.fields[column]!.name}': ${reason}`, { cause: error }));
      return;
    }
    this.emit(values);
  }

  private convert(json: unknown, column: number): Value {
    if (this.fastPaths[column] === FastPath.Timestamp && typeof json === 'string') {
      const ms = this.timestamps.parse(json);
      if (!Number.isNaN(ms)) return ms;
    }
    return fromJson(json, this.types[column]!);
  }
}
