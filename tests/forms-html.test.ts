// `build --html`: the document Paged.js lays out, written beside the PDFs.
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../scripts/build.ts';
import { composeZine } from '../scripts/compose.ts';
import { findBrowser } from '../scripts/render/browser.ts';
import { readProjectSources, readZineSources } from '../scripts/sources.ts';
import { fixtureZines } from './helpers/fixtures.ts';

const outputDir = mkdtempSync(join(tmpdir(), 'zinepress-html-'));
afterAll(() => rmSync(outputDir, { recursive: true, force: true }));

describe('the html output form', () => {
  it('writes the composed document as rendered: no script, listed in the manifest, loading nothing', async () => {
    const zine = 'avant-la-reunion';
    const [manifest] = await build({ zines: [zine], contentDir: fixtureZines, outputDir, forms: ['html'] });
    expect(manifest!.files.find((file) => file.kind === 'html')?.name).toBe(`${zine}.html`);
    const html = readFileSync(join(outputDir, zine, `${zine}.html`), 'utf8');
    const { zine: composed } = await composeZine(await readZineSources(fixtureZines, zine), await readProjectSources());
    expect(html).toBe(composed!.html);
    expect(html).not.toMatch(/<script/i);
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);

    // Opened in a browser, it asks for nothing: fonts and styles are inline.
    const browser = await puppeteer.launch({ executablePath: findBrowser().path, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (request) => void (request.url().startsWith('data:') || requests.push(request.url())));
      await page.setContent(html, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready);
      expect(requests).toEqual([]);
      expect(await page.evaluate(() => [...document.fonts].filter((face) => face.status === 'loaded').length)).toBeGreaterThan(0);
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('is not made without the flag', async () => {
    const [manifest] = await build({ zines: ['avant-la-reunion'], contentDir: fixtureZines, outputDir });
    expect(manifest!.files.map((file) => file.kind)).not.toContain('html');
  }, 120_000);
});
