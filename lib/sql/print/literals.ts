/** Printing of names, strings, intervals, data types and WITH properties as canonical SQL. */
import type { DataType, Identifier, IntervalLiteral, Property } from '../ast.js';

/** A name: quoted names in double quotes (doubling inner quotes), others as written. */
export function printIdentifier(identifier: Identifier): string {
  return identifier.quoted ? `"${identifier.text.replaceAll('"', '""')}"` : identifier.text;
}

/** A string literal in single quotes, doubling inner quotes. */
export function printString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** `INTERVAL '5' SECOND`, the form that is valid everywhere a duration is. */
export function printInterval(interval: IntervalLiteral): string {
  return `INTERVAL ${printString(interval.value)} ${interval.unit}`;
}

/** A data type: `DECIMAL(18, 4)`, `ARRAY<INT>`, `MAP<STRING, DOUBLE>`, `STRUCT<a INT, b STRING>`. */
export function printDataType(dataType: DataType): string {
  switch (dataType.name) {
    case 'ARRAY':
      return `ARRAY<${printDataType(dataType.element)}>`;
    case 'MAP':
      return `MAP<${printDataType(dataType.key)}, ${printDataType(dataType.value)}>`;
    case 'STRUCT':
      return `STRUCT<${dataType.fields.map((field) => `${printIdentifier(field.name)} ${printDataType(field.dataType)}`).join(', ')}>`;
    default:
      return dataType.params.length === 0 ? dataType.name : `${dataType.name}(${dataType.params.join(', ')})`;
  }
}

/** `WITH ('key' = 'value', 'size' = 10, 'flag' = true)`, or an empty string for no properties. */
export function printProperties(properties: readonly Property[]): string {
  if (properties.length === 0) return '';
  const entries = properties.map((property) => {
    const value = property.value.kind === 'string' ? printString(property.value.text) : property.value.text;
    return `${printString(property.key)} = ${value}`;
  });
  return `WITH (${entries.join(', ')})`;
}
