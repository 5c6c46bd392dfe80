import { FerrisError, type SourceLocation } from '../types/errors.js';
import { DATAGEN_DESCRIPTOR } from './datagen/datagenDescriptor.js';
import { didYouMean } from '../types/didYouMean.js';
import { fileSinkFactory } from './file/fileSinkFactory.js';
import { fileSourceFactory } from './file/fileSourceFactory.js';
import { HTTP_SOURCE_DESCRIPTOR } from './http/httpSourceDescriptor.js';
import { KAFKA_SINK_DESCRIPTOR, KAFKA_SOURCE_DESCRIPTOR } from './kafka/kafkaDescriptors.js';
import { lazyFactory } from './lazyFactory.js';
import { stdoutSinkFactory } from './stdout/stdoutSink.js';
import type { ConnectorProperties, SinkFactory, SourceFactory } from './types.js';

/** Keys every connector accepts besides its own: `type` itself and `config_file` (YAML, loaded by the runtime). */
const META_KEYS: readonly string[] = ['type', 'config_file'];

const sources = new Map<string, SourceFactory>();
const sinks = new Map<string, SinkFactory>();

/** Makes a source type available by its `type` name (e.g. a Kafka source added by its module). */
export function registerSourceFactory(factory: SourceFactory): void {
  sources.set(factory.type, factory);
}

/** Makes a sink type available by its `type` name. */
export function registerSinkFactory(factory: SinkFactory): void {
  sinks.set(factory.type, factory);
}

/*
 * Connectors a job may well not use are registered by descriptor (type and properties, for
 * validation) with a lazy loader of their code (see lazyFactory): a file job does not load the
 * generator, and a Kafka connector registered the same way keeps its client library out of
 * jobs that do not read or write Kafka. The file connectors and stdout are small and loaded
 * with the registry.
 */
registerSourceFactory(fileSourceFactory);
registerSourceFactory(lazyFactory(DATAGEN_DESCRIPTOR, async () => (await import('./datagen/datagenSourceFactory.js')).datagenSourceFactory.open));
registerSourceFactory(lazyFactory(KAFKA_SOURCE_DESCRIPTOR, async () => (await import('./kafka/kafkaSourceFactory.js')).kafkaSourceFactory.open));
registerSourceFactory(lazyFactory(HTTP_SOURCE_DESCRIPTOR, async () => (await import('./http/httpSourceFactory.js')).httpSourceFactory.open));
registerSinkFactory(fileSinkFactory);
registerSinkFactory(stdoutSinkFactory);
registerSinkFactory(lazyFactory(KAFKA_SINK_DESCRIPTOR, async () => (await import('./kafka/kafkaSinkFactory.js')).kafkaSinkFactory.open));

/** The registered source types, sorted. */
export function sourceTypes(): string[] {
  return [...sources.keys()].sort();
}

/** The registered sink types, sorted. */
export function sinkTypes(): string[] {
  return [...sinks.keys()].sort();
}

function unknownType(kind: 'source' | 'sink', type: string, valid: readonly string[]): FerrisError {
  const suggestion = didYouMean(type, valid);
  const hint = suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`;
  return new FerrisError('CONFIG', `unknown ${kind} type '${type}'${hint}; valid ${kind} types: ${valid.join(', ')}`);
}

/** The factory of a source type; a CONFIG error naming the type and listing the valid ones otherwise. */
export function sourceFactory(type: string): SourceFactory {
  const factory = sources.get(type.trim().toLowerCase());
  if (factory === undefined) throw unknownType('source', type, sourceTypes());
  return factory;
}

/** The factory of a sink type; a CONFIG error naming the type and listing the valid ones otherwise. */
export function sinkFactory(type: string): SinkFactory {
  const factory = sinks.get(type.trim().toLowerCase());
  if (factory === undefined) throw unknownType('sink', type, sinkTypes());
  return factory;
}

/** Where a connector key was written in SQL: the key as the user typed it, and its position. */
export interface WrittenKey {
  readonly key: string;
  readonly location: SourceLocation;
}

/**
 * Checks the properties of the connector `connectorName` (keys without the `<name>.` prefix)
 * against what its factory accepts: an unknown key is a CONFIG error naming the full key
 * (`'trades.paht'`), a did-you-mean and the valid keys; an enumeration value outside its
 * accepted values is a CONFIG error naming the full key and the accepted values; a value not
 * built yet (`notSupportedYet`) is a NOT_SUPPORTED error saying what it needs. Throws the
 * first error of {@link propertyErrors}.
 */
export function validateProperties(
  factory: SourceFactory | SinkFactory,
  props: ConnectorProperties,
  connectorName: string,
  written?: ReadonlyMap<string, WrittenKey>,
): void {
  const [first] = propertyErrors(factory, props, connectorName, written);
  if (first !== undefined) throw first;
}

/**
 * Every error of a connector's properties (see {@link validateProperties}). A key found in
 * `written` is named as the user typed it (`'source.fetch.min.bytes'`, not the rewritten
 * `'orders.fetch.min.bytes'`), suggestions use the same prefix, and the error is located there.
 */
export function propertyErrors(
  factory: SourceFactory | SinkFactory,
  props: ConnectorProperties,
  connectorName: string,
  written: ReadonlyMap<string, WrittenKey> = new Map(),
): FerrisError[] {
  const specs = new Map(factory.properties.map((spec) => [spec.key, spec]));
  const errors: FerrisError[] = [];
  for (const [key, value] of props) {
    if (META_KEYS.includes(key)) continue;
    const origin = written.get(key);
    const typed = origin?.key ?? `${connectorName}.${key}`;
    const prefix = typed.toLowerCase().endsWith(key.toLowerCase()) ? typed.slice(0, typed.length - key.length) : `${connectorName}.`;
    const location = origin === undefined ? {} : { location: origin.location };
    const spec = specs.get(key);
    if (spec === undefined) {
      const valid = [...specs.keys()];
      const suggestion = didYouMean(key, valid);
      const hint = suggestion === undefined ? '' : ` (did you mean '${prefix}${suggestion}'?)`;
      errors.push(new FerrisError('CONFIG', `unknown property '${typed}' for ${factory.type}${hint}; valid keys: ${valid.join(', ')}`, location));
    } else if (spec.notSupportedYet?.[value.trim().toLowerCase()] !== undefined) {
      const what = spec.notSupportedYet[value.trim().toLowerCase()]!;
      errors.push(new FerrisError('NOT_SUPPORTED', `not supported yet: '${typed}' = '${value}' for ${factory.type} (${what})`, location));
    } else if (spec.values !== undefined && !spec.values.some((accepted) => accepted.toLowerCase() === value.trim().toLowerCase())) {
      errors.push(new FerrisError('CONFIG', `invalid value '${value}' for '${typed}'; accepted values: ${spec.values.join(', ')}`, location));
    } else if (spec.min !== undefined && !(value.trim() !== '' && Number.isSafeInteger(Number(value.trim())) && Number(value.trim()) >= spec.min)) {
      errors.push(new FerrisError('CONFIG', `invalid value '${value}' for '${typed}': expected a whole number ≥ ${spec.min}`, location));
    }
  }
  return errors;
}
