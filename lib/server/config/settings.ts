/**
 * The settings of `ferris server`, each with its flag, environment variable, path in a YAML
 * config file, parser and default. One table, so that `--help`, the file, the environment and
 * `--print-config` cannot disagree about a name.
 */

/** Where an effective value came from. */
export type SettingOrigin =
  | { readonly kind: 'flag'; readonly flag: string }
  | { readonly kind: 'environment'; readonly variable: string }
  | { readonly kind: 'file'; readonly file: string; readonly line: number }
  | { readonly kind: 'default' };

/** One setting. `parse` returns the value or the reason the text is not one. */
export interface SettingSpec<T> {
  /** Its path in the YAML file (`server.port`). */
  readonly path: string;
  /** Its command-line flag (`--port`). */
  readonly flag: string;
  /** Its environment variable (`FERRIS_PORT`). */
  readonly variable: string;
  readonly description: string;
  readonly parse: (text: string) => T | { readonly error: string };
  readonly fallback: T;
  /** Whether `--print-config` hides the value (a token). */
  readonly secret?: boolean;
}

function integerBetween(min: number, max: number): (text: string) => number | { error: string } {
  return (text) => {
    const n = Number(text);
    return /^\d+$/.test(text.trim()) && n >= min && n <= max ? n : { error: `a whole number from ${min} to ${max}, got '${text}'` };
  };
}

function nonEmpty(what: string): (text: string) => string | { error: string } {
  return (text) => (text.trim() === '' ? { error: `${what} must not be empty` } : text);
}

/** The effective settings of a server. */
export interface ServerSettings {
  readonly port: number;
  readonly host: string;
  readonly token: string | undefined;
  readonly tokenFile: string | undefined;
  readonly dataDir: string | undefined;
  readonly maxSqlBytes: number;
  readonly maxIngestBytes: number;
}

/** The name of a setting. */
export type SettingName = keyof ServerSettings;

/** Every server setting, in the order `--print-config` lists them. */
export const SERVER_SETTINGS: { readonly [K in SettingName]: SettingSpec<ServerSettings[K]> } = {
  port: { path: 'server.port', flag: '--port', variable: 'FERRIS_PORT', description: 'the port to listen on (0: any free port)', parse: integerBetween(0, 65535), fallback: 8080 },
  host: { path: 'server.host', flag: '--host', variable: 'FERRIS_HOST', description: 'the address to bind', parse: nonEmpty('the host'), fallback: '127.0.0.1' },
  token: { path: 'server.token', flag: '--token', variable: 'FERRIS_TOKEN', description: 'the bearer token of mutating routes and ingest', parse: nonEmpty('the token'), fallback: undefined, secret: true },
  tokenFile: { path: 'server.token_file', flag: '--token-file', variable: 'FERRIS_TOKEN_FILE', description: 'a file whose first line is the token', parse: nonEmpty('the token file'), fallback: undefined },
  dataDir: { path: 'server.data_dir', flag: '--data-dir', variable: 'FERRIS_DATA_DIR', description: 'where deployed jobs and their SQL are kept', parse: nonEmpty('the data dir'), fallback: undefined },
  maxSqlBytes: { path: 'limits.max_sql_bytes', flag: '--max-sql-bytes', variable: 'FERRIS_MAX_SQL_BYTES', description: 'the largest POST /sql body (413 beyond)', parse: integerBetween(1, Number.MAX_SAFE_INTEGER), fallback: 1024 * 1024 },
  maxIngestBytes: { path: 'limits.max_ingest_bytes', flag: '--max-ingest-bytes', variable: 'FERRIS_MAX_INGEST_BYTES', description: 'the largest POST /ingest body (413 beyond)', parse: integerBetween(1, Number.MAX_SAFE_INTEGER), fallback: 1024 * 1024 },
};

/** The names of every setting, in order. */
export const SETTING_NAMES = Object.keys(SERVER_SETTINGS) as SettingName[];
