import type { Property } from '../../sql/ast.js';
import { didYouMean } from '../../types/didYouMean.js';
import { FerrisError } from '../../types/errors.js';
import { durationKey } from '../timeConfig.js';
import type { KeyOrigin } from './catalog.js';
import { isBatchKey, JOB_KEYS, jobKeySpec, type JobKeySpec } from './jobKeys.js';

/** The names a statement's WITH keys can be prefixed with. */
export interface PropertySubjects {
  /** FROM/JOIN names of the statement (or the declared name of CREATE STREAM ... WITH). */
  readonly sources: readonly string[];
  /** The statement's target (CSAS/CTAS name, INSERT INTO / SELECT ... INTO target). */
  readonly target: string | undefined;
  /** Declarations (`CREATE STREAM x (...) WITH (...)`) take unprefixed connector keys for `x`. */
  readonly declared: string | undefined;
  /**
   * What the seed's unprefixed `'kafka.<key>'` keys of a statement configure: the single
   * source (a kafka_source), or for INSERT INTO the target (a kafka_sink). Default: the source.
   */
  readonly kafkaSide?: 'source' | 'sink';
}

/** A WITH list split by what it configures. */
export interface ResolvedProperties {
  /** Connector name (as written in the statement) → its keys without the prefix. */
  readonly connectors: Map<string, Map<string, string>>;
  /** Connector name → where each of its keys was written. */
  readonly origins: Map<string, Map<string, KeyOrigin>>;
  /** Unprefixed job-level keys. */
  readonly job: Map<string, string>;
}

/** The seed's forms: `source.file.path`, `sink.kafka.topic`, ... with the type taken from the key. */
const SEED_TYPES: Record<string, string> = {
  'source.file.': 'file_source',
  'source.kafka.': 'kafka_source',
  'sink.file.': 'file_sink',
  'sink.kafka.': 'kafka_sink',
};

/**
 * Splits WITH properties by subject (DESIGN.md §5): `'<name>.<key>'` for a FROM/JOIN name or the
 * target; the seed's `'source.file.path'`, `'sink.kafka.topic'`, `'source.<key>'`, `'sink.<key>'`
 * forms for the single source and the target, and its unprefixed `'kafka.<key>'` (see
 * `kafkaSide`; in a declaration, the declared stream's `<key>`); unprefixed job keys. Anything else is a CONFIG
 * error naming the key, what it could have meant and the valid job keys. Job keys a source may
 * set for itself (`'<source>.watermark.max_out_of_orderness'`) are checked here, either way
 * they are written. Every error is located at its property.
 *
 * @param report receives each bad property's error, and the others are still read; without
 *   it the first error is thrown.
 */
export function resolveProperties(properties: readonly Property[], subjects: PropertySubjects, report?: (error: FerrisError) => void): ResolvedProperties {
  const connectors = new Map<string, Map<string, string>>();
  const origins = new Map<string, Map<string, KeyOrigin>>();
  const job = new Map<string, string>();
  const names = [...subjects.sources, ...(subjects.target ? [subjects.target] : [])];
  const set = (name: string, key: string, value: string, property: Property): void => {
    const map = connectors.get(name) ?? new Map<string, string>();
    connectors.set(name, map);
    if (map.has(key) && map.get(key) !== value) {
      throw new FerrisError('CONFIG', `'${property.key}' sets '${name}.${key}' a second time with another value`, {
        location: property.loc,
      });
    }
    const jobKey = jobKeySpec(key);
    if (jobKey !== undefined && !jobKey.perSource) throw jobKeyOfConnector(property, jobKey.key, name);
    map.set(key, jobKey?.perSource ? checkedValue(jobKey, property) : value);
    const keyOrigins = origins.get(name) ?? new Map<string, KeyOrigin>();
    origins.set(name, keyOrigins);
    keyOrigins.set(key, { key: property.key.trim(), location: property.loc });
  };
  const resolve = (property: Property): void => {
    const key = property.key.trim();
    const lower = key.toLowerCase();
    const value = property.value.text;
    const named = longestPrefix(lower, names);
    if (named !== undefined) {
      set(named, key.slice(named.length + 1), value, property);
      return;
    }
    const seed = Object.keys(SEED_TYPES).find((prefix) => lower.startsWith(prefix));
    if (seed !== undefined || lower.startsWith('source.') || lower.startsWith('sink.')) {
      const side = lower.startsWith('source.') ? 'source' : 'sink';
      const subject = side === 'source' ? singleSource(subjects, property) : targetOf(subjects, property);
      const rest = key.slice((seed ?? `${side}.`).length);
      if (seed !== undefined) set(subject, 'type', SEED_TYPES[seed]!, property);
      set(subject, rest, value, property);
      return;
    }
    if (lower.startsWith('kafka.')) {
      const rest = key.slice('kafka.'.length);
      if (subjects.declared !== undefined) {
        set(subjects.declared, rest, value, property);
        return;
      }
      const sink = subjects.kafkaSide === 'sink';
      const subject = sink ? targetOf(subjects, property) : singleSource(subjects, property);
      set(subject, 'type', sink ? 'kafka_sink' : 'kafka_source', property);
      set(subject, rest, value, property);
      return;
    }
    if (isBatchKey(lower)) {
      if (subjects.declared !== undefined) set(subjects.declared, lower, value, property);
      else job.set(lower, value);
      return;
    }
    const spec = jobKeySpec(lower);
    if (spec !== undefined) {
      if (subjects.declared === undefined) job.set(spec.key, checkedValue(spec, property));
      else if (spec.perSource) set(subjects.declared, spec.key, value, property);
      else throw jobKeyInDeclaration(property, subjects.declared);
      return;
    }
    if (subjects.declared !== undefined) {
      set(subjects.declared, key, value, property);
      return;
    }
    throw unknownKey(property, names);
  };
  for (const property of properties) {
    try {
      resolve(property);
    } catch (error) {
      if (!(error instanceof FerrisError) || report === undefined) throw error;
      report(error);
    }
  }
  inheritKafkaServers(connectors, origins, subjects);
  return { connectors, origins, job };
}

/**
 * A Kafka sink given no `bootstrap.servers` writes to the cluster its statement's Kafka source
 * reads, when the same WITH names that source's servers (the reference guide's
 * `'source.kafka.bootstrap.servers'` with only `'sink.kafka.topic'`): one cluster is the
 * common case, and `localhost:9092` would be a surprise there.
 */
function inheritKafkaServers(connectors: Map<string, Map<string, string>>, origins: Map<string, Map<string, KeyOrigin>>, subjects: PropertySubjects): void {
  const target = subjects.target === undefined ? undefined : connectors.get(subjects.target);
  if (target === undefined || target.get('type') !== 'kafka_sink' || target.has('bootstrap.servers')) return;
  const sources = subjects.sources.filter((name) => connectors.get(name)?.get('type') === 'kafka_source' && connectors.get(name)!.has('bootstrap.servers'));
  const servers = new Set(sources.map((name) => connectors.get(name)!.get('bootstrap.servers')!));
  if (servers.size !== 1) return;
  const [source] = sources;
  target.set('bootstrap.servers', [...servers][0]!);
  const origin = origins.get(source!)?.get('bootstrap.servers');
  if (origin !== undefined) origins.get(subjects.target!)?.set('bootstrap.servers', origin);
}

/** A job key's value, checked: refused when a later issue builds it, one of its values, a valid duration or count. */
function checkedValue(spec: JobKeySpec, property: Property): string {
  const value = property.value.text;
  if (spec.notSupportedYet) {
    throw new FerrisError('NOT_SUPPORTED', `not supported yet: '${property.key}' (${spec.notSupportedYet})`, { location: property.loc });
  }
  const refused = spec.notSupportedYetValues?.[value.trim().toLowerCase()];
  if (refused !== undefined) {
    throw new FerrisError('NOT_SUPPORTED', `not supported yet: '${property.key}' = '${value}' (${refused})`, { location: property.loc });
  }
  if (spec.values && !spec.values.includes(value.trim().toLowerCase())) {
    throw new FerrisError('CONFIG', `invalid value '${value}' for '${property.key}'; accepted values: ${spec.values.join(', ')}`, {
      location: property.loc,
    });
  }
  if (spec.duration) {
    try {
      durationKey(property.key, value);
    } catch (error) {
      throw new FerrisError('CONFIG', (error as Error).message, { location: property.loc, cause: error });
    }
  }
  if (spec.positiveInteger && !/^[1-9]\d*$/.test(value.trim())) {
    throw new FerrisError('CONFIG', `invalid value '${value}' for '${property.key}': write a whole number of at least 1`, { location: property.loc });
  }
  return spec.values ? value.trim().toLowerCase() : value;
}
function longestPrefix(lowerKey: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const name of names) {
    if (lowerKey.startsWith(name.toLowerCase() + '.') && (best === undefined || name.length > best.length)) best = name;
  }
  return best;
}

function singleSource(subjects: PropertySubjects, property: Property): string {
  if (subjects.sources.length === 1) return subjects.sources[0]!;
  const what = subjects.sources.length === 0 ? 'no source' : `${subjects.sources.length} sources (${subjects.sources.join(', ')})`;
  throw new FerrisError('CONFIG', `'${property.key}' needs exactly one source, but the statement reads ${what}; prefix the key with the source name`, {
    location: property.loc,
  });
}

function targetOf(subjects: PropertySubjects, property: Property): string {
  if (subjects.target !== undefined) return subjects.target;
  throw new FerrisError('CONFIG', `'${property.key}' configures a sink, but the statement writes to no named target`, {
    location: property.loc,
  });
}

function jobKeyOfConnector(property: Property, jobKey: string, connector: string): FerrisError {
  return new FerrisError(
    'CONFIG',
    `'${property.key}': '${jobKey}' configures the whole job, not '${connector}'; write it unprefixed, '${jobKey}', in the WITH of the statement`,
    { location: property.loc },
  );
}

function jobKeyInDeclaration(property: Property, declared: string): FerrisError {
  return new FerrisError(
    'CONFIG',
    `'${property.key}' configures a job, not the stream '${declared}' declared here; write it in the WITH of the statement that reads ${declared} (CREATE STREAM ... AS SELECT ... FROM ${declared} WITH ('${property.key}' = ...))`,
    { location: property.loc },
  );
}

function unknownKey(property: Property, names: readonly string[]): FerrisError {
  const key = property.key;
  const prefix = key.includes('.') ? key.slice(0, key.indexOf('.')) : undefined;
  const jobKeys = JOB_KEYS.map((spec) => spec.key);
  const suggestion = didYouMean(key, jobKeys) ?? (prefix ? didYouMean(prefix, names) : undefined);
  const parts = [
    `unknown WITH key '${key}'`,
    suggestion ? `did you mean '${suggestion}'?` : undefined,
    names.length > 0 ? `connector keys start with one of: ${names.map((n) => `'${n}.'`).join(', ')}` : undefined,
    `job keys: ${jobKeys.join(', ')}`,
  ];
  return new FerrisError('CONFIG', parts.filter(Boolean).join('; '), { location: property.loc });
}
