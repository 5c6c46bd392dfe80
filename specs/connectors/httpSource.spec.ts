import { describe, expect, it } from 'vitest';
import { HttpSource } from '../../lib/connectors/http/httpSource.js';
import type { BadRecord, ConnectorContext, IngestReceiver } from '../../lib/connectors/types.js';
import { FerrisError } from '../../lib/types/errors.js';
import { schemaOf } from '../../lib/types/schema.js';
import type { Value } from '../../lib/types/value.js';
import { decimalType, INTEGER } from '../../lib/types/sqlType.js';
import { toJsonValue } from '../../lib/types/valueText.js';

const schema = schemaOf([
  { name: 'id', type: INTEGER, nullable: true },
  { name: 'amount', type: decimalType(20, 2), nullable: true },
]);

/** An http_source on a one-stream hub, with its bad records collected. */
function source(batchSize: number, onBad: (bad: BadRecord) => void = () => undefined) {
  let receiver: IngestReceiver | undefined;
  let detached = false;
  const abort = new AbortController();
  const ctx: ConnectorContext = { baseDir: '.', onBadRecord: onBad, log: () => undefined, signal: abort.signal };
  const ingest = {
    attach: (stream: string, r: IngestReceiver) => {
      expect(stream).toBe('orders');
      receiver = r;
      return () => void (detached = true);
    },
  };
  const http = new HttpSource(schema, 'orders', batchSize, ctx, ingest);
  return { http, post: (lines: string[]) => receiver!(lines, lines.join('\n').length), abort, detached: () => detached };
}

describe('HttpSource', () => {
  it('cuts a post into batches of batch.size rows with system columns, and answers it only once the pipeline took every batch', async () => {
    const { http, post } = source(2);
    let answered = false;
    const posted = post(['{"id":1,"amount":"1.10"}', '{"id":2,"amount":2}', '', '{"id":3}']).then((outcome) => {
      answered = true;
      return outcome;
    });
    const batches = http.batches()[Symbol.asyncIterator]();
    const first = await batches.next();
    const options = { decimalFormat: 'string', timestampFormat: 'iso8601' } as const;
    expect((first.value as Value[][]).map((row) => [row[0], toJsonValue(row[1]!, schema.fields[1]!.type, options)])).toEqual([
      [1, '1.10'],
      [2, '2.00'],
    ]);
    expect((first.value as unknown[][])[0]!.slice(3, 7)).toEqual([0, 0, null, 'orders']);
    await Promise.resolve();
    expect(answered).toBe(false);
    const second = await batches.next();
    expect((second.value as unknown[][]).map((row) => row[0])).toEqual([3]);
    expect(await posted).toEqual({ accepted: 3, rejected: 0 });
  });

  it('routes a line that is not an object of its columns, and refuses the post when the routing fails the job', async () => {
    const bad: BadRecord[] = [];
    const lenient = source(10, (record) => bad.push(record));
    const taking = lenient.http.batches()[Symbol.asyncIterator]().next();
    expect(await lenient.post(['[1]', '{"id":5}'])).toEqual({ accepted: 1, rejected: 1 });
    await taking;
    expect(bad.map((b) => [b.raw, b.origin, b.position, b.error.message])).toEqual([['[1]', 'POST /ingest/orders', 1, 'expected a JSON object']]);

    const strict = source(10, (record) => {
      throw new FerrisError('BAD_RECORD', `failing: ${record.error.message}`);
    });
    await expect(strict.post(['{"id":"x"}'])).rejects.toThrow("line 1: field 'id'");
    await expect(strict.http.batches()[Symbol.asyncIterator]().next()).rejects.toThrow("failing: field 'id'");
    expect(strict.detached()).toBe(true);
  });

  it('ends when the job stops: queued batches and later posts are refused with a retriable error, and it detaches', async () => {
    const { http, post, abort, detached } = source(10);
    const queued = post(['{"id":1}']);
    abort.abort();
    await expect(queued).rejects.toMatchObject({ code: 'IO', retriable: true });
    await expect(post(['{"id":2}'])).rejects.toThrow('stream orders: the job reading it is stopping; nothing of this post was taken');
    expect(detached()).toBe(true);
    expect((await http.batches()[Symbol.asyncIterator]().next()).done).toBe(true);
  });
});
