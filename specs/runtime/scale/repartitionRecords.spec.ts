import { describe, expect, it } from 'vitest';
import { markerHeaders, originHeaders, readRepartitionRecord } from '../../../lib/connectors/kafka/scale/repartitionRecords.js';

describe('the records of a repartition topic', () => {
  it('a copied record keeps its own headers and names where it was read', () => {
    const headers = originHeaders({ trace: 'x' }, 'ticks', 3, 41);
    expect(headers.trace).toBe('x');
    expect(readRepartitionRecord({ headers, offset: '7' }, 'app-job-repartition')).toEqual({ kind: 'row', topic: 'ticks', partition: 3, offset: 41 });
  });

  it('a marker carries its source partition and that partition\'s largest event time', () => {
    expect(readRepartitionRecord({ headers: markerHeaders(2, 1_767_225_600_000), offset: '8' }, 'app-job-repartition')).toEqual({ kind: 'marker', partition: 2, eventTime: 1_767_225_600_000 });
  });

  it('a record the first stage did not write is refused, naming the topic and offset', () => {
    expect(() => readRepartitionRecord({ headers: {}, offset: '9' }, 'app-job-repartition')).toThrow(/offset 9 of the repartition topic app-job-repartition has no 'ferris.origin' header/);
  });
});
