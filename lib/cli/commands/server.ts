import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { createLogger } from '../../runtime/logger.js';
import { DEFAULT_LIMITS, startJobServer } from '../../server/server.js';
import { FerrisError } from '../../types/errors.js';
import { packageVersion } from '../version.js';

/** The addresses that only this machine reaches. */
const LOOPBACK: readonly string[] = ['127.0.0.1', '::1', 'localhost'];

/** The options of `ferris server`. */
interface ServerFlags {
  readonly port: number;
  readonly host: string;
  readonly token?: string;
  readonly tokenFile?: string;
  readonly dataDir?: string;
  readonly maxSqlBytes: number;
  readonly maxIngestBytes: number;
}

/** `ferris server [--port 8080] [--host 127.0.0.1] [--token T | --token-file F] [--data-dir D]`: the multi-job server. */
export function registerServerCommand(program: Command): void {
  program
    .command('server')
    .description('run the job server: deploy SQL jobs over HTTP, watch and control them, feed http_source streams (logs to stderr)')
    .option('--port <port>', 'the port to listen on (0: any free port)', parseInteger('port', 0, 65535), 8080)
    .option('--host <address>', 'the address to bind (an address other than loopback exposes the server to the network)', '127.0.0.1')
    .option('--token <token>', 'require Authorization: Bearer <token> on every mutating route and on ingest')
    .option('--token-file <path>', 'read the token from a file (its first line), instead of --token')
    .option('--data-dir <dir>', 'keep deployed jobs and their SQL there, so they survive a restart')
    .option('--max-sql-bytes <bytes>', 'the largest POST /sql body (413 beyond)', parseInteger('size', 1, Number.MAX_SAFE_INTEGER), DEFAULT_LIMITS.sql)
    .option('--max-ingest-bytes <bytes>', 'the largest POST /ingest body (413 beyond)', parseInteger('size', 1, Number.MAX_SAFE_INTEGER), DEFAULT_LIMITS.ingest)
    .action(async (flags: ServerFlags) => {
      try {
        await runServer(flags);
      } catch (error) {
        process.stderr.write(`ferris: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
      }
    });
}

/** Starts the server; SIGINT or SIGTERM drain every job, commit, stop listening and exit 0. */
async function runServer(flags: ServerFlags): Promise<void> {
  const log = createLogger();
  const token = tokenOf(flags);
  const server = await startJobServer({
    host: flags.host,
    port: flags.port,
    token,
    dataDir: flags.dataDir === undefined ? undefined : resolve(flags.dataDir),
    baseDir: process.cwd(),
    limits: { sql: flags.maxSqlBytes, ingest: flags.maxIngestBytes },
    log,
    variables: (name) => process.env[name],
    version: packageVersion(),
  });
  log('info', 'job server listening', { url: server.url, auth: token === undefined ? 'none' : 'bearer token', data_dir: flags.dataDir ?? 'none' });
  if (token === undefined && !LOOPBACK.includes(flags.host)) {
    log('warn', `listening on ${flags.host} without a token: anyone who can reach it can deploy, stop and feed jobs (give --token or --token-file)`);
  }
  const stop = (signal: NodeJS.Signals): void => {
    log('info', `${signal} received: draining every job`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log('error', 'the server did not stop cleanly', { error: error instanceof Error ? error.message : String(error) });
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await server.restored;
  log('info', 'job server ready', { jobs: server.deployments.jobs.list.length });
}

/** The token of `--token` or `--token-file` (its first line); both at once is an error. */
function tokenOf({ token, tokenFile }: ServerFlags): string | undefined {
  if (token !== undefined && tokenFile !== undefined) throw new FerrisError('CONFIG', 'give --token or --token-file, not both');
  if (tokenFile === undefined) return token === '' ? emptyToken('--token') : token;
  let text: string;
  try {
    text = readFileSync(tokenFile, 'utf8');
  } catch (error) {
    throw new FerrisError('CONFIG', `--token-file ${tokenFile}: ${(error as Error).message}`, { cause: error });
  }
  const first = text.split(/\r?\n/, 1)[0]!.trim();
  return first === '' ? emptyToken(`--token-file ${tokenFile}`) : first;
}

function emptyToken(where: string): never {
  throw new FerrisError('CONFIG', `${where}: the token is empty`);
}

/** A whole-number option between `min` and `max`. */
function parseInteger(what: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!/^\d+$/.test(value) || number < min || number > max) throw new InvalidArgumentError(`a ${what} is a whole number from ${min} to ${max}, got '${value}'`);
    return number;
  };
}
