import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import type { AppSpec } from '../plan/app/analyzeApp.js';
import { loadApp } from '../runtime/app.js';
import { formatSqlError } from '../sql/formatError.js';
import { FerrisError } from '../types/errors.js';

/** Reads a SQL file, or exits with a clear message when it cannot be read. */
export function readSqlFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    process.stderr.write(`ferris: cannot read ${path}: ${reason}\n`);
    process.exit(1);
  }
}

/** `${name}` values: `--set name=value` first, then the environment. */
export function variableLookup(sets: readonly string[]): (name: string) => string | undefined {
  const values = new Map<string, string>();
  for (const set of sets) {
    const eq = set.indexOf('=');
    if (eq <= 0) throw new FerrisError('CONFIG', `--set needs name=value, got '${set}'`);
    values.set(set.slice(0, eq), set.slice(eq + 1));
  }
  return (name) => values.get(name) ?? process.env[name];
}

/**
 * Prints an error to stderr: errors with a SQL location as `APP.sql:LINE:COL: message` plus the
 * line and a caret; others as `ferris: [context: ]message` with their cause chain.
 */
export function reportError(error: unknown, text: string, file: string, context?: string): void {
  if (error instanceof FerrisError && error.location && (error.file === undefined || error.file === file)) {
    process.stderr.write(formatSqlError(error, text, file) + '\n');
    return;
  }
  const messages: string[] = [];
  for (let e: unknown = error; e instanceof Error && messages.length < 5; e = e.cause) {
    if (!messages.includes(e.message)) messages.push(e.message);
  }
  if (messages.length === 0) messages.push(String(error));
  process.stderr.write(`ferris: ${context ? `${context}: ` : ''}${messages.join(': caused by: ')}\n`);
}

/** What a command gets once its SQL file is read and analysed. */
export interface LoadedApp {
  readonly app: AppSpec;
  readonly file: string;
  readonly text: string;
  /** The SQL file's directory: relative paths resolve against it. */
  readonly baseDir: string;
  readonly variables: (name: string) => string | undefined;
}

/** The `--set name=value` option every command that reads SQL takes. */
export function setOption(command: Command): Command {
  return command.option('--set <name=value>', 'value of a ${name} placeholder (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[]);
}

/**
 * Reads and analyses a SQL file, then runs `action`; any error is reported as
 * `APP.sql:LINE:COL: message` (with the line and a caret) or `ferris: message`, and exits 1.
 */
export async function withApp(file: string, sets: readonly string[], action: (loaded: LoadedApp) => Promise<void>): Promise<void> {
  const path = resolve(file);
  const text = readSqlFile(path);
  try {
    const variables = variableLookup(sets);
    const app = loadApp(text, { file, variables });
    await action({ app, file, text, baseDir: dirname(path), variables });
  } catch (error) {
    reportError(error, text, file);
    process.exitCode = 1;
  }
}
