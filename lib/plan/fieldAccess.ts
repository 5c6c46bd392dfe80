import { FerrisError, type SourceLocation } from '../types/errors.js';
import { formatType } from '../types/sqlType.js';
import type { BoundExpr } from './boundExpr.js';

/** `struct.field` or `map.key` on a bound value. */
export function fieldAccess(operand: BoundExpr, field: string, text: string, location: SourceLocation): BoundExpr {
  const type = operand.type;
  if (type.kind === 'STRUCT') {
    const found = type.fields.find((f) => f.name.toLowerCase() === field.toLowerCase());
    if (!found) {
      throw new FerrisError('SQL_BIND', `no field '${field}' in ${formatType(type)}`, { location });
    }
    return { kind: 'field', operand, field: found.name, type: found.type, text };
  }
  if (type.kind === 'MAP') return { kind: 'field', operand, field, type: type.value, text };
  if (type.kind === 'ANY') return { kind: 'field', operand, field, type: type, text };
  throw new FerrisError('SQL_TYPE', `cannot read field '${field}' of ${formatType(type)} '${operand.text}'`, { location });
}
