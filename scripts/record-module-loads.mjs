// Records every module a Node process loads, one URL a line, in the file named by
// FERRIS_MODULE_LOG: ES modules through the module hooks, CommonJS modules (the bundled command's
// chunks, packages and their files) through `Module._load`, and built-ins as `node:<name>`:
//
//   FERRIS_MODULE_LOG=/tmp/loads.txt node --import ./scripts/record-module-loads.mjs bin/ferris.js run app.sql
//
// Used by specs/cli/startup.spec.ts and by hand to see what a command loads (docs/performance.md).
import { appendFileSync } from 'node:fs';
import Module, { isBuiltin, register } from 'node:module';
import { pathToFileURL } from 'node:url';

const log = process.env.FERRIS_MODULE_LOG;
if (log === undefined || log === '') throw new Error('record-module-loads: set FERRIS_MODULE_LOG to the file to write');

const hooks = `
import { appendFileSync } from 'node:fs';
let log;
export function initialize(path) { log = path; }
export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  appendFileSync(log, resolved.url + '\\n');
  return resolved;
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`, { data: log });

const loadCommonJs = Module._load;
Module._load = function recordCommonJsLoad(request, parent, isMain) {
  const url = isBuiltin(request) ? `node:${request.replace(/^node:/, '')}` : pathToFileURL(Module._resolveFilename(request, parent, isMain)).href;
  appendFileSync(log, `${url}\n`);
  return loadCommonJs.apply(this, arguments);
};
