'use strict';
/**
 * Loads the bundled `ferris` command (dist/cli/ferris.cjs and the chunks it requires) with V8
 * code caches. Node 20 compiles every module from source on each start; for the command's
 * ~1 MB of bundled JavaScript that compile is most of the start-up beyond bare `node`.
 *
 * Each chunk under dist/cli may have a `<chunk>.cache` beside it: V8's code cache (bytecode of
 * the functions a representative run compiled), written at build time by
 * scripts/write-code-cache.mjs. A chunk is compiled with its cache when V8 accepts it; V8
 * rejects a cache made by another V8 version, other flags or another source, and the chunk is
 * then compiled from source as without a cache. Modules outside dist/cli (packages) load as usual.
 *
 * With FERRIS_WRITE_CODE_CACHE=1 (the build's training runs only), every chunk this process
 * loaded gets its cache written at exit, including the functions the run compiled lazily.
 */
const Module = require('node:module');
const vm = require('node:vm');
const { readFileSync, writeFileSync } = require('node:fs');
const { dirname, join, sep } = require('node:path');

const bundleDir = join(__dirname, '..', 'dist', 'cli');
const bundlePrefix = bundleDir + sep;
const writeCaches = process.env.FERRIS_WRITE_CODE_CACHE === '1';
/** The chunks compiled by this process, for the caches written at exit. */
const compiled = [];

/** The code cache beside `filename`, or undefined when there is none. */
function cacheOf(filename) {
  try {
    return readFileSync(`${filename}.cache`);
  } catch {
    return undefined;
  }
}

const compileFromSource = Module.prototype._compile;
Module.prototype._compile = function compileWithCodeCache(content, filename) {
  if (!filename.startsWith(bundlePrefix)) return compileFromSource.call(this, content, filename);
  const script = new vm.Script(Module.wrap(content), { filename, cachedData: cacheOf(filename) });
  if (writeCaches) compiled.push({ filename, script });
  const moduleFunction = script.runInThisContext({ displayErrors: true });
  return moduleFunction.call(this.exports, this.exports, Module.createRequire(filename), this, filename, dirname(filename));
};

if (writeCaches) {
  process.on('exit', () => {
    for (const { filename, script } of compiled) writeFileSync(`${filename}.cache`, script.createCachedData());
  });
}

require(join(bundleDir, 'ferris.cjs'));
