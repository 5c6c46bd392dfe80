/** Removing source locations from AST nodes, to compare trees parsed from different texts. */

/** A deep copy of plain data without any `loc` property (for comparing ASTs). */
export function stripLocations<T>(node: T): T {
  return strip(node) as T;
}

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (key !== 'loc') copy[key] = strip(field);
  }
  return copy;
}
