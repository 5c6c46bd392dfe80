import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { analyzeApp } from '../../plan/app/analyzeApp.js';
import { substituteVariables } from '../../sql/substitute.js';
import { FerrisError } from '../../types/errors.js';
import { checkApp } from '../checkApp.js';
import { parseEveryStatement } from '../parseEveryStatement.js';
import { readSqlFile, reportError, setOption, variableLookup } from '../sqlFile.js';

/**
 * `ferris check APP.sql [--with-data]`: parses, binds and validates every job statically (no
 * data file is opened, no sink either); with `--with-data` it also opens the sources, infers
 * undeclared schemas and checks CSV headers. Prints every error of the file, in file order, as
 * `APP.sql:LINE:COL: message` with the line and a caret, and exits 1 if there is any.
 */
export function registerCheckCommand(program: Command): void {
  setOption(
    program
      .command('check')
      .description('parse, bind and validate a SQL file without running it (no data files needed)')
      .argument('<app.sql>', 'the SQL application')
      .option('--with-data', 'also open the sources: infer undeclared columns and check CSV headers'),
  ).action(async (file: string, options: { set: string[]; withData?: boolean }) => {
    const path = resolve(file);
    const text = readSqlFile(path);
    const errors: FerrisError[] = [];
    try {
      const report = (error: FerrisError): void => void errors.push(error);
      const statements = parseEveryStatement(substituteVariables(text, variableLookup(options.set)), file, report);
      const app = analyzeApp(statements, undefined, report);
      const checked = await checkApp(app, dirname(path), options.withData === true);
      errors.push(...checked.errors);
      for (const note of checked.notes) process.stdout.write(`${file}: note: ${note}\n`);
      if (errors.length === 0) process.stdout.write(`${file}: OK (${app.jobs.length} job${app.jobs.length === 1 ? '' : 's'})\n`);
    } catch (error) {
      if (!(error instanceof FerrisError)) {
        reportError(error, text, file);
        process.exitCode = 1;
        return;
      }
      errors.push(error);
    }
    if (errors.length === 0) return;
    const ordered = inFileOrder(errors);
    for (const error of ordered) reportError(error, text, file);
    process.stderr.write(`${file}: ${ordered.length} error${ordered.length === 1 ? '' : 's'}\n`);
    process.exitCode = 1;
  });
}

/** The errors by position (those without one last), each once. */
function inFileOrder(errors: readonly FerrisError[]): FerrisError[] {
  const seen = new Set<string>();
  const position = (e: FerrisError): number => (e.location ? e.location.line * 1e6 + e.location.column : Infinity);
  return [...errors]
    .sort((a, b) => position(a) - position(b))
    .filter((e) => {
      const key = `${position(e)} ${e.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
