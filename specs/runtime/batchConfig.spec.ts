import { describe, expect, it } from 'vitest';
import { BATCH_STRATEGY_NAMES, type BatchConfig } from '../../operators/batching/batchConfig.js';
import { FerrisError } from '../../lib/types/errors.js';
import { BATCH_KEYS, resolveBatchConfig } from '../../lib/runtime/batchConfig.js';
import type { LogLevel } from '../../lib/runtime/logger.js';

interface LogLine {
  readonly level: LogLevel;
  readonly message: string;
  readonly fields: Record<string, unknown> | undefined;
}

/** Resolves `keys` and returns the config with the log lines it wrote. */
function resolve(keys: Record<string, string>): { config: BatchConfig; lines: LogLine[]; messages: string[] } {
  const lines: LogLine[] = [];
  const config = resolveBatchConfig(new Map(Object.entries(keys)), (level, message, fields) => lines.push({ level, message, fields }));
  return { config, lines, messages: lines.map((line) => `${line.level} ${line.message}`) };
}

/** The FerrisError `resolve(keys)` throws. */
function failure(keys: Record<string, string>): FerrisError {
  try {
    resolve(keys);
  } catch (error) {
    if (error instanceof FerrisError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(keys)} to be rejected`);
}

describe('resolveBatchConfig', () => {
  describe('defaults and strategy suggestions (the reference guide)', () => {
    it('without keys: fixed_size of 100 rows, one log line per key saying where it came from', () => {
      const { config, messages, lines } = resolve({});
      expect(config).toEqual({ enabled: true, strategy: { kind: 'fixed_size', size: 100 }, maxSize: 1000, timeoutMs: 1000 });
      expect(messages).toEqual([
        'info batch.enable=true (default)',
        'info batch.strategy=fixed_size (default)',
        'info batch.size=100 (strategy fixed_size)',
        'info batch.timeout=1s (default)',
        'info batch.max_size=1000 (strategy fixed_size)',
      ]);
      expect(lines[2]!.fields).toEqual({ key: 'batch.size', value: '100', source: 'strategy' });
    });

    it.each([
      ['time_window', { kind: 'time_window', windowMs: 5000 }, 1000],
      ['adaptive_size', { kind: 'adaptive_size', minSize: 50, maxSize: 1000, targetLatencyMs: 100 }, 1000],
      ['memory_based', { kind: 'memory_based', memoryBytes: 1_048_576 }, 10_000],
      ['low_latency', { kind: 'low_latency', maxSize: 10, waitMs: 5, eager: true }, 10_000],
    ])('%s alone takes its suggested parameters', (name, strategy, maxSize) => {
      expect(resolve({ 'batch.strategy': name }).config).toEqual({ enabled: true, strategy, maxSize, timeoutMs: 1000 });
    });

    it('logs only the keys the strategy uses', () => {
      expect(resolve({ 'batch.strategy': 'time_window' }).messages).toEqual([
        'info batch.enable=true (default)',
        'info batch.strategy=time_window (user)',
        'info batch.window=5s (strategy time_window)',
        'info batch.max_size=1000 (strategy time_window)',
      ]);
      expect(resolve({ 'batch.strategy': 'low_latency' }).messages).toEqual([
        'info batch.enable=true (default)',
        'info batch.strategy=low_latency (user)',
        'info batch.low_latency_max_size=10 (strategy low_latency)',
        'info batch.low_latency_wait=5ms (strategy low_latency)',
        'info batch.eager_processing=true (strategy low_latency)',
        'info batch.max_size=10000 (default)',
      ]);
    });

    it('every strategy resolves without keys: suggestions and defaults are consistent', () => {
      for (const name of BATCH_STRATEGY_NAMES) {
        const { messages } = resolve({ 'batch.strategy': name });
        expect(messages.some((m) => m.includes('adjusted'))).toBe(false);
      }
    });
  });

  describe('precedence: user > strategy suggestion > default', () => {
    it('a user value beats the strategy suggestion and the default', () => {
      const { config, messages } = resolve({
        'batch.strategy': 'time_window',
        'batch.window': '100ms',
        'batch.max_size': '500',
      });
      expect(config).toEqual({ enabled: true, strategy: { kind: 'time_window', windowMs: 100 }, maxSize: 500, timeoutMs: 1000 });
      expect(messages).toContain('info batch.window=100ms (user)');
      expect(messages).toContain('info batch.max_size=500 (user)');
    });

    it('a user value beats the global default', () => {
      const { config, messages } = resolve({ 'batch.strategy': 'memory_based', 'batch.max_size': '20000', 'batch.timeout': '2s' });
      expect(config.maxSize).toBe(20_000);
      expect(config.timeoutMs).toBe(2000);
      expect(messages).toContain('info batch.max_size=20000 (user)');
      expect(messages).toContain('info batch.timeout=2s (user)');
    });

    it("a suggested size in the way of the user's is raised to it, and the log says why", () => {
      const { config, messages } = resolve({ 'batch.size': '5000' });
      expect(config.strategy).toEqual({ kind: 'fixed_size', size: 5000 });
      expect(config.maxSize).toBe(5000);
      expect(messages).toContain('info batch.max_size=5000 (adjusted: raised to match batch.size; strategy fixed_size suggested 1000)');
    });

    it('adaptive sizes follow a user minimum upwards and a user maximum downwards', () => {
      const up = resolve({ 'batch.strategy': 'adaptive_size', 'batch.min_size': '2000' });
      expect(up.config.strategy).toEqual({ kind: 'adaptive_size', minSize: 2000, maxSize: 2000, targetLatencyMs: 100 });
      expect(up.config.maxSize).toBe(2000);
      const down = resolve({ 'batch.strategy': 'adaptive_size', 'batch.max_size': '30' });
      expect(down.config.strategy).toEqual({ kind: 'adaptive_size', minSize: 30, maxSize: 30, targetLatencyMs: 100 });
      expect(down.messages).toContain('info batch.min_size=30 (adjusted: lowered to match batch.max_size; strategy adaptive_size suggested 50)');
      const lowLatency = resolve({ 'batch.strategy': 'low_latency', 'batch.max_batch_size': '4' });
      expect(lowLatency.config.strategy).toMatchObject({ maxSize: 4 });
      expect(lowLatency.messages).toContain(
        "info batch.low_latency_max_size=4 (adjusted: lowered to match batch.max_batch_size; strategy low_latency suggested 10)",
      );
    });

    it('two user sizes out of order are an error naming both', () => {
      const error = failure({ 'batch.size': '5000', 'batch.max_size': '1000' });
      expect(error.code).toBe('CONFIG');
      expect(error.message).toContain("'batch.size' = 5000 is larger than 'batch.max_size' = 1000");
      expect(failure({ 'batch.strategy': 'adaptive_size', 'batch.min_size': '100', 'batch.adaptive_max_size': '10' }).message).toContain(
        "'batch.min_size' = 100 is larger than 'batch.adaptive_max_size' = 10",
      );
    });
  });

  describe('value formats', () => {
    it.each([
      ['100ms', 100],
      ['5s', 5000],
      ['1m', 60_000],
      ['250', 250],
      [' 2 seconds ', 2000],
      ['1.5s', 1500],
    ])('duration %j is %d ms', (text, ms) => {
      expect(resolve({ 'batch.strategy': 'time_window', 'batch.window': text }).config.strategy).toEqual({ kind: 'time_window', windowMs: ms });
    });

    it.each([
      ['2048', 2048],
      ['512KB', 524_288],
      ['1MB', 1_048_576],
      ['1 mib', 1_048_576],
      ['2g', 2 * 1024 ** 3],
    ])('bytes %j are %d', (text, bytes) => {
      expect(resolve({ 'batch.strategy': 'memory_based', 'batch.memory_size': text }).config.strategy).toEqual({
        kind: 'memory_based',
        memoryBytes: bytes,
      });
    });

    it("accepts the guide's strategy spellings", () => {
      for (const [text, name] of [
        ['FixedSize', 'fixed_size'],
        ['TIME_WINDOW', 'time_window'],
        ['low-latency', 'low_latency'],
        ['AdaptiveSize', 'adaptive_size'],
        ['memory_based', 'memory_based'],
      ]) {
        expect(resolve({ 'batch.strategy': text! }).config.strategy.kind).toBe(name);
      }
    });

    it("accepts the guide's parameter names as aliases and logs how the key was written", () => {
      const { config, messages } = resolve({ 'batch.batch_size': '200', 'batch.enable_batching': 'TRUE', 'batch.timeout_ms': '250' });
      expect(config).toEqual({ enabled: true, strategy: { kind: 'fixed_size', size: 200 }, maxSize: 1000, timeoutMs: 250 });
      expect(messages).toContain("info batch.size=200 (user, as 'batch.batch_size')");
      expect(messages).toContain("info batch.timeout=250ms (user, as 'batch.timeout_ms')");
    });

    it('keys are case-insensitive; keys outside batch.* are left to others', () => {
      const { config } = resolve({ 'BATCH.SIZE': '7', 'kafka.topic': 'orders', 'linger.ms': 'x' });
      expect(config.strategy).toEqual({ kind: 'fixed_size', size: 7 });
    });
  });

  describe('errors', () => {
    it('an unknown key names it, suggests the closest key and lists the valid ones', () => {
      const error = failure({ 'batch.sise': '10' });
      expect(error.code).toBe('CONFIG');
      expect(error.message).toContain("unknown batch key 'batch.sise'; did you mean 'batch.size'?");
      expect(error.message).toContain('valid batch keys: batch.enable, batch.strategy, batch.size, batch.window');
      expect(failure({ 'batch.window_duration': '5s' }).message).toContain("did you mean 'batch.window'?");
      expect(failure({ 'batch.zzzzzzzz': '1' }).message).not.toContain('did you mean');
    });

    it.each([
      [{ 'batch.size': 'abc' }, "invalid value 'abc' for 'batch.size': expected a positive integer (rows)"],
      [{ 'batch.size': '0' }, "invalid value '0' for 'batch.size'"],
      [{ 'batch.size': '1.5' }, "invalid value '1.5' for 'batch.size'"],
      [{ 'batch.max_size': '-3' }, "invalid value '-3' for 'batch.max_size'"],
      [{ 'batch.timeout': 'soon' }, "invalid value 'soon' for 'batch.timeout': expected a positive duration: '100ms', '5s', '1m' or plain milliseconds"],
      [{ 'batch.timeout': '0ms' }, "invalid value '0ms' for 'batch.timeout'"],
      [{ 'batch.timeout': '5 fortnights' }, "invalid value '5 fortnights' for 'batch.timeout'"],
      [{ 'batch.memory_size': '1TB' }, "invalid value '1TB' for 'batch.memory_size': expected a positive number of bytes"],
      [{ 'batch.enable': 'yes' }, "invalid value 'yes' for 'batch.enable': expected true or false"],
      [
        { 'batch.strategy': 'fast' },
        "invalid value 'fast' for 'batch.strategy': expected fixed_size, time_window, adaptive_size, memory_based, low_latency",
      ],
      [{ 'batch.strategy': 'fixed_sise' }, "(did you mean 'fixed_size'?)"],
    ])('%j is rejected', (keys, message) => {
      const error = failure(keys);
      expect(error.code).toBe('CONFIG');
      expect(error.message).toContain(message);
    });

    it('a key given twice (alias, case) is rejected', () => {
      expect(failure({ 'batch.size': '10', 'batch.batch_size': '10' }).message).toBe(
        "'batch.size' and 'batch.batch_size' both set batch.size; keep one of them",
      );
      expect(failure({ 'batch.size': '10', 'Batch.Size': '20' }).code).toBe('CONFIG');
    });

    it('the mega_batch strategy and its keys are not supported yet', () => {
      const cases: Record<string, string>[] = [
        { 'batch.strategy': 'mega_batch' },
        { 'batch.strategy': 'MegaBatch' },
        { 'batch.parallel': 'true' },
        { 'batch.mega_batch_size': '50000' },
      ];
      for (const keys of cases) {
        const error = failure(keys);
        expect(error.code).toBe('NOT_SUPPORTED');
        expect(error.message).toMatch(/^not supported yet: /);
      }
    });
  });

  describe('keys without effect', () => {
    it('a user key the strategy does not use gets a warning (the guide sets batch.timeout with time_window)', () => {
      const { config, lines } = resolve({ 'batch.strategy': 'time_window', 'batch.window': '5s', 'batch.timeout': '1000ms', 'batch.size': '10' });
      expect(config.strategy).toEqual({ kind: 'time_window', windowMs: 5000 });
      const warnings = lines.filter((line) => line.level === 'warn').map((line) => line.message);
      expect(warnings).toEqual([
        'batch.timeout=1s (user) has no effect: it applies to fixed_size, adaptive_size, memory_based, and batch.strategy is time_window',
        'batch.size=10 (user) has no effect: it applies to fixed_size, and batch.strategy is time_window',
      ]);
    });

    it('batch.enable = false: batches pass as read; every other key is reported without effect', () => {
      const { config, messages } = resolve({ 'batch.enable': 'false', 'batch.strategy': 'time_window', 'batch.window': '5s' });
      expect(config.enabled).toBe(false);
      expect(messages).toEqual([
        'info batch.enable=false (user)',
        'warn batch.strategy=time_window (user) has no effect: batch.enable is false',
        'warn batch.window=5s (user) has no effect: batch.enable is false',
      ]);
    });

    it('values are still checked when batching is off', () => {
      expect(failure({ 'batch.enable': 'false', 'batch.window': 'later' }).code).toBe('CONFIG');
    });
  });

  describe('BATCH_KEYS', () => {
    it('every default and suggestion is a valid value of its key', () => {
      for (const spec of BATCH_KEYS.filter((s) => s.notSupportedYet === undefined)) {
        for (const [strategy, value] of Object.entries(spec.suggestions)) {
          expect(() => resolve({ 'batch.strategy': strategy, [spec.key]: value! })).not.toThrow();
        }
        if (spec.default !== undefined) expect(() => resolve({ [spec.key]: spec.default! })).not.toThrow();
      }
    });

    it('every key the strategy uses has a suggestion or a default', () => {
      for (const strategy of BATCH_STRATEGY_NAMES) {
        for (const spec of BATCH_KEYS) {
          if (spec.notSupportedYet !== undefined) continue;
          if (spec.appliesTo !== 'all' && !spec.appliesTo.includes(strategy)) continue;
          expect(spec.suggestions[strategy] ?? spec.default, `${spec.key} under ${strategy}`).toBeDefined();
        }
      }
    });
  });
});
