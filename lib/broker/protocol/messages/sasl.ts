import { api } from '../api.js';
import { array, bytes, field, int16, int64, nullableString, string, struct } from '../schema.js';

/** SaslHandshake (key 17), v1 only: the tokens then travel in SaslAuthenticate (v0's raw tokens are not supported). */
export const SaslHandshake = api({
  key: 17,
  name: 'SaslHandshake',
  versions: [1, 1],
  request: struct({ mechanism: field(string) }),
  response: struct({ errorCode: field(int16), mechanisms: field(array(string)) }),
});

/** SaslAuthenticate (key 36), v0-v1: one SASL token each way. */
export const SaslAuthenticate = api({
  key: 36,
  name: 'SaslAuthenticate',
  versions: [0, 1],
  request: struct({ authBytes: field(bytes) }),
  response: struct({
    errorCode: field(int16),
    errorMessage: field(nullableString),
    authBytes: field(bytes),
    sessionLifetimeMs: field(int64, 1),
  }),
});
