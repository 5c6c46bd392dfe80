import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { resolveKafkaSettings, type KafkaSettings } from '../../../lib/connectors/kafka/settings/resolveKafkaSettings.js';
import { loadApp } from '../../../lib/runtime/app.js';
import { connectorErrors } from '../../../lib/runtime/connectorErrors.js';
import { jobKafkaSettings } from '../../../lib/runtime/explainKafkaSettings.js';

/** The settings of the Kafka `side` of the first job of `sql`, as the job would open it. */
function settingsOf(sql: string, side: 'source' | 'sink'): KafkaSettings {
  const app = loadApp(sql, { file: undefined, variables: () => undefined });
  const found = jobKafkaSettings(app.jobs[0]!, tmpdir()).find((c) => c.side === side);
  if (found === undefined) throw new Error(`no kafka ${side} in ${sql}`);
  return found.settings;
}

/** value and where it came from, as `10 (strategy fixed_size)` */
function shown(settings: KafkaSettings, key: string): string {
  const s = settings.get(key)!;
  const from = s.source === 'strategy' ? `strategy ${s.strategy!}` : s.source === 'user' ? `user ${s.writtenAs ?? ''}`.trimEnd() : 'default';
  return `${String(s.value)} (${from})`;
}

const DECLARED = "CREATE STREAM orders (id INTEGER) WITH ('orders.type' = 'kafka_source', 'orders.topic' = 'orders');\n";

/** A statement reading `orders` into the Kafka sink `out`, with extra WITH keys. */
const csas = (keys: string): string => `${DECLARED}CREATE STREAM out AS SELECT id FROM orders WITH ('out.type' = 'kafka_sink', 'out.topic' = 'out'${keys});`;

describe('Kafka client settings: user over strategy over default', () => {
  describe('for the sink, in every form of key', () => {
    const forms: readonly [string, string][] = [
      ['<name>.linger.ms', "'out.linger.ms'"],
      ['sink.linger.ms', "'sink.linger.ms'"],
      ['sink.kafka.linger.ms', "'sink.kafka.linger.ms'"],
    ];
    for (const [form, key] of forms) {
      it(`${form}: the user's value wins over the strategy's suggestion`, () => {
        const settings = settingsOf(csas(`, 'batch.strategy' = 'time_window', ${key} = '7'`), 'sink');
        expect(shown(settings, 'linger.ms')).toBe(`7 (user ${key.slice(1, -1)})`);
        // The settings the user did not write still follow the strategy.
        expect(shown(settings, 'compression.type')).toBe('lz4 (strategy time_window)');
        expect(shown(settings, 'batch.size')).toBe('65536 (strategy time_window)');
      });
    }

    it("unprefixed 'kafka.*' keys of INSERT INTO configure the sink", () => {
      const sql = `${DECLARED}INSERT INTO out SELECT id FROM orders WITH ('kafka.topic' = 'out', 'kafka.linger.ms' = '3', 'kafka.batch.size' = '2048', 'batch.strategy' = 'memory_based');`;
      const settings = settingsOf(sql, 'sink');
      expect(shown(settings, 'linger.ms')).toBe("3 (user kafka.linger.ms)");
      expect(shown(settings, 'batch.size')).toBe('2048 (user kafka.batch.size)');
      expect(shown(settings, 'compression.type')).toBe('gzip (strategy memory_based)');
    });

    it("batch.size of a Kafka sink is Kafka's, in bytes, whichever way it is written", () => {
      for (const key of ['out.batch.size', 'sink.batch.size', 'sink.kafka.batch.size']) {
        const settings = settingsOf(csas(`, '${key}' = '32768'`), 'sink');
        expect(settings.get('batch.size')!.value).toBe(32768);
      }
    });

    it('each strategy carries its own suggestions', () => {
      const suggestions = (strategy: string): string[] => {
        const settings = settingsOf(csas(`, 'batch.strategy' = '${strategy}'`), 'sink');
        return ['batch.size', 'linger.ms', 'compression.type', 'acks', 'retries'].map((key) => String(settings.get(key)!.value));
      };
      expect(suggestions('fixed_size')).toEqual(['16384', '10', 'snappy', 'all', '8']);
      expect(suggestions('time_window')).toEqual(['65536', '5000', 'lz4', 'all', '8']);
      expect(suggestions('adaptive_size')).toEqual(['32768', '100', 'snappy', 'all', '8']);
      expect(suggestions('memory_based')).toEqual(['16384', '100', 'gzip', 'all', '8']);
      expect(suggestions('low_latency')).toEqual(['1024', '5', 'none', '1', '0']);
    });

    it("a sink's own batch.strategy wins over the job's", () => {
      const settings = settingsOf(csas(", 'batch.strategy' = 'time_window', 'out.batch.strategy' = 'low_latency'"), 'sink');
      expect(shown(settings, 'linger.ms')).toBe('5 (strategy low_latency)');
    });

    it('without a batch strategy, or with batching off, every setting is the default', () => {
      for (const keys of ['', ", 'batch.enable' = 'false', 'batch.strategy' = 'time_window'"]) {
        const settings = settingsOf(csas(keys), 'sink');
        expect([...settings.values()].filter((s) => s.value !== undefined).map((s) => `${s.spec.key}=${String(s.value)} ${s.source}`)).toEqual([
          'batch.size=16384 default',
          'linger.ms=0 default',
          'compression.type=none default',
          'acks=all default',
          'retries=8 default',
        ]);
      }
    });

    it('batch keys without batch.strategy choose fixed_size, as the batching does', () => {
      expect(shown(settingsOf(csas(", 'batch.size' = '500'"), 'sink'), 'linger.ms')).toBe('10 (strategy fixed_size)');
    });

    it("a transactional sink passes over low_latency's acks = 1 and retries = 0, and says why", () => {
      const settings = settingsOf(csas(", 'mode' = 'transactional', 'batch.strategy' = 'low_latency'"), 'sink');
      expect(shown(settings, 'acks')).toBe('all (default)');
      expect(settings.get('acks')!.passedOver).toEqual({ strategy: 'low_latency', suggestion: '1', reason: 'a transaction needs acks = all' });
      expect(shown(settings, 'retries')).toBe('8 (default)');
      expect(shown(settings, 'linger.ms')).toBe('5 (strategy low_latency)');
    });
  });

  describe('for the source, in every form of key', () => {
    const statement = (declaredKeys: string, keys: string): string =>
      `CREATE STREAM orders (id INTEGER) WITH ('orders.type' = 'kafka_source', 'orders.topic' = 'orders'${declaredKeys});\n` +
      `CREATE STREAM out AS SELECT id FROM orders WITH ('out.type' = 'file_sink', 'out.path' = 'out.jsonl', 'batch.strategy' = 'low_latency'${keys});`;
    const forms: readonly [string, string, string][] = [
      ['<name>.fetch.max.wait.ms', '', "'orders.fetch.max.wait.ms'"],
      ['source.fetch.max.wait.ms', '', "'source.fetch.max.wait.ms'"],
      ['source.kafka.fetch.max.wait.ms', '', "'source.kafka.fetch.max.wait.ms'"],
      ["kafka.fetch.max.wait.ms of a CSAS's single source", '', "'kafka.fetch.max.wait.ms'"],
      ['the declaration', ", 'orders.fetch.max.wait.ms' = '9'", ''],
    ];
    for (const [form, declaredKeys, key] of forms) {
      it(`${form}: the user's value wins over the strategy's suggestion`, () => {
        const settings = settingsOf(statement(declaredKeys, key === '' ? '' : `, ${key} = '9'`), 'source');
        expect(settings.get('fetch.max.wait.ms')).toMatchObject({ value: 9, source: 'user' });
        expect(shown(settings, 'max.poll.records')).toBe('10 (strategy low_latency)');
        expect(shown(settings, 'heartbeat.interval.ms')).toBe('1000 (strategy low_latency)');
      });
    }

    it('defaults without a strategy; the heartbeat follows the session timeout', () => {
      const settings = settingsOf(statement(", 'orders.session.timeout.ms' = '2000'", '').replace(", 'batch.strategy' = 'low_latency'", ''), 'source');
      expect(shown(settings, 'fetch.max.wait.ms')).toBe('250 (default)');
      expect(shown(settings, 'max.poll.records')).toBe('1000 (default)');
      expect(shown(settings, 'heartbeat.interval.ms')).toBe('200 (default)');
    });

    it("a source's batch.size is max.poll.records; writing both is an error", () => {
      expect(shown(settingsOf(statement(", 'orders.batch.size' = '42'", ''), 'source'), 'max.poll.records')).toBe('42 (user orders.batch.size)');
      expect(() => resolveKafkaSettings('source', new Map([['batch.size', '1'], ['max.poll.records', '2']]), { strategy: undefined })).toThrow(
        "'max.poll.records' and 'batch.size' both set max.poll.records; keep one of them",
      );
    });
  });

  describe('bad values name the key and what it accepts', () => {
    const sink = (key: string, value: string): (() => unknown) => () => resolveKafkaSettings('sink', new Map([[key, value]]), { strategy: 'fixed_size' });
    it.each([
      ['linger.ms', '5s', "invalid value '5s' for 'linger.ms': expected a whole number of milliseconds ≥ 0"],
      ['batch.size', '-1', "invalid value '-1' for 'batch.size': expected a whole number of bytes ≥ 0"],
      ['compression.type', 'brotli', "invalid value 'brotli' for 'compression.type'; accepted values: none, gzip, snappy, lz4, zstd"],
      ['acks', '2', "invalid value '2' for 'acks'; accepted values: all, -1, 1, 0"],
    ])('%s = %s', (key, value, message) => {
      expect(sink(key, value)).toThrow(message);
    });

    it('a setting kafkajs has no equivalent for is refused, saying so', () => {
      expect(sink('buffer.memory', '1000')).toThrow("not supported yet: 'buffer.memory' (kafkajs has no producer buffer");
      expect(() => resolveKafkaSettings('source', new Map([['receive.buffer.bytes', '1']]), { strategy: undefined })).toThrow('kafkajs has no socket receive buffer setting');
    });

    it('ferris check names the key as the user wrote it', () => {
      const app = loadApp(csas(", 'sink.linger.ms' = 'soon'"), { file: undefined, variables: () => undefined });
      expect(connectorErrors(app.jobs[0]!, tmpdir()).map((e) => e.message)).toEqual(["invalid value 'soon' for 'sink.linger.ms': expected a whole number of milliseconds ≥ 0"]);
    });

    it('a transactional sink refuses acks other than all, and retries 0', () => {
      const transactional = (key: string, value: string): (() => unknown) => () => resolveKafkaSettings('sink', new Map([[key, value]]), { strategy: undefined, transactional: true });
      expect(transactional('acks', '1')).toThrow("kafka_sink: 'acks' = '1' with 'mode' = 'transactional': a transaction needs acks = all");
      expect(transactional('retries', '0')).toThrow('an idempotent, transactional producer needs retries');
    });

    it('a heartbeat not below the session timeout is refused', () => {
      expect(() => resolveKafkaSettings('source', new Map([['heartbeat.interval.ms', '5000'], ['session.timeout.ms', '5000']]), { strategy: undefined })).toThrow(
        "'heartbeat.interval.ms' = '5000' must be below 'session.timeout.ms' (5000)",
      );
    });
  });
});
