import { readFileSync } from 'node:fs';
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
