// A 1,000-page document builds with bounded memory: the size, kept in the
// suite although it is its slowest test (about 5 minutes on 2 cores: the reading
// PDF's 1,000 pages, then the phone PDF's 2,350).
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type ZineManifest } from '../../scripts/build.ts';
import { pdfInfo } from '../helpers/poppler.ts';
import { chromiumUnder } from '../faults/processes.ts';
import { contentFolder, frontMatter, randomText } from './helpers.ts';

const sections = 143;
const words = 'the of and to in is that it was for on are as with they at be this have from or one had by word but not what all were when can said there use each which she do how their if will up other about out many then them these so some her would make like him into time has look two more write go see number way could people than first water been call who its now find long down day did get come made may part'.split(' ');

/** ~8 A5 pages a section: a heading and 32 paragraphs of 90 words, no two alike. */
function longZine(): string {
  const parts = [frontMatter('A long document')];
  for (let s = 1; s <= sections; s++) {
    parts.push(`\n# Section ${s}\n`);
    for (let p = 0; p < 32; p++) {
      const picks = randomText(90, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', s * 1000 + p);
      parts.push(`\n${[...picks].map((c) => words[c.charCodeAt(0) % words.length]).join(' ')}.\n`);
    }
  }
  return parts.join('');
}

const outputDir = mkdtempSync(join(tmpdir(), 'zinepress-large-'));
let manifest: ZineManifest;
let seconds: number;
const peakKb = { chromiumLargest: 0, chromiumTotal: 0 };

/** Chromium's memory, sampled while the build runs (RSS, kB). */
const sampler = setInterval(() => {
  const pids = chromiumUnder(process.pid).map((entry) => entry.pid);
  if (pids.length === 0) return;
  const rss = execFileSync('ps', ['-o', 'rss=', '-p', pids.join(',')], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  peakKb.chromiumLargest = Math.max(peakKb.chromiumLargest, ...rss);
  peakKb.chromiumTotal = Math.max(peakKb.chromiumTotal, rss.reduce((a, b) => a + b, 0));
}, 250);

beforeAll(async () => {
  const content = contentFolder({ write: { long: longZine() } });
  const started = performance.now();
  // The phone PDF's 2,350 pages alone take minutes while other test files share the two cores:
  // each render is bounded by the test's 15 minutes, not the 300 s a build gives it by default.
  [manifest] = await build({ zines: ['long'], contentDir: content, outputDir, timeoutMs: 840_000 });
  seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
}, 900_000);

afterAll(() => clearInterval(sampler));

describe('a long document', () => {
  it('builds every page, the booklet included', () => {
    const reading = pdfInfo(join(outputDir, 'long', 'long.pdf'));
    expect(manifest.pages).toBeGreaterThanOrEqual(1000);
    expect(reading.pages).toBe(manifest.pages);
    expect(manifest.files.find((file) => file.kind === 'booklet')!.pages).toBe(Math.ceil(manifest.pages / 4) * 2);
    const last = execFileSync('pdftotext', ['-f', String(manifest.pages - 12), '-l', String(manifest.pages), join(outputDir, 'long', 'long.pdf'), '-'], { encoding: 'utf8' });
    expect(last).toContain(`Section ${sections}`);
  });

  it('with bounded memory: node under 1.5 GB, no Chromium process over 2 GB', () => {
    const nodeKb = process.resourceUsage().maxRSS;
    console.log(`${manifest.pages} pages in ${seconds.toFixed(1)} s; peak RSS: node ${Math.round(nodeKb / 1024)} MB, Chromium largest process ${Math.round(peakKb.chromiumLargest / 1024)} MB, all Chromium processes ${Math.round(peakKb.chromiumTotal / 1024)} MB`);
    expect(peakKb.chromiumLargest).toBeGreaterThan(0);
    expect(nodeKb).toBeLessThan(1.5 * 1024 * 1024);
    expect(peakKb.chromiumLargest).toBeLessThan(2 * 1024 * 1024);
  });
});
