// A real render of the guide through Chromium and Paged.js, read back with poppler.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type ZineManifest } from '../scripts/build.ts';
import { letters, pageTexts, regionText } from './helpers/pdf-text.ts';
import { readOutline, type Bookmark } from './helpers/pdfjs-text.ts';
import { pdfInfo } from './helpers/poppler.ts';
import { fixtureZines } from './helpers/fixtures.ts';

const zine = 'sorganiser-se-proteger';
const outputDir = mkdtempSync(join(tmpdir(), 'zinepress-build-'));
const pdf = join(outputDir, zine, `${zine}.pdf`);
const A5 = { widthPt: (148 / 25.4) * 72, heightPt: (210 / 25.4) * 72 };
let manifest: ZineManifest;
let pages: string[];

/** A page's text without its running header (first line) and page number (last line). */
function pageBody(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}

beforeAll(async () => {
  [manifest] = await build({ zines: [zine], contentDir: fixtureZines, outputDir });
  pages = pageTexts(pdf);
});

describe(`the guide (${zine}) rendered in Chromium`, () => {
  it('has A5 pages (±0.5 pt)', () => {
    const info = pdfInfo(pdf);
    expect(info.pages).toBe(pages.length);
    expect(info.sizes).toHaveLength(info.pages);
    for (const size of info.sizes) {
      expect(Math.abs(size.widthPt - A5.widthPt)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(size.heightPt - A5.heightPt)).toBeLessThanOrEqual(0.5);
    }
  });

  it('opens with the cover: title, subtitle, publisher, edition, no page number', () => {
    const cover = pages[0]!.replace(/\s+/g, ' ');
    expect(cover).toContain('S’organiser, se protéger');
    expect(cover).toContain('Poursuivre le travail politique dans la crise');
    expect(cover).toMatch(/SECOURS ROUGE/i);
    expect(cover).toMatch(/Édition 1 · 25 novembre 2026/);
    expect(pageBody(pages[0]!).at(-1)!.trim()).not.toMatch(/^\d+$/);
  });

  it('prints on every inner page the number of its position', () => {
    for (let index = 1; index < pages.length - 1; index++) {
      const lines = pageBody(pages[index]!);
      expect(lines.at(-1)!.trim(), `page ${index + 1}`).toBe(String(index + 1));
    }
  });

  it('ends with the back cover: closing statement and website', () => {
    const back = letters(pages.at(-1)!);
    expect(back).toContain(letters('Ce guide n’est ni une invitation à accepter le confinement tel qu’il nous est imposé, ni une invitation à le briser.'));
    expect(back).toContain(letters('Leur fric, nos morts.'));
    expect(pages.at(-1)).toContain('www.secoursrouge.org');
    expect(pageBody(pages.at(-1)!).at(-1)!.trim()).not.toMatch(/^\d+$/);
  });

  it('starts every main section on a new page, under its running header', () => {
    const sections = ['Introduction', 'Avant de commencer', 'S’organiser physiquement', 'Riot.im', 'Détails importants sur Riot', '« Bugs » de Riot', '« Bugs » et difficultés', 'Liens utiles'];
    for (const title of sections) {
      const page = pages.findIndex((text, index) => index > 1 && letters(pageBody(text).slice(1, 3).join(' ')).startsWith(letters(title)));
      expect(page, title).toBeGreaterThan(1);
    }
  });

  it('has a contents page whose numbers are the pages the sections start on', () => {
    const contents = pageBody(pages[1]!);
    expect(contents[0]!.trim()).toBe('Sommaire');
    const entries = contents.slice(1, -1).map((line) => /^\s*(.+?)\s+(\d+)\s*$/.exec(line)).filter((m) => m !== null);
    expect(entries.length).toBeGreaterThanOrEqual(8);
    for (const [, title, number] of entries) {
      const text = pageBody(pages[Number(number) - 1]!).join(' ');
      expect(letters(text), `${title} on page ${number}`).toContain(letters(title!));
    }
  });

  it('has text on every page (no page left empty)', () => {
    pages.forEach((text, index) => expect(letters(text).length, `page ${index + 1}`).toBeGreaterThan(10));
  });

  it('contains every line of the seed, with only the listed fixes', () => {
    // The text exactly as it reached us, before it became Markdown.
    const seed = readFileSync(join(import.meta.dirname, 'fixtures', 'seed', 'sorganiser-se-proteger.txt'), 'utf8');
    const fixes: [RegExp, string][] = [
      [/\bINTRO\b/, 'Introduction'],
      [/sur on ordinateur/, 'sur son ordinateur'],
      [/suffisament/, 'suffisamment'],
      [/puisse recevoir/, 'puissent recevoir'],
    ];
    const fixed = fixes.reduce((text, [from, to]) => text.replace(from, to), seed);
    // Pages without running header and page number, so a sentence that runs on
    // to the next page reads as one.
    const body = letters(pages.map((text) => pageBody(text).slice(1, -1).join(' ')).join(' ') + pages[0] + pages.at(-1));
    // Every line of the extracted text is a run of the original: each must be there.
    const lines = fixed
      .split('\n')
      .map((line) => letters(line))
      .filter((line) => line.length > 0);
    expect(lines.length).toBeGreaterThan(120);
    const missing = lines.filter((line) => !body.includes(line));
    expect(missing).toEqual([]);
  });

  it('has bookmarks for the sections, each pointing at the page its section starts on', async () => {
    const outline = await readOutline(new Uint8Array(readFileSync(pdf)));
    const flat = (items: Bookmark[]): Bookmark[] => items.flatMap((item) => [item, ...flat(item.children)]);
    const sections = flat(outline);
    expect(sections.map((item) => item.title)).toEqual(expect.arrayContaining(['Introduction', 'Liens utiles', 'Visio-conférence chiffrée']));
    for (const item of sections) {
      expect(letters(pages[item.page - 1]!), `${item.title} → page ${item.page}`).toContain(letters(item.title));
    }
  });

  it('says only what the front matter says about itself (pdfinfo)', () => {
    const info = execFileSync('pdfinfo', ['-isodates', pdf], { encoding: 'utf8' });
    const field = (name: string) => new RegExp(`^${name}:\\s+(.*)$`, 'm').exec(info)?.[1];
    expect(field('Title')).toBe('S’organiser, se protéger');
    expect(field('Subject')).toBe('Poursuivre le travail politique dans la crise');
    expect(field('Author')).toBe('Secours Rouge');
    expect(field('Creator')).toBe('zinepress');
    expect(field('Producer')).toBe('zinepress');
    expect(field('CreationDate')).toBe('2026-11-25T00:00:00Z');
    expect(field('ModDate')).toBe('2026-11-25T00:00:00Z');
    expect(field('Metadata Stream')).toBe('no');
    expect(field('Tagged')).toBe('yes');
    expect(field('JavaScript')).toBe('no');
    expect(info).not.toMatch(/Chrome|Skia|Mozilla|Linux|\/tmp|\/root|\/home/);
  });

  it('uses only the shipped fonts, embedded and subset', () => {
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) {
      expect(line).toMatch(/^[A-Z]{6}\+(SourceSerif4|Archivo|SourceCodePro)/);
      expect(line).toMatch(/\byes yes\b/);
    }
  });

  it('writes a manifest that matches the files', () => {
    expect(manifest).toMatchObject({ zine, edition: 1, date: '2026-11-25', lang: 'fr', pages: pages.length });
    const onDisk = JSON.parse(readFileSync(join(outputDir, zine, 'manifest.json'), 'utf8'));
    expect(onDisk).toEqual(manifest);
    const reading = manifest.files.find((file) => file.kind === 'reading')!;
    const bytes = readFileSync(pdf);
    expect(reading).toMatchObject({ name: `${zine}.pdf`, pages: pages.length, bytes: bytes.length });
    expect(reading.sha256).toBe(execFileSync('sha256sum', [pdf], { encoding: 'utf8' }).split(' ')[0]);
  });
});

describe(`the guide's booklet, read back with poppler`, () => {
  const booklet = join(outputDir, zine, `${zine}-booklet.pdf`);

  it('has N/2 A4 landscape sides, each half holding the reading page docs/printing.md puts there', () => {
    const n = pages.length;
    const padded = 4 * Math.ceil(n / 4);
    // Blanks go just before the back cover: padded position p holds page p, the last one page n.
    const pageAt = (position: number) => (position === padded ? n : position <= n - 1 ? position : null);
    const info = pdfInfo(booklet);
    expect(info.pages).toBe(padded / 2);
    for (const size of info.sizes) {
      expect(size.widthPt).toBeCloseTo(841.89, 0);
      expect(size.heightPt).toBeCloseTo(595.28, 0);
    }
    for (let sheet = 0; sheet < padded / 4; sheet++) {
      const sides = [
        [padded - 2 * sheet, 2 * sheet + 1],
        [2 * sheet + 2, padded - 2 * sheet - 1],
      ];
      sides.forEach(([left, right], face) => {
        const side = 2 * sheet + face + 1;
        for (const [half, position] of [[0, left!], [1, right!]] as const) {
          const text = letters(regionText(booklet, side, { x: half * 421, y: 0, width: 421, height: 595 }));
          const page = pageAt(position);
          const where = `side ${side} ${half ? 'right' : 'left'} (padded position ${position})`;
          if (page === null) expect(text, where).toBe('');
          else expect(text, where).toBe(letters(pages[page - 1]!));
        }
      });
    }
  });

  it('is listed in the manifest with its printing instructions, in French', () => {
    const entry = manifest.files.find((file) => file.kind === 'booklet')!;
    expect(entry).toMatchObject({ name: `${zine}-booklet.pdf`, pages: pdfInfo(booklet).pages });
    const instructions = readFileSync(join(outputDir, zine, `${zine}-print.txt`), 'utf8');
    expect(instructions).toMatch(/Retourner sur le bord court/);
    expect(instructions).toMatch(/taille réelle \(100\u00a0%\)/);
    expect(instructions).toMatch(new RegExp(`${4 * Math.ceil(pages.length / 4) / 4} feuilles A4`));
  });

  it('stays small: at most 1.2 × the reading PDF', () => {
    expect(readFileSync(booklet).length).toBeLessThanOrEqual(1.2 * readFileSync(pdf).length);
  });
});
