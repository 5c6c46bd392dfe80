import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserPage, type BrowserPage } from './chromium.js';
import { eventually, jobOf, testServer, type TestServer } from './serverKit.js';

/* The dashboard at `/` in headless Chromium (Debian's chromium package), over a real server. */

let t: TestServer;
let page: BrowserPage;
beforeAll(async () => {
  t = await testServer({ token: 'dash' });
  const sql =
    // Trades 1 ms of event time apart at 1,000 a second: event time keeps up with the clock, so the lag is the watermark's own.
    `CREATE STREAM trades WITH ('trades.type' = 'datagen', 'trades.rate' = '1000', 'trades.batch.size' = '50', 'trades.interval_ms' = '1', 'trades.start_time' = '${new Date().toISOString()}');\n` +
    "CREATE STREAM volume AS SELECT symbol, SUM(quantity) AS shares FROM trades GROUP BY symbol, TUMBLE(trade_time, INTERVAL '1' SECOND) WITH ('volume.type' = 'file_sink', 'volume.path' = 'volume.jsonl');\n" +
    "CREATE STREAM large AS SELECT trade_id, symbol, price FROM trades WHERE quantity > 400 WITH ('large.type' = 'file_sink', 'large.path' = 'large.jsonl');";
  expect((await t.sql(sql)).status).toBe(200);
  page = await openBrowserPage(1280, 520);
}, 30_000);
afterAll(async () => {
  await page?.close();
  await t?.server.close();
});

/** Polls the page until `expression` is true. */
async function until(expression: string, what: string): Promise<void> {
  await eventually(() => page.evaluate<boolean>(expression), what, 8000);
}

const cell = (job: string, column: number): string => `document.querySelector('tr[data-job="${job}"]').children[${column}].textContent`;

describe('the dashboard', () => {
  it('shows every job with its status, SQL and live counts (server-sent events), and its buttons pause, resume and stop a job with the token', async () => {
    await page.navigate(`${t.server.url}/`);
    await until(`document.querySelectorAll('tr[data-job]').length === 2`, 'both jobs listed');
    expect(await page.evaluate<string>(`document.querySelector('tr[data-job="large"] pre').textContent`)).toContain('SELECT trade_id, symbol, price FROM trades WHERE quantity > 400');
    expect(await page.evaluate<string>(`document.querySelector('tr[data-job="large"] .status').textContent`)).toBe('running');
    const first = Number((await page.evaluate<string>(cell('large', 2))).replace(/,/g, ''));
    await until(`Number(${cell('large', 2)}.replace(/,/g, '')) > ${first}`, 'rows in updated live');
    await until(`${cell('volume', 4)} !== '0' && ${cell('volume', 6)} !== '-'`, 'a rate and a lag shown');
    writeFileSync(join(import.meta.dirname, '../../docs/dashboard.png'), await page.screenshot());

    await page.evaluate(`document.querySelector('tr[data-job="large"] button[data-action="pause"]').click()`);
    await until(`document.getElementById('message').textContent.includes('this route needs Authorization')`, 'the 401 shown without a token');
    expect((await jobOf(t, 'large')).status).toBe('running');
    await page.evaluate(`(() => { const input = document.getElementById('token'); input.value = 'dash'; input.dispatchEvent(new Event('change')); })()`);
    await page.evaluate(`document.querySelector('tr[data-job="large"] button[data-action="pause"]').click()`);
    await eventually(async () => (await jobOf(t, 'large')).status === 'paused', 'paused from the page');
    await until(`document.querySelector('tr[data-job="large"] .status').textContent === 'paused'`, 'paused shown');
    expect(await page.evaluate<boolean>(`document.querySelector('tr[data-job="large"] button[data-action="pause"]').disabled`)).toBe(true);
    await page.evaluate(`document.querySelector('tr[data-job="large"] button[data-action="resume"]').click()`);
    await eventually(async () => (await jobOf(t, 'large')).status === 'running', 'resumed from the page');
    await page.evaluate(`document.querySelector('tr[data-job="large"] button[data-action="stop"]').click()`);
    await eventually(async () => (await jobOf(t, 'large')).status === 'stopped', 'stopped from the page');
    await until(`document.querySelector('tr[data-job="large"] .status').textContent === 'stopped'`, 'stopped shown');
    expect((await jobOf(t, 'volume')).status).toBe('running');
  }, 30_000);
});
