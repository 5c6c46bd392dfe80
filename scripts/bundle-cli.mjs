#!/usr/bin/env node
/**
 * Bundles the `ferris` command (dist/lib/cli/main.js and the compiled modules it imports) into
 * a few CommonJS files under dist/cli/, which bin/ferris.js loads through
 * bin/loadWithCodeCache.cjs. Node loads a module graph file by
 * file, at a fixed cost per module; the command imports some 250 of ours, which cost about
 * 90 ms of start-up unbundled. Bundled, the same code loads in one chunk per sub-command (each
 * sub-command stays behind its lazy `import()`, see lib/cli/commands/index.ts) plus the chunks
 * they share.
 *
 * rxjs and commander, which every command loads, are bundled in too (their ~60 CommonJS files
 * cost ~25 ms loaded one by one). Every other package (yaml, re2js, big.js, kafkajs...) stays
 * external and loads from node_modules when a job needs it, exactly as for the library. The
 * library (dist/lib, dist/operators) is not bundled.
 *
 * The chunks are CommonJS because Node 20 can compile a CommonJS module with a V8 code cache
 * (vm.Script's cachedData) and an ES module never: scripts/write-code-cache.mjs writes the caches
 * after this script, and with them the command skips most of its compile at start-up.
 *
 * The generated parser stays a file of its own: lib/sql/parser.ts loads it with `require`
 * relative to its module, so it is copied to dist/cli/grammar/ beside the chunks.
 *
 * Runs after `tsc -p tsconfig.build.json` in `npm run build`, before scripts/write-code-cache.mjs. Usage: node scripts/bundle-cli.mjs
 */
import { cpSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist', 'lib', 'cli', 'main.js');
const outDir = join(root, 'dist', 'cli');

let rolldown;
try {
  rolldown = await import('rolldown');
} catch (cause) {
  throw new Error('bundle-cli: the bundler rolldown is not installed (a devDependency of this package): run npm install', { cause });
}

/** A bare package specifier (`rxjs/internal/Observable`, `@scope/pkg`, `node:fs`). */
const isPackage = (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0');
/** The packages bundled into the command; every other package is loaded at run time. */
const BUNDLED = ['rxjs', 'commander'];
const isExternal = (id) => isPackage(id) && !BUNDLED.some((name) => id === name || id.startsWith(`${name}/`));

rmSync(outDir, { recursive: true, force: true });
await rolldown.build({
  // The Kafka sinks' producer thread is a worker: an entry of its own, which the sink starts beside its chunk.
  input: { ferris: entry, producerWorker: join(root, 'dist', 'lib', 'connectors', 'kafka', 'producerThread', 'producerWorker.js') },
  platform: 'node',
  external: isExternal,
  logLevel: 'warn',
  output: { dir: outDir, format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: '[name]-[hash].cjs', sourcemap: true },
});
cpSync(join(root, 'dist', 'lib', 'sql', 'grammar'), join(outDir, 'grammar'), { recursive: true });
