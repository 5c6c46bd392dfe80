import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { FerrisError } from '../types/errors.js';
import { lazyPackage } from '../types/lazyPackage.js';

/** The YAML parser, loaded with the first config file (a job without one does not load it). */
const yaml = lazyPackage<typeof import('yaml')>('yaml');

/** Replaces `${NAME}` and `${NAME:default}` in a YAML value from the environment. */
function substituteEnvironment(text: string, file: string, env: NodeJS.ProcessEnv): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_.]*)(?::([^}]*))?\}/g, (_match, name: string, fallback: string | undefined) => {
    const value = env[name] ?? fallback;
    if (value === undefined) {
      throw new FerrisError('CONFIG', `${file}: the environment variable '${name}' is not set and has no default (\${${name}:default})`, { file });
    }
    return value;
  });
}

function flatten(value: unknown, prefix: string, into: Map<string, string>, file: string, env: NodeJS.ProcessEnv): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      flatten(child, prefix ? `${prefix}.${key}` : key, into, file, env);
    }
    return;
  }
  const text = Array.isArray(value) ? value.map(String).join(',') : value === null ? '' : String(value);
  into.set(prefix, substituteEnvironment(text, file, env));
}

/**
 * Loads a connector's YAML config file into flat dotted keys (`datasource.consumer_config.x`
 * → `datasource.consumer_config.x`), following `extends: other.yaml` (relative to the file,
 * cycles refused) with the extending file's keys winning, and `${ENV:default}` substitution.
 */
export function loadConfigFile(path: string, env: NodeJS.ProcessEnv = process.env, seen: ReadonlySet<string> = new Set()): Map<string, string> {
  const absolute = resolve(path);
  if (seen.has(absolute)) {
    throw new FerrisError('CONFIG', `config files extend each other in a cycle: ${[...seen, absolute].join(' → ')}`, { file: absolute });
  }
  let document: unknown;
  try {
    document = yaml().parse(readFileSync(absolute, 'utf8'));
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (cause as Error).message;
    throw new FerrisError('CONFIG', `cannot read the config file ${absolute}: ${reason}`, { file: absolute, cause });
  }
  if (document === null || document === undefined) return new Map();
  if (typeof document !== 'object' || Array.isArray(document)) {
    throw new FerrisError('CONFIG', `the config file ${absolute} must hold a mapping of keys to values`, { file: absolute });
  }
  const { extends: parent, ...own } = document as Record<string, unknown>;
  const keys = new Map<string, string>();
  if (parent !== undefined) {
    const parentPath = resolve(dirname(absolute), String(parent));
    for (const [k, v] of loadConfigFile(parentPath, env, new Set([...seen, absolute]))) keys.set(k, v);
  }
  flatten(own, '', keys, absolute, env);
  return keys;
}
