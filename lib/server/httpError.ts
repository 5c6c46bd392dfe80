import { FerrisError, type ErrorCode } from '../types/errors.js';

/** An answer other than success, raised by a route: its status, a stable code and a message for people. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The JSON body of every error answer: a code, a message, and for SQL errors the line and column. */
export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

/**
 * The status of a {@link FerrisError}: what the request said is wrong → 400 (SQL, configuration,
 * records, and an I/O or Kafka failure opening what the request named: a missing file, a
 * refused connection configured wrong), a retriable failure → 503, an internal error → 500.
 */
const STATUS_OF: { readonly [C in ErrorCode]: number } = {
  SQL_SYNTAX: 400,
  SQL_BIND: 400,
  SQL_TYPE: 400,
  NOT_SUPPORTED: 400,
  CONFIG: 400,
  BAD_RECORD: 400,
  DECIMAL_OVERFLOW: 400,
  EVALUATION: 400,
  IO: 400,
  KAFKA: 400,
  INTERNAL: 500,
};

/** The status, headers and body that answer an error thrown while serving a request. */
export function errorAnswer(error: unknown): { status: number; headers: Readonly<Record<string, string>>; body: ErrorBody } {
  if (error instanceof HttpError) return { status: error.status, headers: error.headers, body: { code: error.code, message: error.message } };
  if (error instanceof FerrisError) {
    const status = error.retriable ? 503 : STATUS_OF[error.code];
    const where = error.location === undefined ? {} : { line: error.location.line, column: error.location.column };
    return { status, headers: {}, body: { code: error.code, message: error.message, ...where } };
  }
  return { status: 500, headers: {}, body: { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) } };
}
