import type { BatchStrategyName } from '../../../../operators/batching/batchConfig.js';
import { FerrisError, notSupported } from '../../../types/errors.js';
import type { ConnectorContext, ConnectorProperties } from '../../types.js';
import { settingsOf, type KafkaSettingSide, type KafkaSettingSpec } from './kafkaSettingSpecs.js';

/** Where a resolved setting's value came from, from the highest precedence to the lowest. */
export type KafkaSettingSource = 'user' | 'strategy' | 'default';

/** The value a Kafka client setting ends up with, and why. */
export interface ResolvedKafkaSetting {
  readonly spec: KafkaSettingSpec;
  /** The value (a number, or a compression or acks name); undefined when kafkajs has no equivalent. */
  readonly value: number | string | undefined;
  readonly source: KafkaSettingSource;
  /** The key as the user wrote it (`sink.linger.ms`, an alias such as `compression`), when known or other than the setting's. */
  readonly writtenAs?: string;
  /** The strategy whose suggestion this is. */
  readonly strategy?: BatchStrategyName;
  /** A strategy's suggestion that was not taken, and why. */
  readonly passedOver?: PassedOver;
}

/** A suggestion of a strategy that a setting does not take. */
export interface PassedOver {
  readonly strategy: BatchStrategyName;
  readonly suggestion: string;
  readonly reason: string;
}

/** A connector's resolved Kafka client settings, by key. */
export type KafkaSettings = ReadonlyMap<string, ResolvedKafkaSetting>;

/** What the settings of one connector are resolved against. */
export interface KafkaSettingsContext {
  /** The batch strategy of the connector (see `connectorStrategy`), or undefined without batching. */
  readonly strategy: BatchStrategyName | undefined;
  /** A sink writing in Kafka transactions (`'mode' = 'transactional'`): it needs acks = all and retries. */
  readonly transactional?: boolean;
  /** How the user wrote each key (`linger.ms` → `sink.linger.ms`), for the log and EXPLAIN. */
  readonly keysAsWritten?: ReadonlyMap<string, string>;
}

/** The value of a setting as written, checked against its kind. */
function parseSetting(spec: KafkaSettingSpec, key: string, raw: string): number | string {
  const text = raw.trim();
  if (spec.values !== undefined) {
    const match = spec.values.find((v) => v === text.toLowerCase());
    if (match === undefined) throw new FerrisError('CONFIG', `invalid value '${raw}' for '${key}'; accepted values: ${spec.values.join(', ')}`);
    return match;
  }
  const min = spec.min ?? 0;
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min) {
    const unit = spec.kind === 'ms' ? 'milliseconds' : spec.kind === 'bytes' ? 'bytes' : spec.kind === 'records' ? 'records' : 'retries';
    throw new FerrisError('CONFIG', `invalid value '${raw}' for '${key}': expected a whole number of ${unit} ≥ ${min}`);
  }
  return value;
}

/** The user's value of a setting, under its key or an alias (both: an error). */
function userValue(spec: KafkaSettingSpec, props: ConnectorProperties): { key: string; raw: string } | undefined {
  const given = [spec.key, ...(spec.aliases ?? [])].filter((key) => props.has(key));
  if (given.length > 1) throw new FerrisError('CONFIG', `'${given[0]}' and '${given[1]}' both set ${spec.key}; keep one of them`);
  const [key] = given;
  return key === undefined ? undefined : { key, raw: props.get(key)! };
}

/** Why a transactional sink does not take a strategy's suggestion, if it does not. */
function transactionalRefusal(spec: KafkaSettingSpec, value: number | string): string | undefined {
  if (spec.key === 'acks' && value !== 'all' && value !== '-1') return 'a transaction needs acks = all';
  if (spec.key === 'retries' && value === 0) return 'an idempotent, transactional producer needs retries';
  return undefined;
}

/** The default of a setting; `resolved` holds the settings before it. */
function defaultOf(spec: KafkaSettingSpec, resolved: ReadonlyMap<string, ResolvedKafkaSetting>): number | string | undefined {
  if (spec.default !== undefined) return parseSetting(spec, spec.key, spec.default);
  if (spec.key === 'heartbeat.interval.ms') return Math.max(100, Math.floor(Number(resolved.get('session.timeout.ms')!.value) / 10));
  return undefined;
}

/** One setting by precedence: the user's value, else the strategy's suggestion, else the default. */
function resolveSetting(spec: KafkaSettingSpec, props: ConnectorProperties, context: KafkaSettingsContext, resolved: ReadonlyMap<string, ResolvedKafkaSetting>): ResolvedKafkaSetting {
  const user = userValue(spec, props);
  const { strategy, transactional = false } = context;
  if (user !== undefined) {
    const typed = context.keysAsWritten?.get(user.key) ?? user.key;
    if (spec.unsupported !== undefined) throw notSupported(`'${typed}' (${spec.unsupported})`);
    const value = parseSetting(spec, typed, user.raw);
    const refused = transactional ? transactionalRefusal(spec, value) : undefined;
    if (refused !== undefined) throw new FerrisError('CONFIG', `kafka_sink: '${typed}' = '${user.raw}' with 'mode' = 'transactional': ${refused}`);
    const writtenAs = context.keysAsWritten?.get(user.key) ?? (user.key === spec.key ? undefined : user.key);
    return { spec, value, source: 'user', ...(writtenAs === undefined ? {} : { writtenAs }) };
  }
  const suggestion = strategy === undefined ? undefined : spec.suggestions[strategy];
  const fallback = (reason?: string): ResolvedKafkaSetting => ({
    spec,
    value: defaultOf(spec, resolved),
    source: 'default',
    ...(reason === undefined ? {} : { passedOver: { strategy: strategy!, suggestion: suggestion!, reason } }),
  });
  if (suggestion === undefined) return fallback();
  if (spec.unsupported !== undefined) return fallback('kafkajs has no equivalent');
  const value = parseSetting(spec, spec.key, suggestion);
  const refused = transactional ? transactionalRefusal(spec, value) : undefined;
  if (refused !== undefined) return fallback(refused);
  if (spec.key === 'heartbeat.interval.ms' && Number(value) >= Number(resolved.get('session.timeout.ms')!.value)) {
    return fallback('not below session.timeout.ms');
  }
  return { spec, value, source: 'strategy', strategy: strategy! };
}

/**
 * Resolves the Kafka client settings of a source's consumer or a sink's producer from its
 * properties (whichever form the user wrote them in: `kafka.linger.ms`, `sink.kafka.linger.ms`,
 * `sink.linger.ms` and `'<name>.linger.ms'` all arrive as `linger.ms`). Each setting takes, in
 * this order of precedence, the user's value, the suggestion of the connector's batch strategy
 * (the reference guide's tables), or the default. A transactional sink passes over a suggested
 * acks other than all and retries 0. A setting kafkajs has no equivalent for
 * (`receive.buffer.bytes`, `buffer.memory`) is refused when the user sets it, and its
 * suggestion is noted as not applied.
 *
 * @throws FerrisError `CONFIG` for a bad value (naming the key and what it accepts), a key and
 *   its alias both given, or a transactional sink given acks other than all or retries 0;
 *   `NOT_SUPPORTED` for a setting kafkajs has no equivalent for.
 */
export function resolveKafkaSettings(side: KafkaSettingSide, props: ConnectorProperties, context: KafkaSettingsContext): KafkaSettings {
  const resolved = new Map<string, ResolvedKafkaSetting>();
  for (const spec of settingsOf(side)) resolved.set(spec.key, resolveSetting(spec, props, context, resolved));
  const heartbeat = resolved.get('heartbeat.interval.ms');
  if (heartbeat?.source === 'user' && Number(heartbeat.value) >= Number(resolved.get('session.timeout.ms')!.value)) {
    throw new FerrisError('CONFIG', `'heartbeat.interval.ms' = '${heartbeat.value}' must be below 'session.timeout.ms' (${resolved.get('session.timeout.ms')!.value})`);
  }
  return resolved;
}

/** A resolved setting's number (the numeric kinds). */
export function settingNumber(settings: KafkaSettings, key: string): number {
  const value = settings.get(key)?.value;
  if (typeof value !== 'number') throw new FerrisError('INTERNAL', `Kafka setting ${key} has no number`);
  return value;
}

/** A resolved setting's name (compression, acks). */
export function settingName(settings: KafkaSettings, key: string): string {
  const value = settings.get(key)?.value;
  if (typeof value !== 'string') throw new FerrisError('INTERNAL', `Kafka setting ${key} has no name`);
  return value;
}

/**
 * Where a setting's value came from, as the log and EXPLAIN show it: `user`, `strategy
 * time_window`, `default`, `default; strategy low_latency suggests 1, not applied: a
 * transaction needs acks = all`; for a setting kafkajs has no equivalent for, `kafkajs has no
 * equivalent; strategy fixed_size suggests 65536, not applied`.
 */
export function describeSettingSource(setting: ResolvedKafkaSetting): string {
  const passed = setting.passedOver;
  if (setting.spec.unsupported !== undefined) {
    return passed === undefined ? 'kafkajs has no equivalent' : `kafkajs has no equivalent; strategy ${passed.strategy} suggests ${passed.suggestion}, not applied`;
  }
  switch (setting.source) {
    case 'user':
      return setting.writtenAs === undefined ? 'user' : `user, as '${setting.writtenAs}'`;
    case 'strategy':
      return `strategy ${setting.strategy!}`;
    case 'default':
      return passed === undefined ? 'default' : `default; strategy ${passed.strategy} suggests ${passed.suggestion}, not applied: ${passed.reason}`;
  }
}

/** `linger.ms=10 (strategy fixed_size)`; a setting kafkajs cannot apply reads `buffer.memory not set (kafkajs has no equivalent; ...)`. */
export function describeSetting(setting: ResolvedKafkaSetting): string {
  const value = setting.value === undefined ? `${setting.spec.key} not set` : `${setting.spec.key}=${setting.value}`;
  return `${value} (${describeSettingSource(setting)})`;
}

/**
 * Logs one `info` line per setting: its value and where it came from, with the fields `key`,
 * `value`, `source` (user, strategy, default) and `connector`. A setting without a value
 * (kafkajs has no equivalent) is logged only when a strategy suggested it.
 */
export function logKafkaSettings(connector: string, settings: KafkaSettings, log: ConnectorContext['log']): void {
  for (const setting of settings.values()) {
    if (setting.value === undefined && setting.passedOver === undefined) continue;
    log('info', `${connector}: ${describeSetting(setting)}`, {
      connector,
      key: setting.spec.key,
      ...(setting.value === undefined ? {} : { value: setting.value }),
      source: setting.source === 'strategy' ? `strategy ${setting.strategy!}` : setting.source,
    });
  }
}

/**
 * The settings of a Kafka connector being opened with `ctx`: resolved against its batch
 * strategy (`ctx.batchStrategy`), a sink against its delivery mode too (a transactional one
 * when `ctx.checkpointing` is Kafka's), keys named as the user wrote them; each decision is
 * logged once ({@link logKafkaSettings}).
 */
export function openingSettings(side: KafkaSettingSide, props: ConnectorProperties, ctx: ConnectorContext): KafkaSettings {
  const settings = resolveKafkaSettings(side, props, {
    strategy: ctx.batchStrategy,
    transactional: side === 'sink' && ctx.checkpointing?.store === 'kafka',
    ...(ctx.keysAsWritten && { keysAsWritten: ctx.keysAsWritten }),
  });
  logKafkaSettings(ctx.connectorName ?? `kafka_${side}`, settings, ctx.log);
  return settings;
}
