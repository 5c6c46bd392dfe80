import { readFileSync } from 'node:fs';
import { FerrisError } from '../../types/errors.js';

/**
 * Reads a users file: one `user:password` a line (the password is everything after the first
 * colon), blank lines and lines starting with `#` skipped. Errors name the file and line.
 */
export function loadUsers(path: string): ReadonlyMap<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error: unknown) {
    throw new FerrisError('CONFIG', `--users ${path}: cannot read it: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const users = new Map<string, string>();
  const firstLine = new Map<string, number>();
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    const at = `${path}:${index + 1}`;
    if (line.trim() === '' || line.startsWith('#')) return;
    const colon = line.indexOf(':');
    if (colon <= 0 || colon === line.length - 1) throw new FerrisError('CONFIG', `${at}: expected user:password, got '${line.length > 40 ? `${line.slice(0, 40)}...` : line}'`);
    const user = line.slice(0, colon);
    const seen = firstLine.get(user);
    if (seen !== undefined) throw new FerrisError('CONFIG', `${at}: user '${user}' is listed twice (first on line ${seen})`);
    firstLine.set(user, index + 1);
    users.set(user, line.slice(colon + 1));
  });
  if (users.size === 0) throw new FerrisError('CONFIG', `--users ${path}: no user in it (expected user:password lines)`);
  return users;
}
