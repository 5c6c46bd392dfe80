/*
 * Per-second buckets of a load run (records accepted and the request latencies of that second)
 * and their chart: throughput and p99 request latency over time, as one SVG with two axes.
 */

/** One second of the run. */
export interface Second {
  readonly second: number;
  readonly records: number;
  readonly p99Ms: number;
}

/** Collects responses into seconds since `startedAt`. */
export class Timeline {
  private readonly records: number[] = [];
  private readonly latencies: number[][] = [];

  constructor(private readonly startedAt: number) {}

  /** Counts one answered request of `records` records that took `ms`. */
  add(now: number, records: number, ms: number): void {
    const second = Math.floor((now - this.startedAt) / 1000);
    this.records[second] = (this.records[second] ?? 0) + records;
    (this.latencies[second] ??= []).push(ms);
  }

  /** Every request latency of the run (ms). */
  allLatencies(): number[] {
    return this.latencies.flat();
  }

  /** Every second with its records and p99 latency. */
  seconds(): Second[] {
    const out: Second[] = [];
    for (let s = 0; s < this.records.length; s++) {
      const sorted = [...(this.latencies[s] ?? [])].sort((a, b) => a - b);
      out.push({ second: s, records: this.records[s] ?? 0, p99Ms: sorted.length === 0 ? 0 : percentile(sorted, 99) });
    }
    return out;
  }
}

/** The p-th percentile of sorted values (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function polyline(points: readonly [number, number][], color: string): string {
  return `<polyline fill="none" stroke="${color}" stroke-width="2" points="${points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ')}"/>`;
}

/** An SVG of records/s (left axis) and p99 request latency in ms (right axis) per second. */
export function timelineChart(title: string, seconds: readonly Second[]): string {
  const width = 760;
  const height = 320;
  const left = 70;
  const right = 70;
  const top = 40;
  const bottom = 40;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const maxRate = Math.max(1, ...seconds.map((s) => s.records));
  const maxP99 = Math.max(1, ...seconds.map((s) => s.p99Ms));
  const x = (i: number): number => left + (seconds.length <= 1 ? 0 : (i / (seconds.length - 1)) * plotW);
  const yRate = (v: number): number => top + plotH - (v / maxRate) * plotH;
  const yP99 = (v: number): number => top + plotH - (v / maxP99) * plotH;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    '<rect width="100%" height="100%" fill="white"/>',
    `<text x="${left}" y="18" font-size="13" font-weight="bold">${title.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</text>`,
    `<line x1="${left}" y1="${top + plotH}" x2="${left + plotW}" y2="${top + plotH}" stroke="#999"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" stroke="#999"/>`,
    `<line x1="${left + plotW}" y1="${top}" x2="${left + plotW}" y2="${top + plotH}" stroke="#999"/>`,
  ];
  for (let t = 0; t <= 4; t++) {
    const y = top + plotH - (t / 4) * plotH;
    parts.push(`<text x="${left - 6}" y="${y + 4}" text-anchor="end" fill="#1c7ed6">${Math.round((maxRate * t) / 4).toLocaleString('en-US')}</text>`);
    parts.push(`<text x="${left + plotW + 6}" y="${y + 4}" fill="#d9480f">${((maxP99 * t) / 4).toFixed(1)} ms</text>`);
  }
  const step = Math.max(1, Math.ceil(seconds.length / 10));
  for (let i = 0; i < seconds.length; i += step) {
    parts.push(`<text x="${x(i).toFixed(1)}" y="${top + plotH + 14}" text-anchor="middle">${seconds[i]!.second}</text>`);
  }
  parts.push(`<text x="${left + plotW / 2}" y="${height - 8}" text-anchor="middle">seconds since start</text>`);
  parts.push(`<text x="${left}" y="32" fill="#1c7ed6">records/s accepted</text>`);
  parts.push(`<text x="${left + plotW}" y="32" text-anchor="end" fill="#d9480f">p99 request latency</text>`);
  parts.push(polyline(seconds.map((s, i) => [x(i), yRate(s.records)]), '#1c7ed6'));
  parts.push(polyline(seconds.map((s, i) => [x(i), yP99(s.p99Ms)]), '#d9480f'));
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
