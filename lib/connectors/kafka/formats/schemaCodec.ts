import type { Schema } from '../../../types/schema.js';
import type { Row, Value } from '../../../types/value.js';
import type { SchemaType } from './schemaRegistryClient.js';

/** One parsed schema (an Avro record, a protobuf message type) and how rows go through it. */
export interface SchemaCodec {
  /** The columns the schema reads as. */
  readonly columns: Schema;
  /**
   * Reads a value into the values of `columns`. `framed`: the value came in the
   * schema-registry wire format (the body after its header, with message indexes for protobuf).
   */
  reader(columns: Schema, framed: boolean): (body: Buffer) => Value[];
  /** Writes rows of `columns`; `framed`: the body after the wire header (protobuf: with message indexes). */
  writer(columns: Schema, framed: boolean): (row: Row) => Buffer;
}

/** A binary value format: how its schema text is parsed, and its name in the registry. */
export interface SchemaFormat {
  readonly schemaType: SchemaType;
  /** Parses schema text; `message` picks a protobuf message type (Avro: unused). Throws CONFIG. */
  codec(text: string, what: string, message: string | undefined): SchemaCodec;
  /** The schema text of rows of `columns`, for a sink given none (undefined: the format needs one). */
  generated(columns: Schema, name: string): string | undefined;
}
