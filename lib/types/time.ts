/*
 * Time values, whatever `process.env.TZ`: timestamps are epoch milliseconds (UTC), dates are
 * days since 1970-01-01, intervals are milliseconds. This module gathers the time API:
 * calendar math, ISO-8601 text, durations, EXTRACT / DATE_TRUNC / month arithmetic, and
 * pattern formatting and parsing (DATE_FORMAT, TO_TIMESTAMP, 'event.time.format').
 */

export * from './calendar.js';
export * from './duration.js';
export * from './isoTime.js';
export * from './timeParts.js';
export * from './timePattern.js';
