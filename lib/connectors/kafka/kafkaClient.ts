import { connect } from 'node:net';
import { Kafka, logLevel, type ISocketFactory, type LogEntry } from 'kafkajs';
import type { ConnectorContext, ConnectorProperties } from '../types.js';
import { stringProperty } from '../properties.js';
import { registerKafkaCodecs } from './codecs/kafkaCodecs.js';
import { notSupported } from '../../types/errors.js';

/** Where a Kafka connector connects: the brokers and the client id. */
export interface KafkaClientConfig {
  readonly brokers: readonly string[];
  readonly clientId: string;
}

/** Reads `bootstrap.servers` and `client.id`. */
export function kafkaClientConfig(props: ConnectorProperties): KafkaClientConfig {
  const brokers = stringProperty(props, 'bootstrap.servers', 'localhost:9092')
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
  return { brokers, clientId: stringProperty(props, 'client.id', 'ferris') };
}

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'debug',
  [logLevel.DEBUG]: 'debug',
};

/** How long a connection may be silent before TCP keep-alive probes start (kafkajs's own value). */
const KEEP_ALIVE_DELAY_MS = 60_000;

/**
 * Opens the client's TCP sockets as kafkajs does (keep-alive), with Nagle's algorithm off
 * (TCP_NODELAY), as Kafka's Java client sets it; kafkajs leaves it on. With it on, a small
 * request written while an earlier one is not yet acknowledged by TCP waits for that
 * acknowledgement: an offset commit or a heartbeat behind a parked fetch, or the fetch after
 * them, a paced producer's next send behind the one in flight. The connectors have no TLS
 * setting, so a TLS connection is refused as not supported.
 */
export const noDelaySocket: ISocketFactory = ({ host, port, ssl, onConnect }) => {
  if (ssl) throw notSupported('TLS connections to Kafka (the Kafka connectors connect over plain TCP)');
  const socket = connect({ host, port }, onConnect);
  socket.setNoDelay(true);
  socket.setKeepAlive(true, KEEP_ALIVE_DELAY_MS);
  return socket;
};

/**
 * A kafkajs client whose log lines go to the job's structured log (kafkajs errors and warnings
 * as such, its chatty info lines as debug). This module and its neighbours are the only ones
 * importing kafkajs. Snappy, lz4 and zstd batches are read and written through the codecs of
 * {@link registerKafkaCodecs}. Its sockets have Nagle's algorithm off ({@link noDelaySocket}).
 */
export function kafkaClient(config: KafkaClientConfig, ctx: Pick<ConnectorContext, 'log'>): Kafka {
  registerKafkaCodecs();
  return new Kafka({
    brokers: [...config.brokers],
    clientId: config.clientId,
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...fields } = log;
        ctx.log(LEVELS[level] ?? 'debug', `kafka: ${message}`, fields);
      },
    retry: { retries: 8, initialRetryTime: 100, maxRetryTime: 2000 },
    socketFactory: noDelaySocket,
  });
}
