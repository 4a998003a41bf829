// A guide written for the web, built as it is (tests/fixtures/zines/real-world-layout):
// steps with commands inside them, a long log, a list after a heading, a timetable
// over several pages, a wide table, long addresses, small headings, screenshots.
// Nothing is lost, nothing is cut, and it looks set by hand.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/build.ts';
import { ZineError } from '../../scripts/errors.ts';
import { fixtureZines } from '../helpers/fixtures.ts';
import { pageTexts } from '../helpers/pdf-text.ts';
import { readOutline, type Bookmark } from '../helpers/pdfjs-text.ts';
import { wordsByPage, type BboxWord } from '../helpers/poppler.ts';
import { gapRatio, justifiedLines, sentences, writeZines } from './zines.ts';

const contentDir = mkdtempSync(join(tmpdir(), 'zinepress-real-'));
const outputDir = mkdtempSync(join(tmpdir(), 'zinepress-real-out-'));
const pdf = join(outputDir, 'real-world-layout', 'real-world-layout.pdf');
const log: string[] = [];

// A page of text, then a screenshot too tall for what is left of it.
const hole = ['# Une capture', '', sentences(14), '', '![Les réglages](images/tall.png)', '', 'Après la capture.', ''].join('\n');
// A table that cannot fit even at 75 %.
const columns = 60;
const tooWide = ['# Trop large', '', `|${' colonne |'.repeat(columns)}`, `|${'---|'.repeat(columns)}`, `|${' valeur |'.repeat(columns)}`, ''].join('\n');
const extraDir = writeZines({ hole: { markdown: hole }, 'too-wide': { markdown: tooWide } });
let tooWideError: unknown;

beforeAll(async () => {
  cpSync(join(fixtureZines, 'real-world-layout'), join(contentDir, 'real-world-layout'), { recursive: true });
  mkdirSync(join(contentDir, 'real-world-layout', 'images'), { recursive: true });
  const screenshot = await sharp({ create: { width: 1280, height: 800, channels: 3, background: '#88aabb' } }).png().toBuffer();
  writeFileSync(join(contentDir, 'real-world-layout', 'images', 'settings.png'), screenshot);
  const tall = await sharp({ create: { width: 1080, height: 1600, channels: 3, background: '#88aabb' } }).png().toBuffer();
  writeFileSync(join(extraDir, 'hole', 'images', 'tall.png'), tall);
  await build({ zines: ['real-world-layout'], contentDir, outputDir, log: (line) => log.push(line) });
  await build({ zines: ['hole'], contentDir: extraDir, outputDir, log: (line) => log.push(line) });
  tooWideError = await build({ zines: ['too-wide'], contentDir: extraDir, outputDir }).then(() => undefined, (error: unknown) => error);
}, 240_000);

const clean = (text: string) => text.replace(/\u00AD/g, '').replace(/-\n\s*/g, '');
const warningsOf = (zine: string) => log.filter((line) => line.includes(`${zine}/index.md`) && line.includes('warning'));

describe('a guide written elsewhere', () => {
  it('builds with no warning', () => {
    expect(warningsOf('real-world-layout')).toEqual([]);
  });

  it('flows a code block longer than a page, blank lines and all, losing no line', () => {
    const text = pageTexts(pdf).join('\n');
    const entries = [...text.matchAll(/entry (\d{3}):/g)].map((m) => Number(m[1]));
    expect(entries).toEqual(Array.from({ length: 90 }, (_, i) => i + 1));
  });

  it('wraps a long command inside a numbered step without cutting an option', () => {
    const words = pageTexts(pdf).join('\n').split(/\s+/);
    for (const option of ['-connect', '-servername', '-noout', '-dates', '--keyserver', '--recv-keys']) expect(words).toContain(option);
    expect(words).toContain('86F3105ADFA8AB587268DCD78D3DCD04249619D1');
  });

  it('breaks a list after its heading rather than leaving the page before it empty', () => {
    const pages = pageTexts(pdf).map(clean);
    // Past the contents page, which names the heading too.
    const heading = pages.findIndex((page, i) => i > 1 && page.includes('What “safe” means here'));
    expect(pages[heading]).toContain('Step 1:');
    const all = pages.join(' ');
    expect([...all.matchAll(/Step (\d+):/g)].map((m) => Number(m[1]))).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    // Every page of the first section is at least two thirds full, but its last.
    const words = wordsByPage(pdf);
    const sectionPages = pages.map((page, i) => i).filter((i) => /Step \d+:|Most of what a group/.test(pages[i]!));
    for (const i of sectionPages.slice(0, -1)) expect(fill(words[i]!)).toBeGreaterThan(2 / 3);
  });

  it('repeats the header row of a table on every page it covers, and keeps each word whole', () => {
    const pages = pageTexts(pdf);
    const withRows = pages.filter((page) => /Brussels-?\s*Midi/.test(page));
    expect(withRows.length).toBeGreaterThan(1);
    for (const page of withRows) expect(page).toMatch(/No\.\s+From\s+Time\s+Destination\s+Platform/);
    expect(pages.join('\n')).not.toMatch(/Destinatio\s|Amsterda\s|Centraa\s/);
    const rows = [...pages.join('\n').matchAll(/^\s*(\d+)\s+Brussels/gm)].map((m) => Number(m[1]));
    expect(rows).toEqual(Array.from({ length: 70 }, (_, i) => i + 1));
  });

  it('sets a table too wide for the page in smaller type instead of failing', () => {
    const words = wordsByPage(pdf).flat();
    const body = words.find((word) => word.text === 'modelling')!;
    const cell = words.find((word) => word.text === 'Decentralised')!;
    expect(cell).toBeDefined();
    expect(cell.yMax - cell.yMin).toBeLessThan(0.9 * (body.yMax - body.yMin));
  });

  it('sets justified lines with no word gap wider than the line is high, printed addresses included', () => {
    const words = wordsByPage(pdf);
    const pages = pageTexts(pdf);
    const first = pages.findIndex((page, i) => i > 1 && page.includes('Links from the web'));
    let widest = 0;
    for (const line of justifiedLines(words[first]!)) widest = Math.max(widest, gapRatio(line));
    expect(widest).toBeGreaterThan(0);
    expect(widest).toBeLessThan(1);
  });

  it('prints long addresses short: no tracking, no album, no query', () => {
    const text = pageTexts(pdf).join(' ').replace(/\s+/g, '');
    expect(text).toContain('(flickr.com/photos/someone/12345678901)');
    expect(text).toContain('(accessnow.org/help)');
    expect(text).not.toMatch(/utm_|fbclid|album-/);
  });

  it('styles headings of levels 4 to 6', () => {
    const text = pageTexts(pdf).join('\n');
    expect(text).toMatch(/Reading the output\s+The first date/);
    expect(text).toMatch(/If the dates are wrong/);
    expect(text).toMatch(/LAST CHECKED IN MARCH/);
  });

  it('prints no caption for a placeholder alt text or a file name, and a real one', () => {
    const text = pageTexts(pdf).join('\n');
    expect(text).toContain('The security settings of the phone');
    expect(text).not.toMatch(/\bscreenshot\b|settings\.png/);
  });

  it('shows headings on the contents page and in the bookmarks as the body prints them', async () => {
    const contents = pageTexts(pdf)[1]!;
    expect(contents).toContain('What “safe” means here');
    expect(contents).toContain('The server’s log');
    const titles = flatten(await readOutline(new Uint8Array(readFileSync(pdf))));
    expect(titles).toContain('What “safe” means here');
    expect(titles).toContain('The server’s log');
  });

  it('never hyphenates a word across a page turn', () => {
    const pages = pageTexts(pdf);
    for (const page of pages.slice(0, -1)) {
      const lines = page.split('\n').map((line) => line.trim()).filter(Boolean);
      // The last line of text, above the page number.
      const last = lines.at(-1) && /^\d+$/.test(lines.at(-1)!) ? lines.at(-2) : lines.at(-1);
      expect(last ?? '').not.toMatch(/\p{L}[\u00AD-]$/u);
    }
  });
});

describe('what the checks say', () => {
  it('warns of a page left part empty by a figure that does not fit, naming the page and the image', () => {
    const warnings = warningsOf('hole');
    expect(warnings).toContainEqual(expect.stringMatching(/index\.md:\d+: warning: page 2 is \d+ % empty: a figure did not fit under its text and starts page 3 \(make the image less tall/));
  });

  it('names a table too wide even at 75 % and a fix that works', () => {
    expect(tooWideError).toBeInstanceOf(ZineError);
    const error = tooWideError as ZineError;
    expect(error.message).toMatch(/^content overflows page 2\b.*: a table wider than the page, even with its type at 75 %/);
    expect(error.problems[0]?.note).toMatch(/fewer columns/);
  });
});

/** How far down its content area a page prints (A5: 18 mm margins at top and bottom, the page number under). */
function fill(words: BboxWord[]): number {
  const text = words.filter((word) => !/^\d+$/.test(word.text) || word.yMin < 500);
  const top = (18 / 25.4) * 72;
  const bottom = ((210 - 18) / 25.4) * 72;
  const lowest = Math.max(...text.filter((word) => word.yMax < bottom + 2).map((word) => word.yMax));
  return (lowest - top) / (bottom - top);
}

function flatten(bookmarks: Bookmark[]): string[] {
  return bookmarks.flatMap((bookmark) => [bookmark.title, ...flatten(bookmark.children)]);
}
