import { tryParseTimestamp } from '../../types/time.js';

const LENGTH = 'YYYY-MM-DDTHH:MM:SS.mmmZ'.length;
const DATE_PREFIX = 'YYYY-MM-DDT'.length;

function twoDigits(text: string, at: number): number {
  const a = text.charCodeAt(at) - 48;
  const b = text.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * Reads the canonical timestamp text sinks write (`YYYY-MM-DDTHH:MM:SS.mmmZ`) faster than the
 * general parser, for the runs of same-day timestamps a file holds: the date part is parsed once
 * per day and kept. Any other text gives NaN, and the caller takes the general path.
 */
export class IsoTimestampParser {
  private datePrefix = '';
  private dayStart = 0;

  /** Epoch ms of canonical text, else NaN. */
  parse(text: string): number {
    return this.parseAt(text, 0, text.length);
  }

  /** Epoch ms of the canonical text `text[start, end)`, else NaN. */
  parseAt(text: string, start: number, end: number): number {
    const at = start;
    if (end - start !== LENGTH || text.charCodeAt(at + 10) !== 84 || text.charCodeAt(at + 23) !== 90) return Number.NaN;
    if (text.charCodeAt(at + 13) !== 58 || text.charCodeAt(at + 16) !== 58 || text.charCodeAt(at + 19) !== 46) return Number.NaN;
    if (this.datePrefix === '' || !text.startsWith(this.datePrefix, at)) {
      const dayStart = tryParseTimestamp(text.slice(at, at + DATE_PREFIX - 1));
      if (Number.isNaN(dayStart)) return Number.NaN;
      this.datePrefix = text.slice(at, at + DATE_PREFIX);
      this.dayStart = dayStart;
    }
    const hour = twoDigits(text, at + 11);
    const minute = twoDigits(text, at + 14);
    const second = twoDigits(text, at + 17);
    const hundreds = text.charCodeAt(at + 20) - 48;
    const rest = twoDigits(text, at + 21);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return Number.NaN;
    if (hundreds < 0 || hundreds > 9 || rest < 0) return Number.NaN;
    return this.dayStart + hour * 3_600_000 + minute * 60_000 + second * 1000 + hundreds * 100 + rest;
  }
}
