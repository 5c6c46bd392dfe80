/**
 * A malformed request: the connection that sent it is closed. Kafka error codes answer
 * well-formed requests; this is for bytes that cannot be parsed at all.
 */
export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}
