import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The built binary. */
export const ferris = join(import.meta.dirname, '../../bin/ferris.js');

/** A `ferris server` child process. */
export interface ServerProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly url: string;
  /** The directory it runs in (relative connector paths resolve there). */
  readonly dir: string;
  stderr(): string;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
}

/** Starts `ferris server --port 0 ARGS` in a fresh directory and waits until it logged its URL and is ready. */
export function startServerProcess(args: readonly string[]): Promise<ServerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'ferris-server-cli-'));
  const child = spawn(process.execPath, [ferris, 'server', '--port', '0', ...args], { cwd: dir, env: { ...process.env, FERRIS_LOG_LEVEL: 'info' } });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no URL logged within 10 s; stderr:\n${stderr}`));
    }, 10_000);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const url = /url=(http:\/\/\S+)/.exec(stderr)?.[1];
      if (url !== undefined && stderr.includes('job server ready')) {
        clearTimeout(guard);
        resolve({ child, url, dir, stderr: () => stderr, exited });
      }
    });
    void exited.then((code) => reject(new Error(`exited with ${code} before listening; stderr:\n${stderr}`)));
  });
}
