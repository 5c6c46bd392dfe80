import type { OperatorFunction } from 'rxjs';
import { Observable } from './rxjs.js';
import type { Message } from '../lib/types/message.js';
import type { Row, Value } from '../lib/types/value.js';
import { eventTimeOf } from './aggregation/eventTimeOf.js';
import { GroupAccumulator, groupRow, type GroupKey, type GroupState, type Grouping } from './aggregation/grouping.js';
import { firstEmitAt, purgeAt, type LatenessPolicy } from './aggregation/lateness.js';
import { windowedObserver } from './aggregation/windowedObserver.js';
import { failOnRowError, type RowErrorHandler } from './rowErrors.js';

/** Configuration of {@link sessionWindow}. */
export interface SessionWindowConfig {
  /** Inactivity gap in ms: a session ends at its last event + gap. */
  readonly gap: number;
  readonly eventTime: (row: Row) => Value;
  readonly grouping: Grouping;
  readonly lateness: LatenessPolicy;
  readonly onRowError?: RowErrorHandler;
}

/** One open session of one key: [start, end) with end = last event + gap. */
interface Session {
  start: number;
  end: number;
  group: GroupState;
  emitted: boolean;
  changed: boolean;
}

/**
 * Session windows per key (as in Flink): an event at t opens [t, t + gap); sessions that
 * overlap merge, so a session ends at its last event + gap, and two events exactly `gap`
 * apart fall into different sessions. A session emits when the watermark passes its end.
 * Output rows are GROUP BY values, aggregate results, session start, session end.
 *
 * ```text
 * source:  -a-b-c-W----|    a = [k @0]  b = [k @4]  c = [k @9]  W = watermark 20   gap 5
 * sessionWindow(COUNT(*) per key, EMIT FINAL)
 * result:  -------(xW)-|   x = [k, 2, 0, 9], [k, 1, 9, 14]
 * ```
 */
export function sessionWindow(config: SessionWindowConfig): OperatorFunction<Message, Message> {
  const { gap, eventTime, lateness } = config;
  const onRowError = config.onRowError ?? failOnRowError;
  return (source) =>
    new Observable<Message>((subscriber) => {
      const accumulator = new GroupAccumulator(config.grouping);
      const sessions = new Map<GroupKey, Session[]>();
      let earliestEnd = Infinity;

      const addRow = (row: Row, watermark: number): void => {
        const ts = eventTimeOf(row, eventTime, onRowError);
        if (ts === undefined) return;
        const key = config.grouping.keyOf(row);
        let list = sessions.get(key);
        let start = ts;
        let end = ts + gap;
        // The first overlapping session absorbs the others (usually there is none or one: no allocation).
        let session: Session | undefined;
        if (list !== undefined) {
          for (const s of list) {
            if (ts < s.end && ts + gap > s.start) {
              session ??= s;
              start = Math.min(start, s.start);
              end = Math.max(end, s.end);
            }
          }
        }
        if (purgeAt(lateness, end) <= watermark) {
          lateness.onLate(row, end);
          return;
        }
        if (session === undefined) {
          session = { start, end, group: accumulator.newGroup(row), emitted: false, changed: false };
          if (list === undefined) sessions.set(key, (list = []));
          list.push(session);
        } else {
          for (let i = 0; i < list!.length; ) {
            const other = list![i]!;
            if (other === session || !(ts < other.end && ts + gap > other.start)) {
              i++;
              continue;
            }
            accumulator.mergeInto(session.group, other.group);
            session.emitted ||= other.emitted;
            list!.splice(i, 1);
          }
          session.start = start;
          session.end = end;
        }
        accumulator.addTo(session.group, row);
        earliestEnd = Math.min(earliestEnd, end);
        if (lateness.emit === 'changes' || (lateness.emit === 'update' && session.emitted)) session.changed = true;
      };
      const byStart = (rows: Row[]): Row[] => rows.sort((a, b) => (a.at(-2) as number) - (b.at(-2) as number));
      const takeChanges = (): Row[] => {
        const out: Row[] = [];
        for (const list of sessions.values()) {
          for (const s of list) {
            if (!s.changed) continue;
            s.changed = false;
            out.push(groupRow(s.group, s.start, s.end));
          }
        }
        return out;
      };
      const advance = (to: number): Row[] => {
        if (earliestEnd > to) return [];
        const out: Row[] = [];
        earliestEnd = Infinity;
        for (const [key, list] of sessions) {
          for (let i = list.length - 1; i >= 0; i--) {
            const s = list[i]!;
            if (lateness.emit !== 'changes' && !s.emitted && firstEmitAt(lateness, s.end) <= to) {
              out.push(groupRow(s.group, s.start, s.end));
              s.emitted = true;
            }
            if (purgeAt(lateness, s.end) <= to) list.splice(i, 1);
            else earliestEnd = Math.min(earliestEnd, s.emitted ? purgeAt(lateness, s.end) : firstEmitAt(lateness, s.end));
          }
          if (list.length === 0) sessions.delete(key);
        }
        return byStart(out);
      };
      return source.subscribe(
        windowedObserver(subscriber, {
          onRows(rows, watermark) {
            for (const row of rows) addRow(row, watermark);
            return lateness.emit === 'final' ? [] : byStart(takeChanges());
          },
          advance,
        }),
      );
    });
}
