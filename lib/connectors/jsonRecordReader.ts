import { FerrisError } from '../types/errors.js';
import type { Schema } from '../types/schema.js';
import type { SqlType } from '../types/sqlType.js';
import type { Value } from '../types/value.js';
import { isJsonObject, parseExactJson } from '../types/exactJson.js';
import { integerBits } from '../types/valueRange.js';
import { fromJson } from '../types/valueText.js';
import { IsoTimestampParser } from './file/isoTimestampParser.js';

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

/** The largest magnitude an INTEGER column takes on the fast path: its width's, within 2^53. */
function fastIntegerLimit(type: SqlType): number {
  const bits = integerBits(type);
  return bits === 64 ? Number.MAX_SAFE_INTEGER : 2 ** (bits - 1) - 1;
}

/**
 * Reads the text of one JSON record (a JSON-lines line, a JSON array element, a Kafka message
 * value) into the values of a schema's columns: the record must be an object, parsed with
 * `parseExactJson` so that numbers keep every digit; columns are read by name with a loop over
 * the precomputed names, a missing or null field gives null, strings and integers already of
 * the column's type and range skip conversion, and canonical ISO timestamps
 * take a per-day cached parse. A record that cannot be read throws a BAD_RECORD error saying
 * why (and which field), without a position: the caller knows where the record was.
 */
export class JsonRecordReader {
  private readonly names: readonly string[];
  private readonly types: readonly SqlType[];
  private readonly fastPaths: readonly FastPath[];
  /** Per INTEGER column, the largest magnitude the fast path accepts (the rest are checked by `fromJson`). */
  private readonly integerLimits: readonly number[];
  private readonly timestamps = new IsoTimestampParser();

  constructor(private readonly schema: Schema) {
    this.names = schema.fields.map((f) => f.name);
    this.types = schema.fields.map((f) => f.type);
    this.fastPaths = schema.fields.map((f) => fastPathOf(f.type));
    this.integerLimits = schema.fields.map((f) => fastIntegerLimit(f.type));
  }

  /** The declared columns' values of one record. */
  read(text: string): Value[] {
    let parsed: unknown;
    try {
      parsed = parseExactJson(text);
    } catch (error) {
      throw new FerrisError('BAD_RECORD', (error as Error).message, { cause: error });
    }
    if (!isJsonObject(parsed)) throw new FerrisError('BAD_RECORD', 'expected a JSON object');
    const object = parsed;
    const names = this.names;
    const fastPaths = this.fastPaths;
    const integerLimits = this.integerLimits;
    const width = names.length;
    const values: Value[] = [];
    let column = 0;
    try {
      for (; column < width; column++) {
        const json = object[names[column]!];
        if (json === undefined || json === null) values.push(null);
        else if (fastPaths[column] === FastPath.String && typeof json === 'string') values.push(json);
        else if (fastPaths[column] === FastPath.Integer && Number.isInteger(json) && Math.abs(json as number) <= integerLimits[column]!) {
          values.push(json as number);
        }
        else values.push(this.convert(json, column));
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new FerrisError('BAD_RECORD', `field '${this.schema.fields[column]!.name}': ${reason}`, { cause: error });
    }
    return values;
  }

  private convert(json: unknown, column: number): Value {
    if (this.fastPaths[column] === FastPath.Timestamp && typeof json === 'string') {
      const ms = this.timestamps.parse(json);
      if (!Number.isNaN(ms)) return ms;
    }
    return fromJson(json, this.types[column]!);
  }
}
