import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A schema held by the stub. */
export interface StubSchema {
  readonly id: number;
  readonly subject: string;
  readonly schemaType: 'AVRO' | 'PROTOBUF';
  readonly schema: string;
}

/** A small Confluent schema registry over real HTTP: the endpoints the connectors use, with a request log. */
export interface RegistryStub {
  readonly url: string;
  readonly schemas: StubSchema[];
  /** Every request as `METHOD path`. */
  readonly requests: string[];
  /** The Authorization header of every request (undefined when it had none). */
  readonly authorizations: (string | undefined)[];
  /** While set, every request answers 503 (the registry is down). */
  unavailable: boolean;
  /** Registers a schema as a producer's serializer would, returning its id. */
  add(subject: string, schemaType: StubSchema['schemaType'], schema: string): number;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/vnd.schemaregistry.v1+json' });
  res.end(JSON.stringify(body));
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts the stub on a free loopback port. */
export async function startRegistryStub(): Promise<RegistryStub> {
  const schemas: StubSchema[] = [];
  const requests: string[] = [];
  const authorizations: (string | undefined)[] = [];
  const add = (subject: string, schemaType: StubSchema['schemaType'], schema: string): number => {
    const existing = schemas.find((s) => s.subject === subject && s.schema === schema);
    if (existing) return existing.id;
    const id = schemas.length + 1;
    schemas.push({ id, subject, schemaType, schema });
    return id;
  };
  const stub = { schemas, requests, authorizations, unavailable: false, add } as Omit<RegistryStub, 'url' | 'close'>;
  const server = createServer((req, res) => {
    void (async () => {
      const path = req.url ?? '';
      requests.push(`${req.method} ${path}`);
      authorizations.push(req.headers.authorization);
      if (stub.unavailable) return send(res, 503, { error_code: 50301, message: 'the registry is down' });
      const byId = /^\/schemas\/ids\/(\d+)$/.exec(path);
      if (req.method === 'GET' && byId) {
        const found = schemas.find((s) => s.id === Number(byId[1]));
        if (!found) return send(res, 404, { error_code: 40403, message: 'Schema not found' });
        return send(res, 200, found.schemaType === 'AVRO' ? { schema: found.schema } : { schema: found.schema, schemaType: found.schemaType });
      }
      const latest = /^\/subjects\/([^/]+)\/versions\/latest$/.exec(path);
      if (req.method === 'GET' && latest) {
        const subject = decodeURIComponent(latest[1]!);
        const found = schemas.filter((s) => s.subject === subject).at(-1);
        if (!found) return send(res, 404, { error_code: 40401, message: `Subject '${subject}' not found.` });
        return send(res, 200, { subject, version: 1, id: found.id, schema: found.schema, ...(found.schemaType === 'AVRO' ? {} : { schemaType: found.schemaType }) });
      }
      const versions = /^\/subjects\/([^/]+)\/versions$/.exec(path);
      if (req.method === 'POST' && versions) {
        const body = JSON.parse(await bodyOf(req)) as { schema: string; schemaType?: StubSchema['schemaType'] };
        return send(res, 200, { id: add(decodeURIComponent(versions[1]!), body.schemaType ?? 'AVRO', body.schema) });
      }
      send(res, 404, { error_code: 404, message: 'HTTP 404 Not Found' });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(stub, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }) as RegistryStub;
}
