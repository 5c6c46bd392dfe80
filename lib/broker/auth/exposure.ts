import { isIP } from 'node:net';

/** Whether `host` only accepts connections from this machine. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/** The warning to log when the broker binds `host` without authentication where other machines can reach it. */
export function exposureWarning(host: string, authenticated: boolean): string | undefined {
  if (authenticated || isLoopback(host)) return undefined;
  return `WARNING: listening on ${host} without authentication: anyone who can reach this port can read, write and delete every topic; pass --users FILE to require SASL`;
}
