import { didYouMean } from '../../types/didYouMean.js';
import { FerrisError } from '../../types/errors.js';
import { readConfigFile, type ConfigProblem } from './configFile.js';
import { SERVER_SETTINGS, SETTING_NAMES, type ServerSettings, type SettingName, type SettingOrigin, type SettingSpec } from './settings.js';

/** The effective settings and where each came from. */
export interface ResolvedSettings {
  readonly settings: ServerSettings;
  readonly origins: { readonly [K in SettingName]: SettingOrigin };
}

/** What the settings are resolved from; flags hold only what was given on the command line. */
export interface SettingInputs {
  readonly flags: Partial<Record<SettingName, string>>;
  readonly configFile: string | undefined;
  readonly env: NodeJS.ProcessEnv;
}

function whereOf(origin: SettingOrigin, spec: SettingSpec<unknown>): string {
  switch (origin.kind) {
    case 'flag':
      return origin.flag;
    case 'environment':
      return `environment ${origin.variable}`;
    case 'file':
      return `${origin.file}:${origin.line} ${spec.path}`;
    case 'default':
      return 'default';
  }
}

/**
 * Resolves every server setting from, in order of precedence, its command-line flag, its
 * environment variable, the config file (with the files it extends) and its default. Every
 * problem (an unknown key, a bad value, a missing environment variable, both a token and a
 * token file) is reported at once in one CONFIG error, each with where it was written.
 */
export function resolveServerSettings(inputs: SettingInputs): ResolvedSettings {
  const problems: ConfigProblem[] = [];
  const file = inputs.configFile === undefined ? undefined : readConfigFile(inputs.configFile, inputs.env);
  if (file !== undefined) {
    problems.push(...file.problems);
    const known = SETTING_NAMES.map((name) => SERVER_SETTINGS[name].path);
    for (const [path, value] of file.values) {
      if (known.includes(path)) continue;
      const suggestion = didYouMean(path, known);
      problems.push({ where: `${value.file}:${value.line} ${path}`, message: `unknown setting${suggestion === undefined ? '' : `; did you mean '${suggestion}'?`} (known: ${known.join(', ')})` });
    }
  }
  const settings: Record<string, unknown> = {};
  const origins: Record<string, SettingOrigin> = {};
  for (const name of SETTING_NAMES) {
    const spec = SERVER_SETTINGS[name] as SettingSpec<unknown>;
    const flag = inputs.flags[name];
    const variable = inputs.env[spec.variable];
    const fromFile = file?.values.get(spec.path);
    const [text, origin]: [string | undefined, SettingOrigin] =
      flag !== undefined
        ? [flag, { kind: 'flag', flag: spec.flag }]
        : variable !== undefined
          ? [variable, { kind: 'environment', variable: spec.variable }]
          : fromFile !== undefined
            ? [fromFile.text, { kind: 'file', file: fromFile.file, line: fromFile.line }]
            : [undefined, { kind: 'default' }];
    origins[name] = origin;
    if (text === undefined) {
      settings[name] = spec.fallback;
      continue;
    }
    const parsed = spec.parse(text);
    if (parsed !== null && typeof parsed === 'object' && 'error' in parsed) {
      problems.push({ where: whereOf(origin, spec), message: (parsed as { error: string }).error });
    } else {
      settings[name] = parsed;
    }
  }
  if (settings['token'] !== undefined && settings['tokenFile'] !== undefined) {
    problems.push({ where: `${whereOf(origins['token']!, SERVER_SETTINGS.token)} and ${whereOf(origins['tokenFile']!, SERVER_SETTINGS.tokenFile)}`, message: 'give a token or a token file, not both' });
  }
  if (problems.length > 0) {
    problems.sort((a, b) => a.where.localeCompare(b.where, 'en', { numeric: true }));
    const list = problems.map((p) => `  ${p.where}: ${p.message}`).join('\n');
    throw new FerrisError('CONFIG', `the server configuration has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${list}`);
  }
  return { settings: settings as unknown as ServerSettings, origins: origins as ResolvedSettings['origins'] };
}

/** `--print-config`: each effective value (secrets hidden) and where it came from, one per line. */
export function formatSettings({ settings, origins }: ResolvedSettings): string {
  const rows = SETTING_NAMES.map((name) => {
    const spec = SERVER_SETTINGS[name] as SettingSpec<unknown>;
    const value = settings[name];
    const shown = value === undefined ? '(none)' : spec.secret === true ? '******' : String(value);
    return [spec.path, shown, whereOf(origins[name], spec)] as const;
  });
  const width = Math.max(...rows.map(([path]) => path.length));
  const valueWidth = Math.max(...rows.map(([, value]) => value.length));
  return `${rows.map(([path, value, where]) => `${path.padEnd(width)}  ${value.padEnd(valueWidth)}  ${where}`).join('\n')}\n`;
}
