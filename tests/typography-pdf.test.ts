// French typography as it reaches paper: the guide rendered in Chromium, read
// back with poppler and pdfjs-dist. Hyphenated line ends, narrow no-break
// spaces, guillemets, whole headings and addresses, clickable links.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../scripts/build.ts';
import { fixtureZines } from './helpers/fixtures.ts';
import { letters } from './helpers/pdf-text.ts';

const zine = 'sorganiser-se-proteger';
const outputDir = mkdtempSync(join(tmpdir(), 'zinepress-typography-'));
const pdf = join(outputDir, zine, `${zine}.pdf`);
const markdown = readFileSync(join(fixtureZines, zine, 'index.md'), 'utf8');
const links = [...markdown.matchAll(/\[([^\]]+)\]\((https?:[^)]+)\)/g)].map((m) => ({ text: m[1]!, href: m[2]! }));
/** Text runs (pdfjs splits them where Chromium moved the pen, e.g. at a narrow space) and link annotations. */
let runs: { str: string; x: number; y: number; width: number }[];
let linkUrls: string[];
/** The lines as drawn (`pdftotext -bbox-layout`: plain pdftotext joins hyphenated lines), words joined by spaces. */
let lines: string[];

beforeAll(async () => {
  await build({ zines: [zine], contentDir: fixtureZines, outputDir });
  const layout = execFileSync('pdftotext', ['-bbox-layout', pdf, '-'], { encoding: 'utf8' });
  const unescape = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  lines = [...layout.matchAll(/<line [^>]*>([\s\S]*?)<\/line>/g)].map((m) => [...m[1]!.matchAll(/<word [^>]*>([^<]*)<\/word>/g)].map((w) => unescape(w[1]!)).join(' '));
  const doc = await getDocument({ data: new Uint8Array(readFileSync(pdf)), verbosity: 0 }).promise;
  runs = [];
  linkUrls = [];
  for (let number = 1; number <= doc.numPages; number++) {
    const page = await doc.getPage(number);
    for (const item of (await page.getTextContent()).items) {
      // pdfjs adds a " " item for each gap it sees; the gap itself is measured below.
      if ('str' in item && item.str.trim() !== '') runs.push({ str: item.str, x: item.transform[4], y: item.transform[5], width: item.width });
    }
    for (const annotation of await page.getAnnotations()) if (annotation.subtype === 'Link' && annotation.url) linkUrls.push(annotation.url);
  }
  await doc.destroy();
});

/** The gap in points between the run ending with `before` and the next run on its line, starting with `after`. */
function gapsBetween(before: RegExp, after: RegExp): number[] {
  return runs.flatMap((run, index) => {
    const next = runs[index + 1];
    if (!next || !before.test(run.str) || !after.test(next.str) || Math.abs(next.y - run.y) > 0.5) return [];
    return [next.x - (run.x + run.width)];
  });
}

describe('hyphenation in the PDF', () => {
  it('breaks words at line ends with a hyphen, and each joined word is one of the text', () => {
    // A line that ends in "s’as\u00AD-": the soft hyphen, then the hyphen Chromium drew.
    const broken = lines.flatMap((line, index) => {
      const end = /([\p{L}\u00AD]+)\u00AD-$/u.exec(line);
      const start = /^(\p{L}+)/u.exec(lines[index + 1] ?? '');
      return end && start ? [(end[1]! + start[1]!).replace(/\u00AD/g, '')] : [];
    });
    expect(broken.length).toBeGreaterThanOrEqual(5);
    for (const word of broken) expect(markdown, word).toContain(word);
  });

  it('keeps soft hyphens out of the text layer except at a line break: a search finds whole words', () => {
    expect(lines.filter((line) => /\u00AD(?!-?$)/u.test(line))).toEqual([]);
    expect(lines.join(' ')).toMatch(/\bCoronavirus\b/);
    expect(lines.join(' ')).toMatch(/\bconfinement\b/);
  });

  it('never hyphenates a heading: each is whole on one line', () => {
    const headings = [...markdown.matchAll(/^#{1,3} (.+)$/gm)].map((m) => letters(m[1]!));
    const lineLetters = new Set(lines.map((line) => letters(line.replace(/\u00AD/g, ''))));
    for (const heading of headings) expect(lineLetters.has(heading), heading).toBe(true);
  });

  it('never breaks a link address: each is whole on its line, no line ends inside one', () => {
    for (const { text: address } of links) expect(lines.some((line) => line.includes(address)), address).toBe(true);
    const endsInAddress = lines.filter((line) => /\S+\.\S*-$/u.test(line));
    expect(endsInAddress).toEqual([]);
  });
});

describe('French spacing in the PDF', () => {
  // Neither pdftotext nor pdfjs prints U+202F or U+00A0: Chromium draws no glyph
  // for a space, it moves the pen. The space is the gap between two text runs.
  it('a narrow no-break space (about 1.2 pt at 10 pt) before "!" in "les deux !"', () => {
    const gaps = gapsBetween(/deux$/, /^!/);
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!).toBeGreaterThan(0.8);
    expect(gaps[0]!).toBeLessThan(2.5);
  });

  it('a no-break space before ":" in "TAILS Linux :"', () => {
    const gaps = gapsBetween(/TAILS Linux$/, /^:/);
    expect(gaps).toHaveLength(1);
    // Wider than the narrow space: a no-break space stretches with the justified line.
    expect(gaps[0]!).toBeGreaterThan(2);
  });

  it('guillemets with narrow spaces around « Liens utiles » in the body', () => {
    const index = runs.findIndex((run, i) => run.str.endsWith('«') && runs[i + 1]?.str === 'Liens utiles' && runs[i + 2]?.str.startsWith('»'));
    expect(index).toBeGreaterThanOrEqual(0);
    const [open, words, close] = runs.slice(index, index + 3) as [(typeof runs)[0], (typeof runs)[0], (typeof runs)[0]];
    for (const gap of [words.x - (open.x + open.width), close.x - (words.x + words.width)]) {
      expect(gap).toBeGreaterThan(0.8);
      expect(gap).toBeLessThan(2.5);
    }
  });
});

describe('links in the PDF', () => {
  it('every link of the text is clickable: a link annotation to its https:// address', () => {
    expect(links.length).toBeGreaterThanOrEqual(10);
    for (const { href } of links) expect(linkUrls, href).toContain(href);
    for (const url of linkUrls) expect(url).toMatch(/^(https:\/\/|mailto:)/);
  });
});
