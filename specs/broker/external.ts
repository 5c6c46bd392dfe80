import { spawn, spawnSync } from 'node:child_process';

/** The result of running an external client. */
export interface ToolRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command asynchronously (the broker under test lives in this process, so the event
 * loop must stay free), feeding `input` on stdin, killing it after `timeoutMs`.
 */
export function runTool(command: string, args: readonly string[], input = '', timeoutMs = 30_000): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

/** Debian's own python3, which sees the python3-kafka and python3-confluent-kafka packages. */
export const DEBIAN_PYTHON = '/usr/bin/python3';

/**
 * Whether an external client is usable. In CI (`CI` set) a missing client is a failure, not
 * a skip: the returned message is thrown by the spec's first test.
 */
export function toolAvailable(command: string, args: readonly string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

/** True when missing clients must fail the suite instead of skipping it. */
export const IN_CI = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
