import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { FerrisError } from '../../../types/errors.js';
import type { Schema } from '../../../types/schema.js';
import type { Row, Value } from '../../../types/value.js';
import type { ConnectorContext } from '../../types.js';
import { unframe, WIRE_HEADER_BYTES, wireHeader } from './confluentWire.js';
import type { SchemaCodec, SchemaFormat } from './schemaCodec.js';
import { SchemaRegistryClient } from './schemaRegistryClient.js';
import type { SchemaBoundFormat, ValueSchemaConfig } from './valueSchemaConfig.js';

/*
 * Opening a schema-bound value format (Avro, Protobuf) for a Kafka source or sink: the schema
 * from inline text, a file, or the registry; the registry's wire format when a registry is
 * configured. The format's package (avsc, protobufjs) is loaded here, by the first job that
 * uses it.
 */

/** Decodes message values into the declared columns' values; `prepare` fetches what a batch of values needs first. */
export interface SchemaValueDecoder {
  (value: Buffer | null): Value[];
  /** Fetches the writer schemas of a batch's values that are not known yet (registry ids); never rejects. */
  prepare?(values: readonly (Buffer | null)[]): Promise<void>;
}

async function formatOf(format: SchemaBoundFormat): Promise<SchemaFormat> {
  return format === 'avro' ? (await import('./avroFormat.js')).AVRO_FORMAT : (await import('./protobufFormat.js')).PROTOBUF_FORMAT;
}

/** The schema text given inline or in a file (read now), or undefined. */
async function givenSchema(config: ValueSchemaConfig, baseDir: string): Promise<{ readonly text: string; readonly what: string } | undefined> {
  if (config.inline !== undefined) return { text: config.inline, what: 'the inline schema' };
  if (config.file === undefined) return undefined;
  const path = resolve(baseDir, config.file);
  try {
    return { text: await readFile(path, 'utf8'), what: path };
  } catch (error) {
    throw new FerrisError('IO', `cannot read the schema file ${path}: ${(error as Error).message}`, { file: path, cause: error });
  }
}

function checkType(format: SchemaFormat, schemaType: string, what: string): void {
  if (schemaType !== format.schemaType) throw new FerrisError('BAD_RECORD', `${what} is a ${schemaType} schema, not ${format.schemaType}`);
}

/**
 * The columns and decoder of a source's values. Columns are the declared ones, or those of
 * the given schema, or of the latest version of the registry subject. Without a registry,
 * values are raw datums or messages of the given schema; with one, each value names its
 * writer schema by id, fetched once per id (`prepare`) before its batch is decoded; a value
 * whose schema cannot be fetched is a bad record saying why.
 */
export async function openSchemaDecoder(
  format: SchemaBoundFormat,
  config: ValueSchemaConfig,
  declared: Schema | undefined,
  topics: readonly string[],
  ctx: ConnectorContext,
): Promise<{ readonly schema: Schema; readonly decode: SchemaValueDecoder }> {
  const codecs = await formatOf(format);
  const given = await givenSchema(config, ctx.baseDir);
  const registry = config.registry === undefined ? undefined : new SchemaRegistryClient(config.registry);
  let fixed: SchemaCodec | undefined = given === undefined ? undefined : codecs.codec(given.text, given.what, config.message);
  if (fixed === undefined && declared === undefined && registry !== undefined) {
    const subject = config.subject ?? (topics.length === 1 ? `${topics[0]}-value` : undefined);
    if (subject === undefined) throw new FerrisError('CONFIG', "kafka_source: set 'schema.registry.subject' or declare the columns (the topics are not one)");
    const latest = await registry.latest(subject);
    checkType(codecs, latest.schemaType, `subject '${subject}'`);
    fixed = codecs.codec(latest.schema, `subject '${subject}'`, config.message);
  }
  const schema = declared ?? fixed!.columns;
  const nulls = (): Value[] => new Array<Value>(schema.fields.length).fill(null);
  if (registry === undefined) {
    const read = fixed!.reader(schema, false);
    return { schema, decode: (value) => (value === null ? nulls() : read(value)) };
  }
  const readers = new Map<number, (body: Buffer) => Value[]>();
  const failures = new Map<number, string>();
  const decode: SchemaValueDecoder = (value) => {
    if (value === null) return nulls();
    const { schemaId, body } = unframe(value);
    const read = readers.get(schemaId);
    if (read === undefined) throw new FerrisError('BAD_RECORD', `the writer schema id ${schemaId} is not available: ${failures.get(schemaId) ?? 'not fetched'}`);
    return read(body);
  };
  decode.prepare = async (values) => {
    const ids = new Set<number>();
    for (const value of values) {
      if (value === null || value.length < WIRE_HEADER_BYTES || value[0] !== 0) continue;
      const id = value.readInt32BE(1);
      if (!readers.has(id)) ids.add(id);
    }
    await Promise.all(
      [...ids].map(async (id) => {
        try {
          const registered = await registry.schemaById(id);
          checkType(codecs, registered.schemaType, `schema id ${id}`);
          readers.set(id, codecs.codec(registered.schema, `schema id ${id}`, config.message).reader(schema, true));
          failures.delete(id);
        } catch (error) {
          failures.set(id, (error as Error).message);
        }
      }),
    );
  };
  return { schema, decode };
}

/**
 * The encoder of a sink's rows (its value columns): with the given schema, the registered
 * schema `value.schema.id`, the latest of the registry subject (protobuf), or for Avro a
 * schema generated from the columns (logged). With a registry the schema is registered under
 * the subject (default `<topic>-value`) and each value carries the wire-format header.
 */
export async function openSchemaEncoder(format: SchemaBoundFormat, config: ValueSchemaConfig, columns: Schema, topic: string, ctx: ConnectorContext): Promise<(row: Row) => Buffer> {
  const codecs = await formatOf(format);
  const registry = config.registry === undefined ? undefined : new SchemaRegistryClient(config.registry);
  const subject = config.subject ?? `${topic}-value`;
  let schemaId: number | undefined;
  let codec: SchemaCodec;
  const given = await givenSchema(config, ctx.baseDir);
  if (registry !== undefined && config.schemaId !== undefined) {
    const registered = await registry.schemaById(config.schemaId);
    checkType(codecs, registered.schemaType, `schema id ${config.schemaId}`);
    codec = codecs.codec(registered.schema, `schema id ${config.schemaId}`, config.message);
    schemaId = config.schemaId;
  } else {
    let text = given?.text ?? codecs.generated(columns, topic);
    let what = given?.what ?? 'the schema generated from the output columns';
    if (text === undefined && registry !== undefined) {
      const latest = await registry.latest(subject);
      checkType(codecs, latest.schemaType, `subject '${subject}'`);
      [text, what, schemaId] = [latest.schema, `subject '${subject}'`, latest.id];
    }
    if (text === undefined) throw new FerrisError('CONFIG', `kafka_sink with format = '${format}' needs its schema`);
    if (given === undefined && schemaId === undefined) ctx.log('info', `kafka_sink: ${format} schema generated from the output columns`, { topic, schema: text });
    codec = codecs.codec(text, what, config.message);
    if (registry !== undefined) schemaId ??= await registry.register(subject, codecs.schemaType, text);
  }
  const write = codec.writer(columns, registry !== undefined);
  if (schemaId === undefined) return write;
  const header = wireHeader(schemaId);
  return (row) => Buffer.concat([header, write(row)]);
}
