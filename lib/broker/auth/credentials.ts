import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

/** Iterations of PBKDF2 for SCRAM-SHA-256 (Kafka's minimum and RFC 7677's recommendation). */
export const SCRAM_ITERATIONS = 4096;

/** What a SCRAM-SHA-256 server keeps per user (RFC 5802): never the password itself. */
export interface ScramCredential {
  readonly salt: Buffer;
  readonly iterations: number;
  readonly storedKey: Buffer;
  readonly serverKey: Buffer;
}

/** HMAC-SHA-256. */
export function hmac(key: Buffer, text: string | Buffer): Buffer {
  return createHmac('sha256', key).update(text).digest();
}

/** SHA-256. */
export function sha256(data: Buffer | string): Buffer {
  return createHash('sha256').update(data).digest();
}

function scramCredential(password: string, salt: Buffer, iterations: number): ScramCredential {
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  return { salt, iterations, storedKey: sha256(hmac(salted, 'Client Key')), serverKey: hmac(salted, 'Server Key') };
}

/**
 * The users of a broker started with `--users`: PLAIN checks compare password digests in
 * constant time; SCRAM-SHA-256 credentials are derived once at start with a random salt.
 */
export class Credentials {
  private readonly passwordDigests = new Map<string, Buffer>();
  private readonly scram = new Map<string, ScramCredential>();
  /** Answers SCRAM for unknown users like for known ones, so the exchange does not reveal which users exist. */
  private readonly unknownUser: ScramCredential;

  constructor(users: ReadonlyMap<string, string>) {
    for (const [user, password] of users) {
      this.passwordDigests.set(user, sha256(password));
      this.scram.set(user, scramCredential(password, randomBytes(16), SCRAM_ITERATIONS));
    }
    this.unknownUser = scramCredential(randomBytes(16).toString('hex'), randomBytes(16), SCRAM_ITERATIONS);
  }

  /** Whether `password` is `user`'s (PLAIN). */
  checkPassword(user: string, password: string): boolean {
    const expected = this.passwordDigests.get(user);
    const given = sha256(password);
    return expected !== undefined && timingSafeEqual(expected, given);
  }

  /** `user`'s SCRAM credential, or a random one that no proof matches when there is no such user. */
  scramCredential(user: string): { readonly credential: ScramCredential; readonly known: boolean } {
    const credential = this.scram.get(user);
    return credential === undefined ? { credential: this.unknownUser, known: false } : { credential, known: true };
  }
}
