import { FerrisError, notSupported } from '../../../types/errors.js';
import { optionalIntegerProperty } from '../../properties.js';
import type { ConnectorProperties, PropertySpec } from '../../types.js';
import type { RegistryConnection } from './schemaRegistryClient.js';

/*
 * The keys naming a Kafka connector's value schema (Avro, Protobuf): inline text, a file, or a
 * schema registry. Read without loading avsc or protobufjs, so that `ferris check` validates
 * them and a JSON job never loads those packages.
 */

/** Where a value schema comes from, after the properties are read. */
export interface ValueSchemaConfig {
  /** The schema text written in the WITH clause (`avro.schema`, `protobuf.schema`). */
  readonly inline: string | undefined;
  /** A schema file (`avro.schema.file`, `protobuf.schema.file`), relative to the SQL file. */
  readonly file: string | undefined;
  /** The schema registry: values are then in its wire format (magic byte and schema id). */
  readonly registry: RegistryConnection | undefined;
  /** The registry subject (default `<topic>-value`). */
  readonly subject: string | undefined;
  /** The protobuf message type (default the file's first). */
  readonly message: string | undefined;
  /** A sink's registered schema to write with (`value.schema.id`) instead of registering one. */
  readonly schemaId: number | undefined;
}

/** The schema keys of both Kafka connectors. */
export const VALUE_SCHEMA_PROPERTIES: readonly PropertySpec[] = [
  { key: 'avro.schema', description: "the Avro schema of the values, as JSON text (format = 'avro')" },
  { key: 'avro.schema.file', description: 'a file holding the Avro schema (relative to the SQL file)' },
  { key: 'protobuf.schema', description: "the .proto text of the values (format = 'protobuf')" },
  { key: 'protobuf.schema.file', description: 'a .proto file (relative to the SQL file)' },
  { key: 'protobuf.message', description: 'the message type of the values', default: 'the first message of the .proto' },
  { key: 'schema.registry.url', description: 'a Confluent schema registry: values carry its wire format (magic byte 0 and the schema id)' },
  { key: 'schema.registry.subject', description: 'the registry subject', default: "'<topic>-value'" },
  { key: 'schema.registry.basic.auth.user.info', description: 'user:password for the registry (HTTP basic authentication)' },
];

/** The sink's extra schema key. */
export const SINK_SCHEMA_PROPERTIES: readonly PropertySpec[] = [
  ...VALUE_SCHEMA_PROPERTIES,
  { key: 'value.schema.id', description: 'write with this registered schema instead of registering one (needs schema.registry.url)' },
];

/** The formats that take a schema. */
export type SchemaBoundFormat = 'avro' | 'protobuf';

const SCHEMA_KEYS = { avro: ['avro.schema', 'avro.schema.file'], protobuf: ['protobuf.schema', 'protobuf.schema.file', 'protobuf.message'] } as const;
const REGISTRY_KEYS = ['schema.registry.url', 'schema.registry.subject', 'schema.registry.basic.auth.user.info', 'value.schema.id'] as const;

/**
 * Reads the schema keys for `format`, refusing keys of another format, a schema given both
 * inline and as a file, and registry keys without a schema-bound format. `side` says what a
 * missing schema means: a source must have one; an Avro sink without one writes a schema
 * generated from its output columns.
 */
export function valueSchemaConfig(props: ConnectorProperties, format: string, side: 'source' | 'sink', connector: string): ValueSchemaConfig | undefined {
  for (const [owner, keys] of Object.entries(SCHEMA_KEYS)) {
    const misplaced = keys.find((k) => props.has(k));
    if (owner !== format && misplaced !== undefined) throw new FerrisError('CONFIG', `${connector}: '${misplaced}' applies to format = '${owner}', not '${format}'`);
  }
  if (format !== 'avro' && format !== 'protobuf') {
    const registryKey = REGISTRY_KEYS.find((k) => props.has(k));
    if (registryKey !== undefined) throw notSupported(`'${registryKey}' with format = '${format}' (the schema registry is used with avro and protobuf)`);
    return undefined;
  }
  const [inlineKey, fileKey] = SCHEMA_KEYS[format];
  const inline = props.get(inlineKey);
  const file = props.get(fileKey);
  if (inline !== undefined && file !== undefined) throw new FerrisError('CONFIG', `${connector}: set either '${inlineKey}' or '${fileKey}', not both`);
  const url = props.get('schema.registry.url');
  const schemaId = optionalIntegerProperty(props, 'value.schema.id', 1);
  if (url === undefined) {
    const registryKey = REGISTRY_KEYS.find((k) => props.has(k));
    if (registryKey !== undefined) throw new FerrisError('CONFIG', `${connector}: '${registryKey}' needs 'schema.registry.url'`);
  }
  if (schemaId !== undefined && (inline !== undefined || file !== undefined)) {
    throw new FerrisError('CONFIG', `${connector}: 'value.schema.id' names the schema already; drop '${inline !== undefined ? inlineKey : fileKey}'`);
  }
  const missing = inline === undefined && file === undefined && url === undefined;
  if (missing && (side === 'source' || format === 'protobuf')) {
    throw new FerrisError('CONFIG', `${connector} with format = '${format}' needs its schema: set '${inlineKey}', '${fileKey}' or 'schema.registry.url'`);
  }
  return {
    inline,
    file,
    registry: url === undefined ? undefined : { url, userInfo: props.get('schema.registry.basic.auth.user.info') },
    subject: props.get('schema.registry.subject'),
    message: props.get('protobuf.message'),
    schemaId,
  };
}
