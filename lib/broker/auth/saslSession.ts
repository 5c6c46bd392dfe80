import { ErrorCode } from '../protocol/errorCodes.js';
import { ApiVersions } from '../protocol/messages/cluster.js';
import { SaslAuthenticate, SaslHandshake } from '../protocol/messages/sasl.js';
import type { Credentials } from './credentials.js';
import { SASL_MECHANISMS, startExchange, type SaslExchange, type SaslMechanism } from './mechanisms.js';

/** The APIs a connection may use before it authenticated. */
export const PRE_AUTHENTICATION_APIS: ReadonlySet<number> = new Set([ApiVersions.key, SaslHandshake.key, SaslAuthenticate.key]);

/** A SaslAuthenticate answer. */
export interface SaslAnswer {
  readonly errorCode: number;
  readonly errorMessage: string | null;
  readonly authBytes: Buffer;
  readonly sessionLifetimeMs: number;
}

function isMechanism(name: string): name is SaslMechanism {
  return (SASL_MECHANISMS as readonly string[]).includes(name);
}

/**
 * The SASL state of one connection of a broker started with `--users`: SaslHandshake picks a
 * mechanism, SaslAuthenticate carries its tokens until the user is known. A failed exchange
 * marks the session so the connection is closed after the answer (as Kafka does).
 */
export class SaslSession {
  private exchange: SaslExchange | undefined;
  /** The authenticated user, once there is one. */
  user: string | undefined;
  /** Set when authentication failed: the connection closes after answering. */
  failed = false;

  constructor(private readonly credentials: Credentials) {}

  /** Whether the connection may use every API. */
  get authenticated(): boolean {
    return this.user !== undefined;
  }

  /** SaslHandshake: starts an exchange of `mechanism`. */
  handshake(mechanism: string): { errorCode: number; mechanisms: string[] } {
    const mechanisms = [...SASL_MECHANISMS];
    if (this.authenticated || this.exchange !== undefined) return { errorCode: ErrorCode.ILLEGAL_SASL_STATE, mechanisms };
    if (!isMechanism(mechanism)) return { errorCode: ErrorCode.UNSUPPORTED_SASL_MECHANISM, mechanisms };
    this.exchange = startExchange(mechanism, this.credentials);
    return { errorCode: ErrorCode.NONE, mechanisms };
  }

  /** SaslAuthenticate: one token of the exchange started by the handshake. */
  authenticate(token: Buffer): SaslAnswer {
    if (this.exchange === undefined || this.authenticated) {
      this.failed = true;
      return { errorCode: ErrorCode.ILLEGAL_SASL_STATE, errorMessage: 'SaslAuthenticate needs a SaslHandshake first, once per connection', authBytes: Buffer.alloc(0), sessionLifetimeMs: 0 };
    }
    const step = this.exchange.step(token);
    if (step.kind === 'failed') {
      this.failed = true;
      return { errorCode: ErrorCode.SASL_AUTHENTICATION_FAILED, errorMessage: step.message, authBytes: Buffer.alloc(0), sessionLifetimeMs: 0 };
    }
    if (step.kind === 'done') this.user = step.user;
    return { errorCode: ErrorCode.NONE, errorMessage: null, authBytes: step.reply, sessionLifetimeMs: 0 };
  }
}
