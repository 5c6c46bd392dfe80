import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

/** Where Debian's `chromium` package puts the browser; FERRIS_CHROMIUM overrides it. */
export const CHROMIUM = process.env.FERRIS_CHROMIUM ?? '/usr/bin/chromium';

/** One page of a headless Chromium, driven over the DevTools protocol. */
export interface BrowserPage {
  /** Loads a URL and resolves once its `load` event fired. */
  navigate(url: string): Promise<void>;
  /** Evaluates an expression in the page (awaiting a promise it gives) and returns its JSON value. */
  evaluate<T>(expression: string): Promise<T>;
  /** A PNG screenshot of the viewport. */
  screenshot(): Promise<Buffer>;
  /** Ends the browser. */
  close(): Promise<void>;
}

/**
 * Starts headless Chromium with `--remote-debugging-pipe`: the DevTools protocol over file
 * descriptors 3 (commands) and 4 (answers and events), each message JSON ended by a NUL byte,
 * so no WebSocket client is needed. Attaches to its first page.
 */
export async function openBrowserPage(width = 1280, height = 720): Promise<BrowserPage> {
  const profile = mkdtempSync(join(tmpdir(), 'ferris-chromium-'));
  const child: ChildProcess = spawn(
    CHROMIUM,
    ['--headless', '--no-sandbox', '--disable-gpu', '--remote-debugging-pipe', `--user-data-dir=${profile}`, `--window-size=${width},${height}`, '--hide-scrollbars', 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const commands = child.stdio[3] as Writable;
  const answers = child.stdio[4] as Readable;
  const pending = new Map<number, { resolve: (result: Record<string, unknown>) => void; reject: (error: Error) => void }>();
  const listeners: ((message: { method: string; sessionId?: string }) => void)[] = [];
  let buffer = '';
  answers.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    for (let end = buffer.indexOf('\0'); end >= 0; end = buffer.indexOf('\0')) {
      const message = JSON.parse(buffer.slice(0, end)) as { id?: number; result?: Record<string, unknown>; error?: { message: string }; method?: string; sessionId?: string };
      buffer = buffer.slice(end + 1);
      if (message.id !== undefined) {
        const waiter = pending.get(message.id);
        pending.delete(message.id);
        if (message.error) waiter?.reject(new Error(`DevTools: ${message.error.message}`));
        else waiter?.resolve(message.result ?? {});
      } else if (message.method !== undefined) {
        for (const listener of listeners) listener(message as { method: string; sessionId?: string });
      }
    }
  });
  child.on('exit', () => {
    for (const waiter of pending.values()) waiter.reject(new Error(`chromium exited; stderr:\n${stderr}`));
  });
  let nextId = 0;
  const send = (method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve, reject });
      commands.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
    });
  const { targetInfos } = (await send('Target.getTargets')) as { targetInfos: { targetId: string; type: string }[] };
  const page = targetInfos.find((t) => t.type === 'page');
  if (page === undefined) throw new Error('chromium opened no page');
  const { sessionId } = (await send('Target.attachToTarget', { targetId: page.targetId, flatten: true })) as { sessionId: string };
  await send('Page.enable', {}, sessionId);
  await send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false }, sessionId);
  return {
    async navigate(url) {
      const loaded = new Promise<void>((resolve) => listeners.push((m) => m.method === 'Page.loadEventFired' && m.sessionId === sessionId && resolve()));
      await send('Page.navigate', { url }, sessionId);
      await loaded;
    },
    async evaluate<T>(expression: string) {
      const { result, exceptionDetails } = (await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, sessionId)) as {
        result: { value: T };
        exceptionDetails?: { text: string };
      };
      if (exceptionDetails) throw new Error(`in the page: ${exceptionDetails.text} (${expression})`);
      return result.value;
    },
    async screenshot() {
      const { data } = (await send('Page.captureScreenshot', { format: 'png' }, sessionId)) as { data: string };
      return Buffer.from(data, 'base64');
    },
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
