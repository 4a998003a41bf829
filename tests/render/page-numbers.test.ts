// zinepress numbers pages itself (render/page-numbers.ts) rather than with
// Paged.js's page counter, whose cost grows with every page already laid out.
// The numbers must be the counter's: the same finalised PDF, page numbers and
// the contents' numbers included, forward and backward references, blank pages.
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeZine, type ComposedZine } from '../../scripts/compose.ts';
import { editionDate, finalizePdf } from '../../scripts/pdf/metadata.ts';
import { findBrowser, launchBrowser, type RunningBrowser } from '../../scripts/render/browser.ts';
import { registerPageNumbers } from '../../scripts/render/page-numbers.ts';
import { loadPaged, PAGED_HANDLERS } from '../../scripts/render/paged.ts';
import { readProjectSources, readZineSources } from '../../scripts/sources.ts';
import { pageTexts } from '../helpers/pdf-text.ts';
import { writeTempPdf } from '../helpers/poppler.ts';
import { sentences, writeZines } from '../layout/zines.ts';

/**
 * A reference back to an earlier section, numbered like the contents (a rule of the test's
 * own). The number alone, as in zinepress's styles: with text around it in the same content,
 * it would be set as one run with that text, kerned as one (render/page-numbers.ts).
 */
const BACK_REFERENCE = 'main p a[href^="#"]::after { content: target-counter(attr(href), page); margin-left: 0.3em; }';

describe('page numbers without a page counter', () => {
  let running: RunningBrowser;
  let zine: ComposedZine;

  beforeAll(async () => {
    const front = '---\ntitle: "Essai"\nlang: fr\nedition: 1\ndate: 2026-01-01\nimpose: []\ncontents: true\n---\n\n';
    const section = (n: number) => `# Partie ${n}\n\n${sentences(10, n * 10)}\n\n- Un point.\n- Un autre point.\n\n${sentences(6, n * 20)}\n`;
    const sections = Array.from({ length: 7 }, (_, i) => section(i + 1));
    sections.push(`# Partie 8\n\nComme le dit la [deuxième partie](#s-partie-2), on recommence. ${sentences(4, 80)}\n`);
    const dir = writeZines({ numbers: { markdown: sections.join('\n'), front } });
    zine = (await composeZine(await readZineSources(dir, 'numbers'), await readProjectSources())).zine!;
    running = await launchBrowser(findBrowser());
  }, 60_000);

  afterAll(async () => {
    await running?.close();
  });

  /** Lays the zine out in a new tab, with `css` added, numbered by the page counter or by the handler; its finalised PDF. */
  async function layOut({ numbers, css = '' }: { numbers: boolean; css?: string }): Promise<{ pdf: Uint8Array; counters: string[] }> {
    const page: Page = await running.browser.newPage();
    try {
      await page.setContent(zine.html.replace('</head>', `<style>${css}</style></head>`), { waitUntil: 'load' });
      await page.evaluate('document.querySelectorAll("link").forEach((link) => link.remove())');
      await loadPaged(page, { handlers: numbers ? PAGED_HANDLERS : PAGED_HANDLERS.filter((register) => register !== registerPageNumbers) });
      // What increments a counter on the pages, and what the page numbers' boxes show.
      const counters = await page.evaluate(async () => {
        await document.fonts.ready;
        // @ts-expect-error Paged is defined by the polyfill.
        await new window.Paged.Previewer().preview();
        const third = document.querySelectorAll('.pagedjs_page')[2];
        const box = third.querySelector('.pagedjs_margin-bottom-center > .pagedjs_margin-content')!;
        return [getComputedStyle(third).counterIncrement, getComputedStyle(box, '::after').content];
      });
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, outline: true, tagged: true });
      return { pdf: await finalizePdf(new Uint8Array(pdf), { title: zine.config.title, lang: zine.config.lang, date: editionDate(zine.config.date), headings: zine.headings }), counters };
    } finally {
      await page.close();
    }
  }

  it('prints what the counter printed: each page its position, the contents and a reference back the page of their target', async () => {
    const { pdf: counted, counters: before } = await layOut({ numbers: false, css: BACK_REFERENCE });
    const { pdf: numbered, counters: after } = await layOut({ numbers: true, css: BACK_REFERENCE });
    // Paged.js's counter, then a string per page.
    expect(before).toEqual(['page 1', 'counter(page)']);
    expect(after).toEqual(['none', '"3"']);
    expect(Buffer.from(numbered).equals(Buffer.from(counted))).toBe(true);

    // And what that is, read back by poppler.
    const texts = pageTexts(writeTempPdf(numbered, 'numbers'));
    expect(texts.length).toBeGreaterThan(9);
    const pageOf = (heading: string) => texts.findIndex((text) => new RegExp(`^\\s*${heading}\\s*$`, 'm').test(text)) + 1;
    // Body pages end with their number (covers and the contents page show none).
    for (let n = 1; n <= 8; n++) {
      const at = pageOf(`PARTIE ${n}|Partie ${n}`);
      expect(at).toBeGreaterThan(2);
      expect(texts[at - 1].trim().split('\n').at(-1)!.trim()).toBe(String(at));
    }
    // The contents list each section with the page it starts on.
    const contents = texts.find((text) => /Partie 1\s+\d+/.test(text))!;
    for (let n = 1; n <= 8; n++) expect(contents).toMatch(new RegExp(`Partie ${n}\\s+${pageOf(`Partie ${n}`)}\\b`));
    // The reference back, laid out after its target.
    expect(texts.join('\n')).toMatch(new RegExp(`deuxième partie\\s*${pageOf('Partie 2')}\\s*,`));
  }, 120_000);

  it('numbers the blank pages left by breaks to a right-hand page, as the counter did', async () => {
    const css = 'main h1 { break-before: right; }';
    const { pdf: counted } = await layOut({ numbers: false, css });
    const { pdf: numbered } = await layOut({ numbers: true, css });
    expect(Buffer.from(numbered).equals(Buffer.from(counted))).toBe(true);
    const texts = pageTexts(writeTempPdf(numbered, 'blank'));
    // Sections start on odd pages, so some pages before them are left blank but for their number.
    const blank = texts.map((text, index) => ({ text: text.trim(), page: index + 1 })).filter(({ text, page }) => text === String(page));
    expect(blank.length).toBeGreaterThan(0);
  }, 120_000);

  it('refuses a stylesheet that sets the page counter or shows it other than as a decimal number', async () => {
    await expect(layOut({ numbers: true, css: '@page { counter-increment: page 2; }' })).rejects.toThrow(/numbers pages by their position: a stylesheet may not set "counter-increment" of the page counter/);
    await expect(layOut({ numbers: true, css: 'main h1 { counter-reset: page 10; }' })).rejects.toThrow(/may not set "counter-reset" of the page counter/);
    // The numbers are written as decimal strings: another style would print otherwise.
    await expect(layOut({ numbers: true, css: '@page { @bottom-right { content: counter(page, upper-roman); } }' })).rejects.toThrow(/page numbers in decimal: a stylesheet may not show them as "upper-roman"/);
    await expect(layOut({ numbers: true, css: '.contents a::before { content: target-counter(attr(href), page, lower-alpha); }' })).rejects.toThrow(/as "lower-alpha"/);
    await expect(layOut({ numbers: true, css: 'main h1::after { content: counters(page, "."); }' })).rejects.toThrow(/may not show counters\(page, …\)/);
    // A target Paged.js cannot find (it would show 0), or a target's page outside a rule.
    await expect(layOut({ numbers: true, css: '.contents a::after { content: target-counter(url(#s-partie-2), page); }' })).rejects.toThrow(
      /page of a target named by an attribute of the element.*may not show target-counter\(url\(#s-partie-2\),page\)$/,
    );
    await expect(layOut({ numbers: true, css: '@page { @bottom-left { content: target-counter(attr(href), page); } }' })).rejects.toThrow(/may not show target-counter\(attr\(href\),page\) outside such a rule$/);
    // Another counter of a target is Paged.js's own, and lays out.
    await expect(layOut({ numbers: true, css: '.contents a::after { content: target-counter(attr(href), chapter); }' })).resolves.toBeDefined();
  }, 120_000);
});
