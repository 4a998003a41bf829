// A primed tab (Paged.js loaded once, each document written into it) lays out
// exactly as a new tab does: the same finalised PDF and pictures, render after
// render, whatever was rendered before, and with several tabs side by side.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeZine, type ComposedZine } from '../../scripts/compose.ts';
import { editionDate, finalizePdf } from '../../scripts/pdf/metadata.ts';
import { findBrowser, launchBrowser, type RunningBrowser } from '../../scripts/render/browser.ts';
import { renderPdf } from '../../scripts/render/paged.ts';
import { primedPage } from '../../scripts/render/primed.ts';
import { startRenderer, type Renderer } from '../../scripts/render/renderer.ts';
import { readProjectSources, readZineSources } from '../../scripts/sources.ts';
import { fixtureZines } from '../helpers/fixtures.ts';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
let zines: ComposedZine[];
let fresh: RunningBrowser;
let primed: Renderer;
let twoTabs: Renderer;

const finalised = (zine: ComposedZine, pdf: Uint8Array) =>
  finalizePdf(pdf, { title: zine.config.title, lang: zine.config.lang, date: editionDate(zine.config.date), headings: zine.headings });

beforeAll(async () => {
  const project = await readProjectSources();
  zines = [];
  for (const name of ['avant-la-reunion', 'sorganiser-se-proteger']) zines.push((await composeZine(await readZineSources(fixtureZines, name), project)).zine!);
  [fresh, primed, twoTabs] = await Promise.all([launchBrowser(findBrowser()), startRenderer(), startRenderer({ tabs: 2 })]);
}, 60_000);

afterAll(async () => {
  await Promise.all([fresh?.close(), primed?.close(), twoTabs?.close()]);
});

describe('the primed tab', () => {
  const expected = new Map<ComposedZine, string[]>();

  it('gives the same PDF and pictures as a new tab, render after render', async () => {
    for (const zine of zines) {
      // A new tab, closed after the render: no primed tab involved.
      const result = await renderPdf(fresh.browser, zine.html, { timeoutMs: 60_000, withPictures: true });
      expected.set(zine, [sha(await finalised(zine, result.pdf)), sha(result.pictures!.cover), sha(result.pictures!.pages)]);
    }
    for (const zine of [...zines, ...zines]) {
      const result = await primed.render(zine.html, { withPictures: false });
      expect(result.pictures).toBeUndefined();
      const snapshot = await result.laidOut!.snapshot();
      expect(snapshot).toContain('pagedjs_page');
      expect(snapshot).not.toMatch(/<script|http-equiv/i);
      const pictures = await result.laidOut!.pictures();
      expect([sha(await finalised(zine, result.pdf)), sha(pictures.cover), sha(pictures.pages)]).toEqual(expected.get(zine));
    }
  }, 180_000);

  it('lays out in two tabs side by side, each render as in a new tab', async () => {
    expect(twoTabs.tabs).toBe(2);
    // Four documents asked for at once: two lay out, two wait for a free tab.
    const results = await Promise.all([...zines, ...zines].map(async (zine) => ({ zine, result: await twoTabs.render(zine.html) })));
    for (const { zine, result } of results) {
      const pictures = (await result.pictures)!;
      expect([sha(await finalised(zine, result.pdf)), sha(pictures.cover), sha(pictures.pages)]).toEqual(expected.get(zine));
    }
  }, 180_000);

  it('copies the pages out for a snapshot only when asked, before the pictures rearrange them', async () => {
    const plain = await primed.render(zines[0]!.html);
    await plain.pictures;
    expect(() => plain.laidOut!.snapshot()).toThrow(/rearranged this layout/);
    const kept = await primed.render(zines[0]!.html, { withSnapshot: true });
    await kept.pictures;
    const snapshot = await kept.laidOut!.snapshot();
    expect(snapshot).toContain('pagedjs_page');
    // The pages as laid out, not the contact sheet's grid the pictures made of them.
    expect(snapshot).not.toMatch(/\.pagedjs_pages \{ display: grid !important/);
  }, 60_000);

  it('gives the tab back in screen media after printing in print media, for the pictures and the next layout', async () => {
    const tab = primedPage(fresh.browser);
    try {
      const result = await renderPdf(fresh.browser, zines[0]!.html, { timeoutMs: 60_000, primed: tab });
      expect(result.pdf.length).toBeGreaterThan(1000);
      const page = await tab.page();
      expect(await page.evaluate(() => [matchMedia('screen').matches, matchMedia('print').matches])).toEqual([true, false]);
    } finally {
      await tab.discard();
    }
  }, 60_000);

  it('refuses a layout that a later render replaced', async () => {
    const first = await primed.render(zines[0]!.html, { withPictures: false });
    await primed.render(zines[0]!.html, { withPictures: false });
    expect(() => first.laidOut!.snapshot()).toThrow(/later render/);
  }, 60_000);
});

describe('tabs in a full Chromium (its new headless mode)', () => {
  // Debian's chromium, which .ci/run installs beside the headless shell. Its tabs share a
  // window unless asked otherwise, and only the front one is visible: a hidden tab waits
  // seconds for each screenshot, and a build of two tabs took minutes instead of seconds.
  const fullChromium = '/usr/lib/chromium/chromium';

  it('are each visible, in a window of its own', async () => {
    expect(existsSync(fullChromium), `${fullChromium}: apt-get install chromium`).toBe(true);
    const running = await launchBrowser({ path: fullChromium, source: 'option' });
    try {
      // As startRenderer opens them: the first adopts the blank tab the browser opened.
      const blank = async () => (await running.browser.pages()).find((page) => page.url() === 'about:blank');
      const tabs = [primedPage(running.browser, blank), primedPage(running.browser)];
      const states = await Promise.all(tabs.map(async (tab) => (await tab.page()).evaluate(() => document.visibilityState)));
      expect(states).toEqual(['visible', 'visible']);
    } finally {
      await running.close();
    }
  }, 60_000);
});
