/**
 * The web demo end to end in headless Chromium (playwright-core driving Debian's chromium): a
 * typed input fills the result in live, the last state equals `evaluate()`'s value, and closing
 * the page mid-run closes the run's LLM requests at the simulator. Waits on DOM states and
 * simulator metrics only, never on time.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPrompt } from '../../demos/cities/responder.js';
import { PENDING_JSON } from '../../lib/index.js';
import { sseFrame } from '../../lib/serve/index.js';
import { startWebDemo, type WebDemo } from '../../demos/web/server.js';
import { waitFor } from '../support/wait.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Flags for headless Chromium as root in a container: no sandbox, no GPU, /tmp instead of a small /dev/shm. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'];

/** What the page showed in #result, each time it changed. */
interface Shown {
  readonly text: string;
  readonly complete: boolean;
  readonly known: number;
}

/** Fast enough that a whole run is quick (6 cities: about 0.4 s). */
let demo: WebDemo;
/** Slow enough that the page surely closes mid-run: the list of 20 cities streams for about 5 s. */
let slow: WebDemo;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The browser test needs Chromium at ${CHROMIUM} (set CHROMIUM_PATH to use another): ` +
        'install it with `apt-get install -y chromium` (.ci/run does this when it is missing).',
    );
  }
  [demo, slow, browser] = await Promise.all([
    startWebDemo({ port: 0, env: {}, timeScale: 0.05 }),
    startWebDemo({ port: 0, env: {}, timeScale: 0.3 }),
    chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([demo?.close(), slow?.close()]);
});

/**
 * Installed before the page's own script: records every state of #result (a MutationObserver)
 * in `window.shown`. A string, because this project's TypeScript has no DOM types.
 */
const RECORD_RESULT_STATES = `
  window.shown = [];
  document.addEventListener('DOMContentLoaded', () => {
    const result = document.getElementById('result');
    const progress = document.getElementById('progress');
    new MutationObserver(() => {
      const now = {
        text: result.textContent, complete: result.dataset.complete === 'true', known: Number(progress.dataset.known),
      };
      const last = window.shown.at(-1);
      if (!last || last.text !== now.text || last.complete !== now.complete) window.shown.push(now);
    }).observe(result, { childList: true, subtree: true, characterData: true, attributes: true });
  });`;

/** A page on `on`, recording the states of its result. */
async function openDemo(on: WebDemo): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  page.setDefaultTimeout(10_000);
  await page.addInitScript({ content: RECORD_RESULT_STATES });
  await page.goto(on.url);
  return page;
}

describe('the web demo in a browser', () => {
  it('fills the result in live from patches and ends at evaluate()’s value, with a bar per host call', async () => {
    const run = await demo.programs.prepare('6');
    // one after the other with the page's run, which counts the simulator's requests since it started
    const [expected, page] = await Promise.all([run.program.evaluate(...run.args), openDemo(demo)]);
    await page.fill('#input', '6');
    await page.click('#run');
    await page.waitForSelector('#result[data-complete="true"]');
    await page.waitForSelector('#status:text-matches("^done in")');

    const shown = await page.evaluate<Shown[]>('window.shown');
    const growing = shown.filter((s) => s.text !== '' && !s.complete);
    const final = shown.at(-1)!;
    expect(final.complete).toBe(true);
    expect(JSON.parse(final.text)).toEqual(expected);
    // partial states before the end (the last text may already be whole before the run completes)
    expect(new Set(growing.filter((s) => s.text !== final.text).map((s) => s.text)).size).toBeGreaterThanOrEqual(3);
    // the answers streamed: some answer was shown cut short, a prefix of its final text
    const answers = JSON.parse(final.text) as string[];
    const cutShort = growing.some((s) =>
      (JSON.parse(s.text) as unknown[]).some(
        (a, i) => typeof a === 'string' && a.length > 0 && a !== answers[i] && answers[i]!.startsWith(a),
      ),
    );
    expect(cutShort).toBe(true);
    const known = [...growing, final].map((s) => s.known);
    expect(known).toEqual([...known].sort((a, b) => a - b)); // never loses a part it knew
    expect(growing[0]!.known).toBeLessThan(final.known);

    expect(await page.locator('#timeline .row').count()).toBe(1 + 6); // the list, then a follow-up per city
    expect(await page.locator('#timeline .bar.pending').count()).toBe(0);
    expect(await page.locator('#timeline .bar.resolved').count()).toBe(7);
    await page.waitForSelector('#llm:text("LLM requests: 7 · prompts: 7")');

    const shot = join(mkdtempSync(join(tmpdir(), 'epic-web-demo-')), 'web-demo.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`web demo screenshot: ${shot}`);
    await page.close();
  });

  it('closing the page mid-run closes its LLM requests at the simulator', async () => {
    const run = await slow.programs.prepare('20');
    const sim = run.llm.simulator()!;
    const page = await openDemo(slow);
    await page.fill('#input', '20');
    await page.click('#run');
    // mid-run: the list is streaming and a follow-up is in flight at the simulator
    await page.waitForFunction("document.querySelectorAll('#timeline .bar.pending').length >= 2");
    await waitFor(() => (sim.metrics().inService >= 2 ? true : undefined));
    expect(await page.getAttribute('#result', 'data-complete')).toBe('false');
    await page.close();

    const closes = await waitFor(() => {
      const m = sim.metrics();
      return m.inService === 0 && m.earlyCloses.length >= 1 ? m.earlyCloses : undefined;
    });
    expect(closes.every((c) => c.route === 'chat')).toBe(true);
    expect(sim.metrics().completed.chat[listPrompt(20)]).toBeUndefined(); // the list never finished
    expect(sim.metrics().promptsServed).toBeLessThan(21);
  });

  it('groups calls by the LLM request that carried them when the run sends `batched` events', async () => {
    // the runtime's `batched` event is optional (it comes with the tracing work): the page is fed canned frames here
    const frames = [
      sseFrame('dispatched', { type: 'dispatched', id: 1, host: 'complete', args: '["a"]', time: 0 }),
      sseFrame('dispatched', { type: 'dispatched', id: 2, host: 'complete', args: '["b"]', time: 1 }),
      sseFrame('dispatched', { type: 'dispatched', id: 3, host: 'complete', args: '["c"]', time: 2 }),
      sseFrame('snapshot', { value: [PENDING_JSON, PENDING_JSON, PENDING_JSON], complete: false, time: 3 }),
      sseFrame('batched', { type: 'batched', id: 1, host: 'complete', request: 7, size: 2, time: 4 }),
      sseFrame('batched', { type: 'batched', id: 2, host: 'complete', request: 7, size: 2, time: 4 }),
      sseFrame('batched', { type: 'batched', id: 3, host: 'complete', request: 8, size: 1, time: 5 }),
      ...[1, 2, 3].map((id) => sseFrame('resolved', { type: 'resolved', id, host: 'complete', summary: '', time: 10 })),
      sseFrame('patch', {
        patches: ['1', '2', '3'].map((value, i) => ({ op: 'replace', path: [i], value })),
        complete: true,
        time: 14,
      }),
      sseFrame('done', { time: 14 }),
    ];
    const page = await openDemo(demo);
    await page.route('**/run?*', (route) => route.fulfill({ contentType: 'text/event-stream', body: frames.join('') }));
    await page.click('#run');
    await page.waitForSelector('#status:text-matches("^done in")');
    expect(await page.locator('#timeline .badge').allTextContents()).toEqual(['req 7 ×2', 'req 7 ×2', 'req 8 ×1']);
    expect(await page.locator('#timeline .bar[data-request="7"]').count()).toBe(2);
    expect(await page.textContent('#calls')).toMatch(/3 calls, 0 in flight, 3 in 2 LLM requests/);
    expect(JSON.parse((await page.textContent('#result'))!)).toEqual(['1', '2', '3']);
    await page.close();
  });
});
