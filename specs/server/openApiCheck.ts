/** An OpenAPI 3.0 schema object, as /openapi.json holds them. */
type Schema = { readonly [key: string]: unknown };

/** The document parts the check reads. */
export interface OpenApiDocument {
  readonly paths: { readonly [path: string]: { readonly [method: string]: { readonly responses?: { readonly [status: string]: { readonly content?: { readonly [type: string]: { readonly schema: Schema } } } } } } };
  readonly components: { readonly schemas: { readonly [name: string]: Schema } };
}

/**
 * Checks a value against a schema of the document, for the keywords the document uses
 * ($ref, type, enum, nullable, required, properties, additionalProperties: false, items,
 * minimum, pattern, format date-time); returns every mismatch with its JSON path.
 */
export function schemaErrors(document: OpenApiDocument, schema: Schema, value: unknown, path = '$'): string[] {
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = document.components.schemas[name];
    return target === undefined ? [`${path}: unknown $ref ${schema.$ref}`] : schemaErrors(document, target, value, path);
  }
  if (value === null) return schema.nullable === true ? [] : [`${path}: null but not nullable`];
  const errors: string[] = [];
  const type = schema.type as string | undefined;
  const actual = Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
  if (type !== undefined && !(type === actual || (type === 'number' && actual === 'integer'))) return [`${path}: expected ${type}, got ${actual}`];
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) errors.push(`${path}: ${JSON.stringify(value)} not in ${JSON.stringify(schema.enum)}`);
  if (typeof schema.minimum === 'number' && typeof value === 'number' && value < schema.minimum) errors.push(`${path}: ${value} < ${schema.minimum}`);
  if (typeof schema.pattern === 'string' && typeof value === 'string' && !new RegExp(schema.pattern).test(value)) errors.push(`${path}: '${value}' does not match ${schema.pattern}`);
  if (schema.format === 'date-time' && typeof value === 'string' && Number.isNaN(Date.parse(value))) errors.push(`${path}: '${value}' is not a date-time`);
  if (actual === 'array' && schema.items !== undefined) (value as unknown[]).forEach((item, i) => errors.push(...schemaErrors(document, schema.items as Schema, item, `${path}[${i}]`)));
  if (actual === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of (schema.required ?? []) as string[]) if (!(key in object)) errors.push(`${path}: missing ${key}`);
    for (const [key, item] of Object.entries(object)) {
      if (properties[key] !== undefined) errors.push(...schemaErrors(document, properties[key], item, `${path}.${key}`));
      else if (schema.additionalProperties === false) errors.push(`${path}: unexpected ${key}`);
    }
  }
  return errors;
}

/**
 * The mismatches of a real response against the document: its status must be declared for
 * the route (`/jobs/{name}` for `/jobs/x`), its media type among the declared ones, and a
 * JSON body must fit the declared schema.
 */
export async function responseErrors(document: OpenApiDocument, route: string, method: string, response: Response): Promise<string[]> {
  const operation = document.paths[route]?.[method.toLowerCase()];
  if (operation === undefined) return [`${method} ${route} is not in the document`];
  const declared = operation.responses?.[String(response.status)];
  if (declared === undefined) return [`${method} ${route}: status ${response.status} is not declared`];
  const type = (response.headers.get('content-type') ?? '').split(';', 1)[0]!;
  const content = declared.content?.[type];
  if (content === undefined) return [`${method} ${route} ${response.status}: content-type ${type} is not declared`];
  if (type !== 'application/json') return [];
  return schemaErrors(document, content.schema, await response.json()).map((e) => `${method} ${route} ${response.status}: ${e}`);
}
