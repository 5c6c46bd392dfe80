import { lookupFunction } from '../functions/registry.js';
import { bindBinaryOperator } from '../functions/operators.js';
import { FerrisError } from '../types/errors.js';
import { formatType, INTEGER, STRING, TIMESTAMP, type SqlType } from '../types/sqlType.js';
import type { BoundExpr } from './boundExpr.js';
import { coerceTo } from './coerce.js';
import type { PlanColumn } from './logicalPlan.js';

/** Where a source's event time comes from: `event.time.field` and `event.time.format`. */
export interface EventTimeSource {
  readonly field: string | undefined;
  readonly format: string | undefined;
}

const FORMATS = ['epoch_millis', 'epoch_seconds', 'iso8601'];

/**
 * The event time of a source's rows as a bound expression giving epoch ms: the configured
 * column converted by its format (epoch_millis, epoch_seconds, iso8601 or a pattern such as
 * 'yyyy-MM-dd HH:mm:ss'), or `_timestamp` (Kafka timestamp or processing time) without one.
 */
export function eventTimeExpr(columns: readonly PlanColumn[], source: EventTimeSource): BoundExpr {
  const name = source.field ?? '_timestamp';
  const index = columns.findIndex((c) => c.name.toLowerCase() === name.toLowerCase());
  if (index < 0) {
    throw new FerrisError(
      'CONFIG',
      `'event.time.field' names '${name}', which is not a column; columns: ${columns.filter((c) => !c.system).map((c) => c.name).join(', ')}`,
    );
  }
  const column: BoundExpr = { kind: 'column', index, type: columns[index]!.type, text: columns[index]!.name };
  return convert(column, source.format);
}

function convert(column: BoundExpr, format: string | undefined): BoundExpr {
  const type = column.type;
  const lower = format?.toLowerCase();
  const refuse = (): never => {
    throw new FerrisError(
      'CONFIG',
      `'event.time.format' = '${format}' does not fit the ${formatType(type)} column '${column.text}'; use ${FORMATS.join(', ')} or a pattern for text`,
    );
  };
  if (type.kind === 'TIMESTAMP') return format === undefined ? column : refuse();
  if (type.kind === 'INTEGER') {
    if (lower === undefined || lower === 'epoch_millis') return coerceTo(column, TIMESTAMP);
    if (lower === 'epoch_seconds' || lower === 'epoch') return coerceTo(times1000(column), TIMESTAMP);
    return refuse();
  }
  if (type.kind === 'STRING') {
    if (lower === undefined || lower === 'iso8601') return coerceTo(column, TIMESTAMP);
    if (lower === 'epoch_millis' || lower === 'epoch_seconds') return convert(coerceTo(column, INTEGER), lower);
    return withPattern(column, format!);
  }
  return refuse();
}

function times1000(column: BoundExpr): BoundExpr {
  const thousand: BoundExpr = { kind: 'literal', value: 1000, type: INTEGER, text: '1000' };
  const kernel = bindBinaryOperator('*', column.type, INTEGER);
  return { kind: 'binary', op: '*', kernel, left: column, right: thousand, type: kernel.returnType, text: `${column.text} * 1000` };
}

function withPattern(column: BoundExpr, pattern: string): BoundExpr {
  const toTimestamp = lookupFunction('TO_TIMESTAMP');
  if (!toTimestamp) throw new FerrisError('INTERNAL', 'TO_TIMESTAMP is not registered');
  const argTypes: SqlType[] = [STRING, STRING];
  const fn = toTimestamp.bind(argTypes, [undefined, pattern]);
  const patternLiteral: BoundExpr = { kind: 'literal', value: pattern, type: STRING, text: `'${pattern}'` };
  return { kind: 'call', name: 'TO_TIMESTAMP', fn, args: [column, patternLiteral], deterministic: true, type: fn.returnType, text: `TO_TIMESTAMP(${column.text}, '${pattern}')` };
}
