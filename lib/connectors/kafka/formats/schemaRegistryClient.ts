import { FerrisError } from '../../../types/errors.js';

/** The kinds of schema a registry holds (Avro when the registry names none). */
export type SchemaType = 'AVRO' | 'PROTOBUF' | 'JSON';

/** A schema as the registry returns it. */
export interface RegisteredSchema {
  readonly id: number;
  readonly schemaType: SchemaType;
  /** The schema text: Avro JSON, or a `.proto` file. */
  readonly schema: string;
}

/** Where the registry is and how to authenticate. */
export interface RegistryConnection {
  readonly url: string;
  /** `user:password` for HTTP basic authentication (`schema.registry.basic.auth.user.info`). */
  readonly userInfo: string | undefined;
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
const REQUEST_TIMEOUT_MS = 10_000;

interface SchemaResponse {
  readonly id?: number;
  readonly schema?: string;
  readonly schemaType?: SchemaType;
}

/**
 * A client of the Confluent schema-registry REST API, with a cache: the schema of an id is
 * fetched once (`GET /schemas/ids/:id`; ids never change meaning), a registration once per
 * subject and schema text (`POST /subjects/:subject/versions`, which returns the existing id
 * of a schema registered before). Concurrent requests for the same key share one request; a
 * failed request is not cached, so the next use asks again. Errors name the registry's own
 * message (`error_code` and `message`).
 */
export class SchemaRegistryClient {
  private readonly byId = new Map<number, Promise<RegisteredSchema>>();
  private readonly registered = new Map<string, Promise<number>>();
  private readonly base: string;

  constructor(private readonly connection: RegistryConnection) {
    this.base = connection.url.replace(/\/+$/, '');
  }

  /** The schema registered under `id`. */
  schemaById(id: number): Promise<RegisteredSchema> {
    return this.cached(this.byId, id, async () => {
      const body = await this.request('GET', `/schemas/ids/${id}`);
      return registeredSchema(body, id, `schema id ${id}`);
    });
  }

  /** The latest version of a subject's schema. */
  async latest(subject: string): Promise<RegisteredSchema> {
    const body = await this.request('GET', `/subjects/${encodeURIComponent(subject)}/versions/latest`);
    if (typeof body.id !== 'number') throw this.malformed(`the latest version of subject '${subject}'`);
    const latest = registeredSchema(body, body.id, `subject '${subject}'`);
    if (!this.byId.has(latest.id)) this.byId.set(latest.id, Promise.resolve(latest));
    return latest;
  }

  /** Registers a schema under a subject (or finds it registered) and returns its id. */
  register(subject: string, schemaType: SchemaType, schema: string): Promise<number> {
    return this.cached(this.registered, `${subject}\u0000${schemaType}\u0000${schema}`, async () => {
      const payload = schemaType === 'AVRO' ? { schema } : { schema, schemaType };
      const body = await this.request('POST', `/subjects/${encodeURIComponent(subject)}/versions`, payload);
      if (typeof body.id !== 'number') throw this.malformed(`registering under subject '${subject}'`);
      this.byId.set(body.id, Promise.resolve({ id: body.id, schemaType, schema }));
      return body.id;
    });
  }

  private cached<K, V>(cache: Map<K, Promise<V>>, key: K, load: () => Promise<V>): Promise<V> {
    let entry = cache.get(key);
    if (entry === undefined) {
      entry = load();
      cache.set(key, entry);
      entry.catch(() => cache.delete(key));
    }
    return entry;
  }

  private async request(method: 'GET' | 'POST', path: string, payload?: object): Promise<SchemaResponse> {
    const headers: Record<string, string> = { accept: CONTENT_TYPE };
    if (payload !== undefined) headers['content-type'] = CONTENT_TYPE;
    if (this.connection.userInfo !== undefined) headers.authorization = `Basic ${Buffer.from(this.connection.userInfo).toString('base64')}`;
    const where = `${method} ${this.base}${path}`;
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, {
        method,
        headers,
        ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      throw new FerrisError('IO', `schema registry: ${where} failed: ${reason}`, { cause: error });
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = text === '' ? {} : JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!response.ok) {
      const detail = typeof body === 'object' && body !== null && 'message' in body ? `${String((body as { error_code?: unknown }).error_code ?? response.status)} ${String(body.message)}` : text.slice(0, 200);
      throw new FerrisError('IO', `schema registry: ${where} answered ${response.status}: ${detail}`);
    }
    if (typeof body !== 'object' || body === null) throw this.malformed(where);
    return body as SchemaResponse;
  }

  private malformed(what: string): FerrisError {
    return new FerrisError('IO', `schema registry at ${this.base}: unexpected answer for ${what}`);
  }
}

function registeredSchema(body: SchemaResponse, id: number, what: string): RegisteredSchema {
  if (typeof body.schema !== 'string') throw new FerrisError('IO', `schema registry: no schema text for ${what}`);
  return { id, schemaType: body.schemaType ?? 'AVRO', schema: body.schema };
}
