/** Severity of a log line. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Structured logging: a message plus fields. Everything goes to stderr; data goes to stdout. */
export type Logger = (level: LogLevel, message: string, fields?: Record<string, unknown>) => void;

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Prints a field value compactly: strings that need it are quoted, objects as JSON. */
function formatField(value: unknown): string {
  if (typeof value === 'string') return /[\s"=]/.test(value) || value === '' ? JSON.stringify(value) : value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) return JSON.stringify(value.message);
  if (value !== null && typeof value === 'object') return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  return String(value);
}

/**
 * A logger writing `LEVEL message key=value ...` lines to a stream (stderr by default),
 * dropping lines below `minLevel`. `FERRIS_LOG_LEVEL` sets the default level.
 */
export function createLogger(
  minLevel: LogLevel = (process.env.FERRIS_LOG_LEVEL as LogLevel | undefined) ?? 'info',
  write: (line: string) => void = (line) => process.stderr.write(line),
): Logger {
  const threshold = ORDER[minLevel] ?? ORDER.info;
  return (level, message, fields) => {
    if (ORDER[level] < threshold) return;
    let line = `${level.toUpperCase().padEnd(5)} ${message}`;
    if (fields) for (const [key, value] of Object.entries(fields)) line += ` ${key}=${formatField(value)}`;
    write(line + '\n');
  };
}

/** A logger that drops everything (library default). */
export const silentLogger: Logger = () => undefined;
