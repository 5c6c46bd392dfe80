/*
 * The command line of the load harness (`npm run load -- ...`), parsed and checked: every bad
 * value names the flag and what it accepts.
 */

/** What one load run does. */
export interface LoadOptions {
  /** Records per second at full rate, over all connections. */
  readonly rate: number;
  /** Seconds at full rate (after the ramp). */
  readonly duration: number;
  readonly connections: number;
  /** Seconds of linear ramp from a tenth of the rate up to the full rate, before `duration`. */
  readonly ramp: number;
  /** Records per request (NDJSON lines in one POST body). */
  readonly batch: number;
  /** A running server to post to; without it the harness starts `ferris server` itself. */
  readonly server: string | undefined;
  /** The bearer token of `server`. */
  readonly token: string | undefined;
  /** Where the chart is written. */
  readonly chart: string;
}

const USAGE =
  'usage: npm run load -- --rate R --duration S --connections C [--ramp S] [--batch N] [--server URL --token T] [--chart FILE]';

function positive(flag: string, text: string | undefined, integer: boolean, zero = false): number {
  const n = Number(text);
  if (text === undefined || !Number.isFinite(n) || n < 0 || (n === 0 && !zero) || (integer && !Number.isInteger(n))) {
    throw new Error(`${flag} needs a ${zero ? 'non-negative' : 'positive'} ${integer ? 'integer' : 'number'}; got '${text ?? ''}'\n${USAGE}`);
  }
  return n;
}

/** Parses the arguments after `npm run load --`. */
export function parseLoadOptions(args: readonly string[]): LoadOptions {
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i += 2) {
    const flag = args[i]!;
    if (!flag.startsWith('--')) throw new Error(`unexpected argument '${flag}'\n${USAGE}`);
    const value = args[i + 1];
    if (value === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
    values.set(flag, value);
  }
  const known = ['--rate', '--duration', '--connections', '--ramp', '--batch', '--server', '--token', '--chart'];
  for (const flag of values.keys()) if (!known.includes(flag)) throw new Error(`unknown flag ${flag}; known: ${known.join(', ')}\n${USAGE}`);
  return {
    rate: positive('--rate', values.get('--rate') ?? '20000', false),
    duration: positive('--duration', values.get('--duration') ?? '10', false),
    connections: positive('--connections', values.get('--connections') ?? '4', true),
    ramp: positive('--ramp', values.get('--ramp') ?? '0', false, true),
    batch: positive('--batch', values.get('--batch') ?? '100', true),
    server: values.get('--server'),
    token: values.get('--token'),
    chart: values.get('--chart') ?? 'docs/load/throughput-and-p99.svg',
  };
}
