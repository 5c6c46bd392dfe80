import { readdir } from 'node:fs/promises';
import * as path from 'node:path';

/** Whether a path contains a glob wildcard (`*`, `**` or `?`). */
export function isGlob(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+^${}()|[\]\\]/g, '\\$&');
}

/** Compiles the wildcard segments of a glob (relative to its fixed base directory) to a RegExp. */
function globRegExp(segments: readonly string[]): RegExp {
  let source = '';
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment === '**') {
      source += last ? '.*' : '(?:.*/)?';
      return;
    }
    source += segment
      .split(/(\*|\?)/)
      .map((part) => (part === '*' ? '[^/]*' : part === '?' ? '[^/]' : escapeRegExp(part)))
      .join('');
    if (!last) source += '/';
  });
  return new RegExp(`^${source}$`);
}

async function walk(dir: string, relative: string, depthLeft: number, out: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const entryRelative = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory()) {
      if (depthLeft > 1) await walk(path.join(dir, entry.name), entryRelative, depthLeft - 1, out);
    } else if (entry.isFile() || entry.isSymbolicLink()) {
      out.push(entryRelative);
    }
  }
}

/**
 * The files matching an absolute glob pattern, sorted. `*` and `?` match within one path
 * segment, `**` matches any number of directories (zero included). A pattern without
 * wildcards is returned as is (whether the file exists is the caller's business).
 */
export async function expandGlob(absolutePattern: string): Promise<string[]> {
  if (!isGlob(absolutePattern)) return [absolutePattern];
  const segments = absolutePattern.split('/');
  const firstWild = segments.findIndex(isGlob);
  const base = segments.slice(0, firstWild).join('/') || '/';
  const wildSegments = segments.slice(firstWild);
  const maxDepth = wildSegments.includes('**') ? Infinity : wildSegments.length;
  const candidates: string[] = [];
  await walk(base, '', maxDepth, candidates);
  const matcher = globRegExp(wildSegments);
  return candidates
    .filter((relative) => matcher.test(relative))
    .map((relative) => path.join(base, relative))
    .sort();
}

/**
 * Whether an absolute path is one the absolute glob pattern matches (or, without wildcards,
 * the path itself), by the rules of `expandGlob`; nothing is read.
 */
export function matchesGlob(absolutePattern: string, absolutePath: string): boolean {
  if (!isGlob(absolutePattern)) return path.normalize(absolutePattern) === path.normalize(absolutePath);
  const segments = absolutePattern.split('/');
  const firstWild = segments.findIndex(isGlob);
  const base = segments.slice(0, firstWild).join('/') || '/';
  const relative = path.relative(base, absolutePath);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return false;
  return globRegExp(segments.slice(firstWild)).test(relative);
}
