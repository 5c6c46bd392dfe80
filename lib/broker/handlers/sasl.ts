import { ErrorCode } from '../protocol/errorCodes.js';
import { SaslAuthenticate, SaslHandshake } from '../protocol/messages/sasl.js';
import { route } from './route.js';

/** SaslHandshake v1: picks the mechanism; without `--users` no mechanism is enabled. */
export const saslHandshakeRoute = route(
  SaslHandshake,
  (_state, req, { sasl }) => sasl?.handshake(req.mechanism) ?? { errorCode: ErrorCode.UNSUPPORTED_SASL_MECHANISM, mechanisms: [] },
  (_req, errorCode) => ({ errorCode, mechanisms: [] }),
);

/** SaslAuthenticate v0-v1: one token of the exchange. */
export const saslAuthenticateRoute = route(
  SaslAuthenticate,
  (_state, req, { sasl }) => sasl?.authenticate(req.authBytes)
    ?? { errorCode: ErrorCode.ILLEGAL_SASL_STATE, errorMessage: 'this broker has no users (start it with --users FILE)', authBytes: Buffer.alloc(0), sessionLifetimeMs: 0 },
  (_req, errorCode) => ({ errorCode, errorMessage: null, authBytes: Buffer.alloc(0), sessionLifetimeMs: 0 }),
);
