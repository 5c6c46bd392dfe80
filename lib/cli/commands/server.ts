import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { createLogger } from '../../runtime/logger.js';
import { formatSettings, resolveServerSettings } from '../../server/config/resolveSettings.js';
import { SERVER_SETTINGS, SETTING_NAMES, type ServerSettings, type SettingName } from '../../server/config/settings.js';
import { startJobServer } from '../../server/server.js';
import { FerrisError } from '../../types/errors.js';
import { packageVersion } from '../version.js';

/** The addresses that only this machine reaches. */
const LOOPBACK: readonly string[] = ['127.0.0.1', '::1', 'localhost'];

/** The command-line options of `ferris server`: each setting as text (undefined when not given), plus the config file. */
type ServerFlags = Partial<Record<SettingName, string>> & { readonly config?: string; readonly printConfig?: boolean };

/**
 * `ferris server [--port 8080] [--host 127.0.0.1] [--token T | --token-file F] [--data-dir D]
 * [--config server.yaml] [--print-config]`: the multi-job server. Every setting may also come
 * from its environment variable or the YAML file (lib/server/config/settings.ts).
 */
export function registerServerCommand(program: Command): void {
  const command = program
    .command('server')
    .description('run the job server: deploy SQL jobs over HTTP, watch and control them, feed http_source streams (logs to stderr)');
  for (const name of SETTING_NAMES) {
    const spec = SERVER_SETTINGS[name];
    const fallback = spec.fallback === undefined ? '' : `; default ${String(spec.fallback)}`;
    command.option(`${spec.flag} <value>`, `${spec.description} (env ${spec.variable}, file ${spec.path}${fallback})`);
  }
  command
    .option('--config <file>', 'read settings from a YAML file (extends: and ${ENV:default} allowed)')
    .option('--print-config', 'print the effective settings and where each came from, then exit')
    .action(async (flags: ServerFlags) => {
      try {
        const given = Object.fromEntries(SETTING_NAMES.flatMap((name) => (flags[name] === undefined ? [] : [[name, flags[name]]])));
        const resolved = resolveServerSettings({ flags: given, configFile: flags.config, env: process.env });
        if (flags.printConfig === true) {
          process.stdout.write(formatSettings(resolved));
          return;
        }
        await runServer(resolved.settings);
      } catch (error) {
        process.stderr.write(`ferris: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
      }
    });
}

/** Starts the server; SIGINT or SIGTERM drain every job, commit, stop listening and exit 0. */
async function runServer(flags: ServerSettings): Promise<void> {
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

/** The token itself, or the first line of the token file (the settings never hold both). */
function tokenOf({ token, tokenFile }: ServerSettings): string | undefined {
  if (tokenFile === undefined) return token;
  let text: string;
  try {
    text = readFileSync(tokenFile, 'utf8');
  } catch (error) {
    throw new FerrisError('CONFIG', `--token-file ${tokenFile}: ${(error as Error).message}`, { cause: error });
  }
  const first = text.split(/\r?\n/, 1)[0]!.trim();
  if (first === '') throw new FerrisError('CONFIG', `--token-file ${tokenFile}: the token is empty`);
  return first;
}
