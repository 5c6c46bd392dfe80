import type { Logger } from '../../runtime/logger.js';

/** How long a Kafka client may take to disconnect before it is left behind. */
export const DISCONNECT_TIMEOUT_MS = 10_000;

/**
 * Disconnects a kafkajs client, waiting at most {@link DISCONNECT_TIMEOUT_MS}: kafkajs's
 * disconnect first waits for the requests in flight, and one whose answer never comes (a
 * stalled connection, which is what a liveness failure is about) is no longer timed out once
 * disconnecting began, so it would wait for ever and hold up the restart. A client left behind
 * is logged; the group evicts a consumer left so after its session timeout. A failed disconnect
 * is logged too: the client is being dropped either way.
 */
export async function disconnectWithin(client: { disconnect(): Promise<void> }, what: string, log: Logger): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<'timed out'>((resolve) => (timer = setTimeout(() => resolve('timed out'), DISCONNECT_TIMEOUT_MS)));
  try {
    const outcome = await Promise.race([client.disconnect().then(() => 'disconnected' as const), timedOut]);
    if (outcome === 'timed out') log('warn', `kafka: ${what} did not disconnect within ${DISCONNECT_TIMEOUT_MS} ms (a request in flight is not answered): left behind`);
  } catch (error) {
    log('warn', `kafka: ${what} failed to disconnect`, { error: error instanceof Error ? error.message : String(error) });
  } finally {
    clearTimeout(timer);
  }
}
