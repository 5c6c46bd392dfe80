// Records every module a Node process loads through `import` (ES modules, and CommonJS
// packages imported from them), one URL a line, in the file named by FERRIS_MODULE_LOG:
//
//   FERRIS_MODULE_LOG=/tmp/loads.txt node --import ./scripts/record-module-loads.mjs bin/ferris.js run app.sql
//
// `require()` calls inside a CommonJS package are not seen (Node 20 runs them outside the
// hooks): a package shows up once, by the file its importer resolved to. Used by
// specs/cli/startup.spec.ts and by hand to see what a command loads (docs/performance.md).
import { register } from 'node:module';

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
