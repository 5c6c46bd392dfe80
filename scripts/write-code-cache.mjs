#!/usr/bin/env node
/**
 * Writes the V8 code caches of the bundled command (dist/cli/<chunk>.cache, read by
 * bin/loadWithCodeCache.cjs) by running the command the way users start it: `ferris check`
 * and then `ferris run` of the bundled example application (examples/trading), in a scratch
 * copy so its outputs land outside the repository. Each run writes, at its exit, the cache of
 * every chunk it loaded with the functions it compiled; `run` goes last, so the chunks both
 * load keep what a job compiles. Chunks no run loads (broker, server, Kafka) have no cache and
 * compile from source as before.
 *
 * Runs after scripts/bundle-cli.mjs in `npm run build`. Usage: node scripts/write-code-cache.mjs
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ferris = join(root, 'bin', 'ferris.js');
const scratch = mkdtempSync(join(tmpdir(), 'ferris-code-cache-'));

/** Runs `ferris ARGS` in the scratch copy, writing caches; fails the build when the command fails. */
function train(args) {
  const result = spawnSync(process.execPath, [ferris, ...args], {
    cwd: scratch,
    encoding: 'utf8',
    env: { ...process.env, FERRIS_WRITE_CODE_CACHE: '1', FERRIS_LOG_LEVEL: 'warn' },
  });
  if (result.status !== 0) throw new Error(`write-code-cache: ferris ${args.join(' ')} failed (exit ${result.status ?? result.signal}):\n${result.stderr}`);
}

try {
  cpSync(join(root, 'examples', 'trading'), scratch, { recursive: true, filter: (source) => !source.includes(`${join('trading', 'output')}`) });
  train(['check', 'app.sql']);
  train(['run', '--no-progress', 'app.sql']);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
const caches = readdirSync(join(root, 'dist', 'cli')).filter((name) => name.endsWith('.cache'));
if (caches.length === 0) throw new Error('write-code-cache: the training runs wrote no code cache');
