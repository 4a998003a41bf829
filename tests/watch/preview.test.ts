// watch in real Chromium: a second browser opens the live preview, the test edits
// the zine and sees the new text, a broken edit shows its error (the last good PDF
// stays), a fixed one recovers. Plus the server's Host check and file policy.
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../../scripts/render/browser.ts';
import { startWatch, type WatchSession } from '../../scripts/watch.ts';
import { fixtureZines } from '../helpers/fixtures.ts';

const root = mkdtempSync(join(tmpdir(), 'zinepress-watch-'));
const contentDir = join(root, 'content');
const outputDir = join(root, 'output');
const index = join(contentDir, 'guide', 'index.md');
const readingPdf = join(outputDir, 'guide', 'guide.pdf');
// The checklist, imposed as a booklet too, so the sheets view has sheets to show.
const original = readFileSync(join(fixtureZines, 'avant-la-reunion', 'index.md'), 'utf8').replace(/^impose: .*$/m, 'impose: [booklet, minizine]');
let session: WatchSession;
let viewer: Browser;
let page: Page;
const refusedByPolicy: string[] = [];
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** A raw GET with the given Host header and path, as written (no normalisation). */
function get(path: string, host: string): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const { port } = new URL(session.url!);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  cpSync(join(fixtureZines, 'avant-la-reunion'), join(contentDir, 'guide'), { recursive: true });
  writeFileSync(index, original);
  session = await startWatch({ zines: ['guide'], contentDir, outputDir, port: 0 });
  viewer = await puppeteer.launch({ executablePath: findBrowser().path, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  page = await viewer.newPage();
  page.on('console', (message) => {
    if (/Content Security Policy/.test(message.text())) refusedByPolicy.push(message.text());
  });
  await page.goto(session.url!, { waitUntil: 'load' });
}, 120_000);

afterAll(async () => {
  await viewer?.close();
  await session?.close();
  rmSync(root, { recursive: true, force: true });
});

const bodyText = () => page.evaluate(() => document.body.innerText);

describe('the live preview', () => {
  it('shows the laid-out pages of the first build, with its own policy and nothing refused', async () => {
    expect(page.url()).toBe(`${session.url}guide/`);
    expect(await page.$$eval('.pagedjs_page', (pages) => pages.length)).toBeGreaterThan(1);
    const response = await get('/guide/', new URL(session.url!).host);
    expect(response.headers['content-security-policy']).toMatch(/default-src 'none'.*script-src 'sha256-[^']+'/);
    expect(response.body).not.toMatch(/script-src 'unsafe-inline'/);
    expect(refusedByPolicy).toEqual([]);
  });

  it('reloads with the new text after an edit', async () => {
    writeFileSync(index, original.replace(/^# (.+)$/m, '# Un titre changé par le test'));
    await page.waitForFunction(() => document.body.innerText.includes('Un titre changé par le test'), { timeout: 60_000 });
    expect(readFileSync(readingPdf).subarray(0, 5).toString()).toBe('%PDF-');
  }, 90_000);

  it('shows a broken edit’s error with its line and fix, keeps the last good PDF, and recovers on the next edit', async () => {
    const good = sha(readingPdf);
    writeFileSync(index, original.replace(/^date: .*$/m, 'date: 2026-02-30').replace(/^# (.+)$/m, '# Un titre changé par le test'));
    await page.waitForSelector('.zp-errors', { timeout: 60_000 });
    const errors = await page.$eval('.zp-errors', (box) => (box as HTMLElement).innerText);
    expect(errors).toMatch(/index\.md:\d+(:\d+)?: error: date: no such day/);
    expect(errors).toMatch(/fix: /);
    // The last good pages stay under the message, and the last good PDF on disk.
    expect(await bodyText()).toContain('Un titre changé par le test');
    expect(sha(readingPdf)).toBe(good);

    writeFileSync(index, original.replace(/^# (.+)$/m, '# Réparé'));
    await page.waitForFunction(() => !document.querySelector('.zp-errors') && document.body.innerText.includes('Réparé'), { timeout: 60_000 });
    expect(sha(readingPdf)).not.toBe(good);
  }, 120_000);

  it('shows the booklet’s sheets as they will print', async () => {
    await page.goto(`${session.url}guide/?view=sheets`, { waitUntil: 'load' });
    const sides = await page.$$eval('.zp-side', (list) => list.map((side) => side.textContent));
    const pages = await page.$$eval('.pagedjs_page', (list) => list.length);
    expect(sides.length).toBe(2 * Math.ceil(pages / 4));
    expect(sides[0]).toBe('sheet 1, front');
    expect(refusedByPolicy).toEqual([]);
  });
});

describe('the preview server', () => {
  it('answers only to 127.0.0.1 and localhost with its port (DNS rebinding)', async () => {
    const { port } = new URL(session.url!);
    expect((await get('/guide/', `127.0.0.1:${port}`)).status).toBe(200);
    expect((await get('/guide/', `localhost:${port}`)).status).toBe(200);
    for (const host of [`evil.example:${port}`, 'localhost', `localhost:${Number(port) + 1}`, `127.0.0.1.evil.example:${port}`]) {
      const response = await get('/guide/', host);
      expect(response.status, host).toBe(403);
      expect(response.body).not.toContain('pagedjs');
    }
  });

  it('serves the outputs the manifest lists, and nothing outside them', async () => {
    const host = new URL(session.url!).host;
    const pdf = await get('/guide/guide.pdf', host);
    expect(pdf.status).toBe(200);
    expect(pdf.body.startsWith('%PDF-')).toBe(true);
    for (const path of [
      '/../../../../etc/passwd',
      '/guide/../../../../etc/passwd',
      '/guide/..%2F..%2F..%2F..%2Fetc%2Fpasswd',
      '/guide/%2e%2e/%2e%2e/content/guide/index.md',
      '/guide/..%2fmanifest.json',
      '/guide/manifest.json',
      '/guide/index.md',
      '/guide/.staging-x/guide.pdf',
      `/${encodeURIComponent(join(root, 'content'))}/index.md`,
      '/etc/passwd',
    ]) {
      const response = await get(path, host);
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(response.body, path).not.toMatch(/root:|title:|"files"/);
    }
  });
});
