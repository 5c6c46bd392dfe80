/*
 * Starts `ferris server` as a child process for the load harness (its own CPU, as a deployment
 * has), on a free port with a fresh data dir and a random token; resolves with its URL once it
 * listens.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

/** A started server. */
export interface StartedServer {
  readonly child: ChildProcess;
  readonly url: string;
  readonly token: string;
}

/** Starts the server from this build's `bin/ferris.js` with `dataDir`. */
export function startServerProcess(dataDir: string): Promise<StartedServer> {
  const bin = fileURLToPath(new URL('../../../bin/ferris.js', import.meta.url));
  const token = randomBytes(16).toString('hex');
  const child = spawn(process.execPath, [bin, 'server', '--port', '0', '--token', token, '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const look = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /http:\/\/[\w.[\]:-]+:\d+/.exec(output);
      if (match !== null) resolve({ child, url: match[0], token });
    };
    child.stdout?.on('data', look);
    child.stderr?.on('data', look);
    child.on('exit', (code) => reject(new Error(`ferris server exited with ${code}: ${output}`)));
  });
}
