import type { ConnectorProperties, PropertySpec } from './types.js';

/**
 * What a connector type states without loading its code: its `type` name and the properties it
 * accepts. Planning and `ferris check` validate WITH keys against these alone, so a connector's
 * descriptor lives in a module of its own that imports nothing heavy.
 */
export interface ConnectorDescriptor {
  readonly type: string;
  readonly properties: readonly PropertySpec[];
  /** For a source: whether it ends by itself with these properties (see `SourceFactory.endsByItself`). */
  readonly endsByItself?: (props: ConnectorProperties) => boolean;
  /** Throws the error of properties that do not fit together (see `SourceFactory.checkProperties`). */
  readonly checkProperties?: (props: ConnectorProperties, keysAsWritten?: ReadonlyMap<string, string>) => void;
  /** For a sink: begins what its opening will wait for, while the job's sources open (see `SinkFactory.prepare`). */
  readonly prepare?: (props: ConnectorProperties) => void;
}

/** A factory as the registry holds it: a descriptor and an `open` (a SourceFactory or a SinkFactory). */
export interface OpeningFactory<A extends unknown[], R> extends ConnectorDescriptor {
  open(...args: A): Promise<R>;
}

/**
 * A factory of `descriptor.type` whose implementation is loaded by its first `open`: `load`
 * imports the module holding the real `open` (`async () => (await import('./kafka/kafkaSource.js')).openKafkaSource`),
 * once; later opens reuse it. A job that does not use the type never loads its module, nor
 * the packages that module imports (a Kafka client for a file job), which keeps start-up to
 * what the job needs. A failed load rejects the `open` (and the next `open` tries again).
 */
export function lazyFactory<A extends unknown[], R>(
  descriptor: ConnectorDescriptor,
  load: () => Promise<(...args: A) => Promise<R>>,
): OpeningFactory<A, R> {
  let loading: Promise<(...args: A) => Promise<R>> | undefined;
  return {
    type: descriptor.type,
    properties: descriptor.properties,
    ...(descriptor.endsByItself === undefined ? {} : { endsByItself: descriptor.endsByItself }),
    ...(descriptor.checkProperties === undefined ? {} : { checkProperties: descriptor.checkProperties }),
    ...(descriptor.prepare === undefined ? {} : { prepare: descriptor.prepare }),
    open: async (...args: A) => {
      loading ??= load().catch((error: unknown) => {
        loading = undefined;
        throw error;
      });
      const open = await loading;
      return open(...args);
    },
  };
}
