import { afterEach, describe, expect, it } from 'vitest';
import { eventually, jobOf, testServer, type TestServer } from './serverKit.js';

let running: TestServer | undefined;
afterEach(async () => {
  await running?.server.close();
  running = undefined;
});

const ORDERS = "CREATE STREAM orders (symbol VARCHAR, qty INTEGER, price DECIMAL(10,2)) WITH ('orders.type' = 'http_source');";
const JOB = `-- @metric: orders_total
-- @metric_labels: symbol
-- @metric: order_qty_total
-- @metric_field: qty
-- @metric: last_price
-- @metric_type: gauge
-- @metric_field: price
-- @metric_labels: symbol
-- @metric: order_qty
-- @metric_type: histogram
-- @metric_field: qty
-- @metric_buckets: 5, 50
CREATE STREAM priced AS SELECT symbol, qty, price FROM orders WITH ('priced.type' = 'file_sink', 'priced.path' = 'priced.jsonl');`;
const post = (t: TestServer, body: string): Promise<Response> => t.request('/ingest/orders', { method: 'POST', body, headers: { 'content-type': 'application/x-ndjson' } });

describe('@metric annotations on a deployed job', () => {
  it('feed user counters, gauges and histograms from its output rows into /metrics, labelled by job and columns, and survive a redeploy', async () => {
    const t = (running = await testServer());
    expect((await t.sql(`${ORDERS}\n${JOB}`)).status).toBe(200);
    expect((await jobOf(t, 'priced')).sql).toBe(JOB.slice(0, -1));
    await post(t, '{"symbol":"AAPL","qty":10,"price":"1.50"}\n{"symbol":"MSFT","qty":3,"price":"2.25"}\n{"symbol":"AAPL","qty":60,"price":"1.75"}\n');
    await eventually(async () => (await jobOf(t, 'priced')).rows_out === 3, 'rows written');
    const text = await (await t.request('/metrics')).text();
    expect(text).toContain('# TYPE orders_total counter\norders_total{job="priced",symbol="AAPL"} 2\norders_total{job="priced",symbol="MSFT"} 1\n');
    expect(text).toContain('order_qty_total{job="priced"} 73\n');
    expect(text).toContain('last_price{job="priced",symbol="AAPL"} 1.75\n');
    expect(text).toContain('order_qty_bucket{le="5",job="priced"} 1\norder_qty_bucket{le="50",job="priced"} 2\norder_qty_bucket{le="+Inf",job="priced"} 3\norder_qty_sum{job="priced"} 73\n');

    expect((await t.sql('STOP JOB priced;')).status).toBe(200);
    expect((await t.sql(JOB)).status).toBe(200);
    await post(t, '{"symbol":"AAPL","qty":1,"price":"1.00"}\n');
    await eventually(async () => (await (await t.request('/metrics')).text()).includes('orders_total{job="priced",symbol="AAPL"} 3\n'), 'the redeployed job counts on');
  });

  it('refuses a job whose annotations name a column it does not output, or redeclare another job\'s metric differently', async () => {
    const t = (running = await testServer());
    await t.sql(ORDERS);
    const unknown = await t.sql(`-- @metric: by_venue\n-- @metric_labels: venue\nCREATE STREAM a AS SELECT symbol FROM orders WITH ('a.type' = 'file_sink', 'a.path' = 'a.jsonl');`);
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({ code: 'CONFIG', message: "@metric by_venue: 'venue' is not an output column (columns: symbol)", line: 1, column: 1 });
    const text = await t.sql(`-- @metric: s\n-- @metric_type: gauge\n-- @metric_field: symbol\nCREATE STREAM b AS SELECT symbol FROM orders WITH ('b.type' = 'file_sink', 'b.path' = 'b.jsonl');`);
    expect(((await text.json()) as { message: string }).message).toBe('@metric s: @metric_field symbol is STRING, not a number');
    expect((await t.sql(`-- @metric: n\nCREATE STREAM c AS SELECT symbol FROM orders WITH ('c.type' = 'file_sink', 'c.path' = 'c.jsonl');`)).status).toBe(200);
    const clash = await t.sql(`-- @metric: n\n-- @metric_labels: symbol\nCREATE STREAM d AS SELECT symbol FROM orders WITH ('d.type' = 'file_sink', 'd.path' = 'd.jsonl');`);
    expect(((await clash.json()) as { message: string }).message).toBe('@metric n is already a counter labelled job: declare it alike (here a counter labelled job,symbol) or name it differently');
  });
});
