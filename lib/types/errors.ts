/** Where in a SQL text something is: 1-based line and column, plus 0-based offsets. */
export interface SourceLocation {
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  readonly offset?: number;
  readonly endOffset?: number;
}

/** Stable error codes; tests and callers match on these, never on message text. */
export type ErrorCode =
  | 'SQL_SYNTAX'
  | 'SQL_BIND'
  | 'SQL_TYPE'
  | 'NOT_SUPPORTED'
  | 'CONFIG'
  | 'IO'
  | 'BAD_RECORD'
  | 'DECIMAL_OVERFLOW'
  | 'EVALUATION'
  | 'KAFKA'
  | 'INTERNAL';

/** Options of a {@link FerrisError}. */
export interface FerrisErrorOptions {
  readonly retriable?: boolean;
  readonly cause?: unknown;
  readonly location?: SourceLocation;
  /** The file the location refers to, when known (a SQL file, a data file). */
  readonly file?: string;
}

/**
 * The one error type of the project: every failure a user can see carries a `code`,
 * whether retrying may help, the underlying `cause`, and for SQL a line and column.
 */
export class FerrisError extends Error {
  readonly code: ErrorCode;
  readonly retriable: boolean;
  readonly location: SourceLocation | undefined;
  readonly file: string | undefined;

  constructor(code: ErrorCode, message: string, options: FerrisErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FerrisError';
    this.code = code;
    this.retriable = options.retriable ?? false;
    this.location = options.location;
    this.file = options.file;
  }
}

/** Builds the error every not-yet-implemented construct raises: `not supported yet: <what>`. */
export function notSupported(what: string, location?: SourceLocation): FerrisError {
  return new FerrisError('NOT_SUPPORTED', `not supported yet: ${what}`, location ? { location } : {});
}
