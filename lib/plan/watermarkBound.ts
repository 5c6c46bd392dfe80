import { FerrisError } from '../types/errors.js';
import { inputsOf, type LogicalPlan } from './logicalPlan.js';
import type { JobTimeConfig, WatermarkBound } from './timeConfig.js';

/**
 * The watermark bound of the rows of `plan`: that of the sources it reads (their own
 * `'<source>.watermark.*'` keys, else the job's). Sources read together under one watermark
 * (a window over a UNION ALL) must agree: one bound cannot be two.
 */
export function watermarkBoundOf(plan: LogicalPlan, time: JobTimeConfig): WatermarkBound {
  const ids = [...new Set(scannedSources(plan))];
  const bounds = ids.map((id) => ({ id, bound: time.sources.get(id) ?? time }));
  const first = bounds[0]?.bound ?? time;
  const other = bounds.find((b) => b.bound.maxOutOfOrderness !== first.maxOutOfOrderness || b.bound.idleTimeout !== first.idleTimeout);
  if (other !== undefined) {
    throw new FerrisError(
      'CONFIG',
      `a window reads '${bounds[0]!.id}' and '${other.id}', whose watermark settings differ (bound ${first.maxOutOfOrderness} ms, idle ${first.idleTimeout ?? 'none'} vs bound ${other.bound.maxOutOfOrderness} ms, idle ${other.bound.idleTimeout ?? 'none'}); give both sources the same 'watermark.max_out_of_orderness' and 'watermark.idle_timeout'`,
    );
  }
  return { maxOutOfOrderness: first.maxOutOfOrderness, idleTimeout: first.idleTimeout };
}

function scannedSources(plan: LogicalPlan): string[] {
  if (plan.op === 'scan') return [plan.sourceId];
  return inputsOf(plan).flatMap(scannedSources);
}
