import { formatType } from '../types/sqlType.js';
import { inputsOf, type JoinNode, type LogicalPlan, type WindowKind } from './logicalPlan.js';
import type { IntervalJoin, JoinWindow } from './joinNode.js';
import type { PhysicalNode } from './physicalPlan.js';

function logicalLine(plan: LogicalPlan): string {
  const columns = plan.columns
    .filter((c) => !c.system)
    .map((c) => `${c.name}:${formatType(c.type)}`)
    .join(', ');
  switch (plan.op) {
    case 'scan':
      return `Scan ${plan.sourceId} [${columns}]`;
    case 'one_row':
      return 'OneRow';
    case 'filter':
      return `Filter ${plan.predicate.text}`;
    case 'project': {
      const keys = plan.keyColumns.length > 0 ? ` key=[${plan.keyColumns.map((i) => plan.columns[i]!.name).join(', ')}]` : '';
      return `Project ${plan.exprs.map((e, i) => `${e.text} AS ${plan.columns[i]!.name}`).join(', ')} → [${columns}]${keys}`;
    }
    case 'limit':
      return `Limit ${plan.count}`;
    case 'union_all':
      return `UnionAll [${columns}]`;
    case 'watermark':
      return `Watermark ${plan.eventTime.text}${plan.partition ? ` per ${plan.partition.text}` : ''}`;
    case 'aggregate': {
      const window = plan.window === undefined ? '' : ` ${describeWindow(plan.window)} on ${plan.eventTime!.text}`;
      return `Aggregate${window} keys=[${plan.keys.map((k) => k.text).join(', ')}] aggregates=[${plan.aggregates.map((a) => a.text).join(', ')}] emit=${plan.emit}`;
    }
    case 'upsert':
      return `LatestByKey [${plan.keys.map((k) => k.text).join(', ')}]`;
    case 'over':
      return `Over${plan.partitionBy.length > 0 ? ` partition=[${plan.partitionBy.map((e) => e.text).join(', ')}]` : ''} order=[${plan.orderBy.map((k) => `${k.expr.text}${k.descending ? ' DESC' : ''}`).join(', ')}] calls=[${plan.calls.map((c) => c.text).join(', ')}] release=${plan.release}${plan.topN ? ` top-n: ${plan.calls[plan.topN.call]!.text.split(' OVER')[0]} <= ${plan.topN.limit}` : ''}`;
    case 'join':
      return joinLine(plan);
    case 'sort':
      return `Sort ${plan.keys.map((k) => `${k.expr.text}${k.descending ? ' DESC' : ''}`).join(', ')} (${sortScope(plan.scope, plan.limit)})`;
  }
}

function joinLine(plan: JoinNode): string {
  const on = [...plan.leftKeys.map((k, i) => `${k.text} = ${plan.rightKeys[i]!.text}`), ...(plan.residual ? [plan.residual.text] : [])].join(' AND ') || 'TRUE';
  const strategy = plan.strategy;
  const how =
    strategy.kind === 'lookup'
      ? `lookup in table ${strategy.tableName}${strategy.tableTime ? ` as of ${strategy.streamTime!.text}` : ''}`
      : strategy.window !== undefined
        ? `window ${describeWindow(joinWindowKind(strategy.window))} on ${strategy.leftTime.text}, ${strategy.rightTime.text}`
        : strategy.until !== undefined
          ? `interval ${untilText(strategy)}`
          : `interval ${strategy.rightTime.text} - ${strategy.leftTime.text} in [${strategy.lower} ms, ${strategy.upper} ms]`;
  if (plan.probe) return `SubqueryLookup ${plan.probe.subquery} ON ${on} (${how}${plan.probe.atMostOne ? ', at most one row' : ''})`;
  return `Join ${plan.kind} ON ${on} (${how})`;
}

/** An interval bound read from one side's rows: the constant end and the end read from the rows. */
function untilText(strategy: IntervalJoin): string {
  const until = strategy.until!;
  return until.side === 'left'
    ? `${strategy.rightTime.text} - ${strategy.leftTime.text} >= ${strategy.lower} ms, ${strategy.rightTime.text} <= ${until.bound.text}`
    : `${strategy.leftTime.text} - ${strategy.rightTime.text} >= ${-strategy.upper} ms, ${strategy.leftTime.text} <= ${until.bound.text}`;
}

function sortScope(scope: 'batch' | 'input' | 'watermark', limit: number | undefined): string {
  if (scope === 'batch') return 'per emitted batch';
  if (scope === 'watermark') return 'per watermark, in event-time order';
  return limit === undefined ? 'whole input, at its end' : `top ${limit} of the whole input, at its end`;
}

function joinWindowKind(window: JoinWindow): WindowKind {
  return window.kind === 'TUMBLE' ? { kind: 'tumble', size: window.size } : { kind: 'hop', size: window.size, slide: window.slide };
}

function describeWindow(window: WindowKind): string {
  switch (window.kind) {
    case 'tumble':
      return `TUMBLE(${window.size} ms)`;
    case 'hop':
      return `HOP(size ${window.size} ms, slide ${window.slide} ms)`;
    case 'session':
      return `SESSION(gap ${window.gap} ms)`;
  }
}

/** The logical plan as an indented tree, one node per line. */
export function explainLogical(plan: LogicalPlan, depth = 0): string {
  const lines = ['  '.repeat(depth) + logicalLine(plan)];
  for (const input of inputsOf(plan)) lines.push(explainLogical(input, depth + 1));
  return lines.join('\n');
}

/** The physical plan as an indented tree of node ids (operator name and number) and their details. */
export function explainPhysical(node: PhysicalNode, depth = 0): string {
  const lines = [`${'  '.repeat(depth)}${node.id}(${node.detail})`];
  for (const input of node.inputs) lines.push(explainPhysical(input, depth + 1));
  return lines.join('\n');
}
