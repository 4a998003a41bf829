// zinepress amends Paged.js in three places (render/polyfill.ts: each page its own
// overflow-check threshold, the ends of pages compared as nodes rather than as
// text; render/page-frames.ts: a page template without blank text or unused
// bleed strips). Both change how much work a layout takes; for
// text, lists and marks, not what it lays out: the same pages, the same finalised
// PDF. (A table cut by a page turn may keep one more row: docs/rendering.md.)
// The polyfill is also compacted (render/polyfill.ts): the same PDF again.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeZine, type ComposedZine } from '../../scripts/compose.ts';
import { ZineError } from '../../scripts/errors.ts';
import { editionDate, finalizePdf } from '../../scripts/pdf/metadata.ts';
import { findBrowser, launchBrowser, type RunningBrowser } from '../../scripts/render/browser.ts';
import { registerPageFrames } from '../../scripts/render/page-frames.ts';
import { loadPaged } from '../../scripts/render/paged.ts';
import { amendPolyfill, compactPolyfill, readPolyfill } from '../../scripts/render/polyfill.ts';
import { RENDITIONS } from '../../scripts/renditions.ts';
import { readProjectSources, readZineSources } from '../../scripts/sources.ts';
import { sentences, writeZines } from '../layout/zines.ts';

const original = readPolyfill();

describe('amendPolyfill', () => {
  it('gives each page of the installed Paged.js its own threshold, and compares the ends of pages as nodes, each in one place', () => {
    const amended = amendPolyfill(original);
    expect(amended).not.toContain('settings.maxChars = maxChars;');
    expect(amended.split('settings = Object.assign({}, settings, { maxChars });')).toHaveLength(2);
    expect(amended).not.toContain('breakToken.toJSON(true)');
    expect(amended.split('tokens.some((token) => token.node === newToken.node && token.offset === newToken.offset)')).toHaveLength(2);
    // Nothing else changes.
    const undone = amended
      .replace('settings = Object.assign({}, settings, { maxChars });', 'settings.maxChars = maxChars;')
      .replace('let newToken = { node: breakToken.node, offset: breakToken.offset };', 'let newToken = breakToken.toJSON(true);')
      .replace('if (tokens.some((token) => token.node === newToken.node && token.offset === newToken.offset)) {', 'if (tokens.lastIndexOf(newToken) > -1) {');
    expect(undone).toBe(original);
  });

  it('refuses a Paged.js whose layout loop differs in either place, and says how to mend the install', () => {
    for (const other of [
      original.replace('settings.maxChars = maxChars;', 'settings.maxChars = maxChars || 1500;'),
      original.replace('let newToken = breakToken.toJSON(true);', 'let newToken = breakToken.toJSON();'),
    ]) {
      expect(() => amendPolyfill(other)).toThrow(ZineError);
      try {
        amendPolyfill(other);
      } catch (error) {
        expect((error as ZineError).message).toMatch(/not the version zinepress amends \(0\.4\.3\)/);
        expect((error as ZineError).hint).toBe('install the dependencies again with npm ci');
      }
    }
  });
});

describe('a layout with the amended Paged.js', () => {
  let running: RunningBrowser;
  let zine: ComposedZine;

  beforeAll(async () => {
    // A cover of a few words, then sections of paragraphs and lists over many pages.
    const section = (n: number) => `# Partie ${n}\n\n${sentences(9, n * 10)}\n\n${sentences(7, n * 20)}\n\n- Un point.\n- Un autre point, plus long que le premier.\n\n${sentences(8, n * 30)}\n`;
    const dir = writeZines({ amends: { markdown: Array.from({ length: 12 }, (_, i) => section(i + 1)).join('\n') } });
    zine = (await composeZine(await readZineSources(dir, 'amends'), await readProjectSources())).zine!;
    running = await launchBrowser(findBrowser());
  }, 60_000);

  afterAll(async () => {
    await running?.close();
  });

  /** Lays `html` out in a new tab with `polyfill` (and the page frames when asked); what the layout gives and cost. */
  async function layOut(polyfill: string, { frames = false, html = zine.html } = {}) {
    const page: Page = await running.browser.newPage();
    try {
      await page.setContent(html, { waitUntil: 'load' });
      await page.evaluate('document.querySelectorAll("link").forEach((link) => link.remove())');
      await loadPaged(page, { polyfill, handlers: frames ? [registerPageFrames] : [] });
      const laidOut = await page.evaluate(async () => {
        // @ts-expect-error Paged is defined by the polyfill.
        const { Handler, registerHandlers, Previewer } = window.Paged;
        let checks = 0;
        // Paged.js calls onOverflow at every check of a page for overflow.
        registerHandlers(
          class CountChecks extends Handler {
            onOverflow(overflow: unknown) {
              checks++;
              return overflow;
            }
          },
        );
        await document.fonts.ready;
        const previewer = new Previewer();
        await previewer.preview();
        const pages = [...document.querySelectorAll('.pagedjs_page')];
        let blank = 0;
        for (const pageEl of pages) {
          const walker = document.createTreeWalker(pageEl, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (!node.textContent!.trim() && !node.parentElement!.closest('.pagedjs_page_content')) blank++;
          }
        }
        return {
          checks,
          texts: pages.map((pageEl) => pageEl.querySelector('.pagedjs_page_content')!.textContent),
          strips: document.querySelectorAll('.pagedjs_bleed').length,
          blank,
        };
      });
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, outline: true, tagged: true });
      const finalised = await finalizePdf(new Uint8Array(pdf), { title: zine.config.title, lang: zine.config.lang, date: editionDate(zine.config.date), headings: zine.headings });
      return { ...laidOut, pdf: finalised };
    } finally {
      await page.close();
    }
  }

  it('lays out the same pages into the same PDF, with a fraction of the checks and frames', async () => {
    const before = await layOut(original);
    const after = await layOut(amendPolyfill(original), { frames: true });
    expect(before.texts.length).toBeGreaterThan(10);
    expect(after.texts).toEqual(before.texts);
    expect(Buffer.from(after.pdf).equals(Buffer.from(before.pdf))).toBe(true);
    // Unamended, the cover's threshold has every page checked after each block it adds.
    expect(before.checks).toBeGreaterThan(3 * before.texts.length);
    expect(after.checks).toBeLessThan(before.checks / 2);
    // Four bleed strips and the template's indentation on every page, then none.
    expect(before.strips).toBe(4 * before.texts.length);
    expect(before.blank).toBeGreaterThan(50 * before.texts.length);
    expect(after.strips).toBe(0);
    expect(after.blank).toBe(0);
  }, 120_000);

  it('keeps the bleed strips where the styles show marks (the press rendition), with the same PDF', async () => {
    const html = await zine.htmlFor(RENDITIONS.press);
    const before = await layOut(original, { html });
    const after = await layOut(amendPolyfill(original), { frames: true, html });
    expect(after.strips).toBe(4 * after.texts.length);
    expect(after.blank).toBe(0);
    expect(after.texts).toEqual(before.texts);
    expect(Buffer.from(after.pdf).equals(Buffer.from(before.pdf))).toBe(true);
  }, 120_000);

  it('lays out the same PDF with the polyfill compacted as with the one Paged.js ships', async () => {
    const compact = compactPolyfill(original, mkdtempSync(join(tmpdir(), 'zinepress-polyfill-')));
    expect(compact.length).toBeLessThan(0.75 * original.length);
    const before = await layOut(original);
    const after = await layOut(compact);
    expect(after.checks).toBe(before.checks);
    expect(after.texts).toEqual(before.texts);
    expect(Buffer.from(after.pdf).equals(Buffer.from(before.pdf))).toBe(true);
  }, 120_000);
});
