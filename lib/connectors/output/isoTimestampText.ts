import { formatTimestamp } from '../../types/time.js';

const MS_PER_DAY = 86_400_000;
const TIME_OF_DAY_LENGTH = 'HH:MM:SS.mmmZ'.length;
const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const THREE_DIGITS: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/**
 * Formats epoch milliseconds exactly like `formatTimestamp` (ISO-8601 UTC with milliseconds),
 * faster for the runs of nearby timestamps a sink writes: the date part is computed once per
 * day and kept, the time of day comes from digit tables.
 */
export class IsoTimestampText {
  private day = Number.NaN;
  private datePrefix = '';

  /** `YYYY-MM-DDTHH:MM:SS.mmmZ` of `ms`. */
  format(ms: number): string {
    if (!Number.isFinite(ms)) return formatTimestamp(ms);
    const t = Math.floor(ms);
    const day = Math.floor(t / MS_PER_DAY);
    if (day !== this.day) {
      const full = formatTimestamp(day * MS_PER_DAY);
      this.day = day;
      this.datePrefix = full.slice(0, full.length - TIME_OF_DAY_LENGTH);
    }
    let rest = t - day * MS_PER_DAY;
    const hour = Math.floor(rest / 3_600_000);
    rest -= hour * 3_600_000;
    const minute = Math.floor(rest / 60_000);
    rest -= minute * 60_000;
    const second = Math.floor(rest / 1000);
    const milli = rest - second * 1000;
    return this.datePrefix + TWO_DIGITS[hour]! + ':' + TWO_DIGITS[minute]! + ':' + TWO_DIGITS[second]! + '.' + THREE_DIGITS[milli]! + 'Z';
  }
}
