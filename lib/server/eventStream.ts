import type { ServerResponse } from 'node:http';

/**
 * Server-sent events to every connected client (the dashboard): `send` writes one event to
 * all of them; a client that disconnects is dropped. A comment line every 15 s keeps idle
 * connections open through proxies.
 */
export class EventStream {
  private readonly clients = new Set<ServerResponse>();
  private readonly keepAlive: NodeJS.Timeout;

  constructor() {
    this.keepAlive = setInterval(() => this.write(': keep-alive\n\n'), 15_000).unref();
  }

  /** Makes `response` an event stream (200, `text/event-stream`) and adds it; `first` is sent to it at once. */
  add(response: ServerResponse, first: { event: string; data: unknown }): void {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    response.write(frame(first.event, first.data));
    this.clients.add(response);
    response.on('close', () => this.clients.delete(response));
  }

  /** Sends one event to every client; `data` is computed only when a client is connected. */
  send(event: string, data: () => unknown): void {
    if (this.clients.size > 0) this.write(frame(event, data()));
  }

  /** Ends every stream. */
  close(): void {
    clearInterval(this.keepAlive);
    for (const client of this.clients) client.end();
    this.clients.clear();
  }

  private write(text: string): void {
    for (const client of this.clients) client.write(text);
  }
}

function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
