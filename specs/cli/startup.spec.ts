import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { commandsNeeded } from '../../lib/cli/commands/index.js';

/** What a `ferris` command loads at start-up: the built binary run under scripts/record-module-loads.mjs. */
const root = join(import.meta.dirname, '../..');
const ferris = join(root, 'bin/ferris.js');
const recorder = join(root, 'scripts/record-module-loads.mjs');

/** Runs `ferris ARGS` in `cwd` and returns the URLs of the modules it loaded (each once), after checking it succeeded. */
function modulesLoaded(args: readonly string[], cwd: string): string[] {
  const log = join(cwd, 'modules.txt');
  writeFileSync(log, '');
  const result = spawnSync(process.execPath, ['--import', recorder, ferris, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, FERRIS_MODULE_LOG: log, FERRIS_LOG_LEVEL: 'warn' },
  });
  expect(result.status, result.stderr).toBe(0);
  return [...new Set(readFileSync(log, 'utf8').split('\n').filter((line) => line !== ''))];
}

/** The loaded modules that come from a package of node_modules, as `package/path/in/package`. */
function packageFiles(urls: readonly string[]): string[] {
  return urls.filter((url) => url.includes('/node_modules/')).map((url) => url.slice(url.lastIndexOf('/node_modules/') + '/node_modules/'.length));
}

/** Loaded modules of the sub-commands other than `run` (a bundle chunk or a module of lib/cli/commands). */
function otherCommandModules(urls: readonly string[]): string[] {
  return urls.filter((url) => url.startsWith('file:') && /^(check|parse|explain|broker|server)(-[\w-]+)?\.c?js$/.test(basename(fileURLToPath(url))));
}

function fileJob(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ferris-startup-'));
  writeFileSync(join(dir, 'in.csv'), 'id,name\n1,a\n2,b\n');
  writeFileSync(
    join(dir, 'app.sql'),
    "CREATE STREAM src (id INTEGER, name VARCHAR) WITH ('src.type' = 'file_source', 'src.path' = 'in.csv', 'src.format' = 'csv');\n" +
      "CREATE STREAM out AS SELECT * FROM src WITH ('out.type' = 'file_sink', 'out.path' = 'out.jsonl', 'out.format' = 'jsonl');\n",
  );
  return dir;
}

describe('ferris start-up loads only what the command needs', () => {
  it('a file job (CSV to JSONL) loads no broker, data generator, Kafka client, Avro, Protobuf or compression codec, DuckDB, YAML, regex engine or prom-client, no other sub-command and not the RxJS index', () => {
    const dir = fileJob();
    const urls = modulesLoaded(['run', '--no-progress', 'app.sql'], dir);
    expect(readFileSync(join(dir, 'out.jsonl'), 'utf8')).toBe('{"id":1,"name":"a"}\n{"id":2,"name":"b"}\n');
    expect(urls.filter((url) => /broker|datagen/i.test(url))).toEqual([]);
    expect(otherCommandModules(urls)).toEqual([]);
    const packages = packageFiles(urls);
    expect(packages.filter((file) => /^(kafkajs|kafkajs-snappy|snappyjs|lz4js|zstd-codec|avsc|protobufjs|long|@duckdb|yaml|re2js|prom-client)\//.test(file))).toEqual([]);
    expect(packages).not.toContain('rxjs/dist/cjs/index.js');
  });

  it('the same job with --metrics-port loads prom-client (the check above would see it)', () => {
    const dir = fileJob();
    const urls = modulesLoaded(['run', '--no-progress', 'app.sql', '--metrics-port', '0'], dir);
    expect(packageFiles(urls).filter((file) => file.startsWith('prom-client/'))).not.toEqual([]);
  });

  it('--version loads no sub-command and no RxJS', () => {
    const urls = modulesLoaded(['--version'], tmpdir());
    expect(otherCommandModules(urls)).toEqual([]);
    expect(urls.filter((url) => /\/run(-[\w-]+)?\.c?js$/.test(url) || url.includes('/rxjs/'))).toEqual([]);
  });
});

/** Every .ts file under `dir`. */
function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Whether a line imports a value (not only types) from the RxJS package index. */
function importsRxjsValue(line: string): boolean {
  const match = /^import (type )?\{([^}]*)\} from 'rxjs';/.exec(line);
  if (match === null || match[1] !== undefined) return false;
  return match[2]!.split(',').some((name) => name.trim() !== '' && !name.trim().startsWith('type '));
}

describe('RxJS at run time', () => {
  it('is imported from operators/rxjs.ts (its own modules), never as values from the package index, which loads all of RxJS', () => {
    expect(importsRxjsValue("import { Observable, type OperatorFunction } from 'rxjs';")).toBe(true);
    expect(importsRxjsValue("import type { Observable } from 'rxjs';")).toBe(false);
    const offenders = [...typeScriptFiles(join(root, 'lib')), ...typeScriptFiles(join(root, 'operators'))].filter((file) =>
      readFileSync(file, 'utf8').split('\n').some(importsRxjsValue),
    );
    expect(offenders.map((file) => file.slice(root.length + 1))).toEqual([]);
  });
});

describe('commandsNeeded', () => {
  it('is the named sub-command alone, none for --version, and every one for help or an unknown command', () => {
    expect(commandsNeeded(['run', 'app.sql'])).toEqual(['run']);
    expect(commandsNeeded(['check', '--with-data', 'app.sql'])).toEqual(['check']);
    expect(commandsNeeded(['server', '--port', '0'])).toEqual(['server']);
    expect(commandsNeeded(['--version'])).toEqual([]);
    expect(commandsNeeded(['-V'])).toEqual([]);
    const all = ['run', 'check', 'parse', 'explain', 'broker', 'server'];
    expect(commandsNeeded([])).toEqual(all);
    expect(commandsNeeded(['--help'])).toEqual(all);
    expect(commandsNeeded(['help', 'run'])).toEqual(all);
    expect(commandsNeeded(['rnu'])).toEqual(all);
  });
});

describe('the bundled command\'s V8 code caches (bin/loadWithCodeCache.cjs, written by scripts/write-code-cache.mjs)', () => {
  const bundle = join(root, 'dist/cli');
  const chunks = readdirSync(bundle).filter((name) => name.endsWith('.cjs'));

  it('exist for the entry, the run command and the chunk holding the engine', () => {
    const cached = new Set(readdirSync(bundle).filter((name) => name.endsWith('.cjs.cache')).map((name) => name.slice(0, -'.cache'.length)));
    for (const prefix of ['ferris.cjs', 'run-', 'job-']) expect(chunks.filter((name) => name.startsWith(prefix) && cached.has(name)), prefix).toHaveLength(1);
  });

  it('are accepted by this V8 for the sources beside them', () => {
    const withCache = chunks.filter((name) => existsSync(join(bundle, `${name}.cache`)));
    const rejected = withCache.filter((name) => {
      const filename = join(bundle, name);
      const script = new Script(Module.wrap(readFileSync(filename, 'utf8')), { filename, cachedData: readFileSync(`${filename}.cache`) });
      return script.cachedDataRejected === true;
    });
    expect(withCache.length).toBeGreaterThan(2);
    expect(rejected).toEqual([]);
  });
});
