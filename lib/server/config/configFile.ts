import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Document, LineCounter as LineCounterType } from 'yaml';
import { lazyPackage } from '../../types/lazyPackage.js';

/** The YAML parser, loaded only when a server is given a config file. */
const yaml = lazyPackage<typeof import('yaml')>('yaml');

/** A value read from a config file, with where it was written. */
export interface FileValue {
  readonly text: string;
  readonly file: string;
  readonly line: number;
}

/** One problem in a config file: where, and what. */
export interface ConfigProblem {
  readonly where: string;
  readonly message: string;
}

/** What a config file (with the files it extends) holds: dotted paths to values, and every problem found. */
export interface ConfigFileContents {
  readonly values: ReadonlyMap<string, FileValue>;
  readonly problems: readonly ConfigProblem[];
}

const ENV_REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_.]*)(?::([^}]*))?\}/g;

/** `${NAME}` and `${NAME:default}` replaced from `env`; undefined (with a problem) when a name has neither. */
function substitute(text: string, env: NodeJS.ProcessEnv, problem: (message: string) => void): string | undefined {
  let missing = false;
  const result = text.replace(ENV_REFERENCE, (_match, name: string, fallback: string | undefined) => {
    const value = env[name] ?? fallback;
    if (value !== undefined) return value;
    problem(`the environment variable '${name}' is not set and has no default (write \${${name}:default})`);
    missing = true;
    return '';
  });
  return missing ? undefined : result;
}

interface Walk {
  readonly file: string;
  readonly lines: LineCounterType;
  readonly env: NodeJS.ProcessEnv;
  readonly values: Map<string, FileValue>;
  readonly problems: ConfigProblem[];
}

function lineOf(walk: Walk, node: unknown): number {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range === undefined ? 1 : walk.lines.linePos(range[0]).line;
}

/** Flattens a mapping into dotted paths, recording each scalar with its line. */
function flatten(walk: Walk, node: unknown, prefix: string): void {
  const { isMap, isScalar, isSeq } = yaml();
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (prefix === '' && key === 'extends') continue;
      flatten(walk, pair.value, prefix === '' ? key : `${prefix}.${key}`);
    }
    return;
  }
  const line = lineOf(walk, node);
  const where = `${walk.file}:${line} ${prefix}`;
  if (isSeq(node)) {
    walk.problems.push({ where, message: 'a list is not a setting value; write one value' });
    return;
  }
  const raw = isScalar(node) ? node.value : null;
  const text = raw === null || raw === undefined ? '' : String(raw);
  const value = substitute(text, walk.env, (message) => walk.problems.push({ where, message }));
  if (value !== undefined) walk.values.set(prefix, { text: value, file: walk.file, line });
}

function parse(file: string, lines: LineCounterType, problems: ConfigProblem[]): Document | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (cause as Error).message;
    problems.push({ where: file, message: `cannot read the config file: ${reason}` });
    return undefined;
  }
  const document = yaml().parseDocument(text, { lineCounter: lines });
  for (const error of document.errors) problems.push({ where: `${file}:${lines.linePos(error.pos[0]).line}`, message: error.message.split('\n')[0]! });
  return document.errors.length > 0 ? undefined : document;
}

/**
 * Reads a server config file: nested mappings become dotted paths (`server: {port: 8080}` →
 * `server.port`), `${ENV:default}` is substituted, and `extends: other.yaml` (relative to the
 * file) is read first so that the extending file's values win. Problems are collected, not
 * thrown, so that every one of them is reported at once, each with its file and line.
 */
export function readConfigFile(path: string, env: NodeJS.ProcessEnv = process.env, seen: readonly string[] = []): ConfigFileContents {
  const file = resolve(path);
  const problems: ConfigProblem[] = [];
  if (seen.includes(file)) return { values: new Map(), problems: [{ where: file, message: `config files extend each other in a cycle: ${[...seen, file].join(' → ')}` }] };
  const lines = new (yaml().LineCounter)();
  const document = parse(file, lines, problems);
  const values = new Map<string, FileValue>();
  if (document === undefined) return { values, problems };
  const root = document.contents;
  const { isMap, isScalar } = yaml();
  if (root !== null && !isMap(root)) return { values, problems: [...problems, { where: file, message: 'a config file holds a mapping of settings' }] };
  const base = root?.get('extends', true);
  if (base !== undefined) {
    if (!isScalar(base) || typeof base.value !== 'string') {
      problems.push({ where: `${file}:${lineOf({ file, lines, env, values, problems }, base)} extends`, message: 'extends names one file' });
    } else {
      const parent = readConfigFile(resolve(dirname(file), base.value), env, [...seen, file]);
      for (const [key, value] of parent.values) values.set(key, value);
      problems.push(...parent.problems);
    }
  }
  flatten({ file, lines, env, values, problems }, root, '');
  return { values, problems };
}
