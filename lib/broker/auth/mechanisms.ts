import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Credentials } from './credentials.js';
import { hmac, sha256 } from './credentials.js';

/** The outcome of one client token. */
export type SaslStep =
  | { readonly kind: 'continue'; readonly reply: Buffer }
  | { readonly kind: 'done'; readonly user: string; readonly reply: Buffer }
  | { readonly kind: 'failed'; readonly message: string };

/** A server-side SASL exchange for one connection. */
export interface SaslExchange {
  step(token: Buffer): SaslStep;
}

/** The mechanisms `--users` enables, in the order the handshake lists them. */
export const SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256'] as const;

/** One of {@link SASL_MECHANISMS}. */
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

const BAD_CREDENTIALS = 'Authentication failed: Invalid username or password';

/** PLAIN (RFC 4616): one token `authzid NUL user NUL password`; an authzid other than the user is refused. */
class PlainExchange implements SaslExchange {
  constructor(private readonly credentials: Credentials) {}

  step(token: Buffer): SaslStep {
    const parts = token.toString('utf8').split('\u0000');
    if (parts.length !== 3) return { kind: 'failed', message: 'Authentication failed: PLAIN token must be authzid NUL user NUL password' };
    const [authzid, user, password] = parts as [string, string, string];
    if (authzid !== '' && authzid !== user) return { kind: 'failed', message: 'Authentication failed: authorization id must be empty or the user name' };
    return this.credentials.checkPassword(user, password) ? { kind: 'done', user, reply: Buffer.alloc(0) } : { kind: 'failed', message: BAD_CREDENTIALS };
  }
}

/** `a=1,b=2` attributes of a SCRAM message. */
function attributes(message: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of message.split(',')) {
    const eq = part.indexOf('=');
    if (eq === 1) out.set(part.slice(0, 1), part.slice(2));
  }
  return out;
}

/** A SCRAM user name with `=2C` and `=3D` decoded. */
function scramName(encoded: string): string {
  return encoded.replace(/=2C/g, ',').replace(/=3D/g, '=');
}

function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) ^ (b[i] as number);
  return out;
}

/** What a SCRAM exchange remembers between the client's first and final message. */
interface ScramFirstRound {
  readonly user: string;
  readonly known: boolean;
  /** Client nonce followed by ours. */
  readonly nonce: string;
  /** The GS2 header (`n,,`), echoed base64-encoded in the client's `c=`. */
  readonly gs2: string;
  readonly firstBare: string;
  readonly serverFirst: string;
  readonly storedKey: Buffer;
  readonly serverKey: Buffer;
}

/** SCRAM-SHA-256 (RFC 5802, RFC 7677) without channel binding: client-first, then client-final. */
class ScramExchange implements SaslExchange {
  private pending: ScramFirstRound | undefined;

  constructor(private readonly credentials: Credentials) {}

  step(token: Buffer): SaslStep {
    const message = token.toString('utf8');
    return this.pending === undefined ? this.first(message) : this.final(message);
  }

  private first(message: string): SaslStep {
    const match = /^([ny]),(a=[^,]*)?,(.*)$/.exec(message);
    if (match === null) return { kind: 'failed', message: 'Authentication failed: SCRAM client-first message must start with n,, (channel binding is not supported)' };
    const firstBare = match[3] as string;
    const attrs = attributes(firstBare);
    const name = attrs.get('n');
    const clientNonce = attrs.get('r');
    if (name === undefined || clientNonce === undefined || clientNonce === '') return { kind: 'failed', message: 'Authentication failed: SCRAM client-first message needs n= and r=' };
    const user = scramName(name);
    const { credential, known } = this.credentials.scramCredential(user);
    const nonce = clientNonce + randomBytes(18).toString('base64');
    const serverFirst = `r=${nonce},s=${credential.salt.toString('base64')},i=${credential.iterations}`;
    const gs2 = message.slice(0, message.length - firstBare.length);
    this.pending = { user, known, nonce, gs2, firstBare, serverFirst, storedKey: credential.storedKey, serverKey: credential.serverKey };
    return { kind: 'continue', reply: Buffer.from(serverFirst) };
  }

  private final(message: string): SaslStep {
    const p = this.pending as ScramFirstRound;
    const proofAt = message.lastIndexOf(',p=');
    if (proofAt < 0) return { kind: 'failed', message: 'Authentication failed: SCRAM client-final message needs p=' };
    const withoutProof = message.slice(0, proofAt);
    const attrs = attributes(withoutProof);
    if (attrs.get('r') !== p.nonce || attrs.get('c') !== Buffer.from(p.gs2).toString('base64')) {
      return { kind: 'failed', message: 'Authentication failed: SCRAM nonce or channel binding does not match' };
    }
    const authMessage = `${p.firstBare},${p.serverFirst},${withoutProof}`;
    const proof = Buffer.from(message.slice(proofAt + 3), 'base64');
    const signature = hmac(p.storedKey, authMessage);
    if (proof.length !== signature.length || !timingSafeEqual(sha256(xor(proof, signature)), p.storedKey) || !p.known) {
      return { kind: 'failed', message: BAD_CREDENTIALS };
    }
    return { kind: 'done', user: p.user, reply: Buffer.from(`v=${hmac(p.serverKey, authMessage).toString('base64')}`) };
  }
}

/** Starts an exchange of `mechanism`. */
export function startExchange(mechanism: SaslMechanism, credentials: Credentials): SaslExchange {
  return mechanism === 'PLAIN' ? new PlainExchange(credentials) : new ScramExchange(credentials);
}
