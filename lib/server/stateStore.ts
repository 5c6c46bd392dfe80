import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FerrisError } from '../types/errors.js';

/** How a deployed job is brought back after a restart. */
export type SavedJobState = 'running' | 'paused' | 'stopped';

/** One statement the server executed that changes what it holds: a declaration, a DROP, or a deployed job. */
export interface SavedStatement {
  readonly sql: string;
  /** The job the statement deployed, and the state it is brought back in. */
  readonly job?: { readonly name: string; readonly state: SavedJobState };
}

/** The file under `--data-dir` holding the server's statements. */
const FILE = 'server-state.json';

/**
 * What survives a restart of the server: the statements that built its catalog and deployed
 * its jobs, in the order they ran, with each job's state. Kept in memory, and with a
 * directory written to `<dir>/server-state.json` after every change (a temporary file renamed
 * over the old one, so a crash leaves the old or the new file, never half of one).
 */
export class StateStore {
  private statements: SavedStatement[];

  constructor(private readonly dir: string | undefined) {
    this.statements = dir === undefined ? [] : load(join(dir, FILE));
    if (dir !== undefined) mkdirSync(dir, { recursive: true });
  }

  /** The saved statements, in order. */
  list(): readonly SavedStatement[] {
    return this.statements;
  }

  /** Saves a statement after those saved before. A job's statement replaces the one of a job of the same name. */
  append(statement: SavedStatement): void {
    const name = statement.job?.name.toLowerCase();
    if (name !== undefined) this.statements = this.statements.filter((s) => s.job?.name.toLowerCase() !== name);
    this.statements.push(statement);
    this.save();
  }

  /** Records the state a job is brought back in; nothing for a job not saved. */
  setJobState(name: string, state: SavedJobState): void {
    const lower = name.toLowerCase();
    this.statements = this.statements.map((s) => (s.job?.name.toLowerCase() === lower ? { sql: s.sql, job: { name: s.job.name, state } } : s));
    this.save();
  }

  private save(): void {
    if (this.dir === undefined) return;
    const path = join(this.dir, FILE);
    writeFileSync(`${path}.tmp`, JSON.stringify({ version: 1, statements: this.statements }, null, 2) + '\n');
    renameSync(`${path}.tmp`, path);
  }
}

/** The statements of a state file; none when there is no file yet. */
function load(path: string): SavedStatement[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new FerrisError('IO', `cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  let parsed: { version?: unknown; statements?: unknown };
  try {
    parsed = JSON.parse(text) as { version?: unknown; statements?: unknown };
  } catch (error) {
    throw new FerrisError('CONFIG', `${path} is not JSON (${(error as Error).message}): not a ferris server state file`, { cause: error });
  }
  if (parsed.version !== 1 || !Array.isArray(parsed.statements) || !parsed.statements.every(isSavedStatement)) {
    throw new FerrisError('CONFIG', `${path} is not a ferris server state file (version 1 with a list of statements)`);
  }
  return parsed.statements;
}

function isSavedStatement(value: unknown): value is SavedStatement {
  if (typeof value !== 'object' || value === null) return false;
  const { sql, job } = value as { sql?: unknown; job?: { name?: unknown; state?: unknown } };
  if (typeof sql !== 'string') return false;
  return job === undefined || (typeof job.name === 'string' && (job.state === 'running' || job.state === 'paused' || job.state === 'stopped'));
}
