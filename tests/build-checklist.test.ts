// The pocket checklist: an 8-page A7 zine imposed as a one-sheet mini-zine,
// rendered in Chromium and read back with poppler.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../scripts/build.ts';
import { letters, pageTexts, regionText } from './helpers/pdf-text.ts';
import { pdfInfo } from './helpers/poppler.ts';
import { fixtureZines } from './helpers/fixtures.ts';

const zine = 'avant-la-reunion';
const outputDir = mkdtempSync(join(tmpdir(), 'zinepress-checklist-'));
const reading = join(outputDir, zine, `${zine}.pdf`);
const minizine = join(outputDir, zine, `${zine}-minizine.pdf`);
let pages: string[];

beforeAll(async () => {
  await build({ zines: [zine], contentDir: fixtureZines, outputDir });
  pages = pageTexts(reading);
});

/** The same letters in any order: text turned 180° may come out of pdftotext in another order. */
const sortedLetters = (text: string) => [...letters(text)].sort().join('');

describe('the checklist mini-zine', () => {
  it('has 8 A7 reading pages', () => {
    const info = pdfInfo(reading);
    expect(info.pages).toBe(8);
    expect(info.sizes[0]!.widthPt).toBeCloseTo((74 / 25.4) * 72, 0);
    expect(info.sizes[0]!.heightPt).toBeCloseTo((105 / 25.4) * 72, 0);
  });

  it('puts the pages on one A4 landscape side: top row 5 4 3 2 turned, bottom row 6 7 8 1', () => {
    const info = pdfInfo(minizine);
    expect(info.pages).toBe(1);
    const { widthPt, heightPt } = info.sizes[0]!;
    expect(widthPt).toBeCloseTo(841.89, 0);
    expect(heightPt).toBeCloseTo(595.28, 0);
    const cellWidth = widthPt / 4;
    const cellHeight = heightPt / 2;
    const rows = [
      { y: 0, pages: [5, 4, 3, 2], turned: true },
      { y: cellHeight, pages: [6, 7, 8, 1], turned: false },
    ];
    for (const row of rows) {
      row.pages.forEach((page, column) => {
        const text = regionText(minizine, 1, { x: column * cellWidth + 2, y: row.y + 2, width: cellWidth - 4, height: cellHeight - 4 });
        const expected = pages[page - 1]!;
        const where = `cell ${column + 1} of the ${row.turned ? 'top' : 'bottom'} row`;
        if (row.turned) expect(sortedLetters(text), where).toBe(sortedLetters(expected));
        else expect(letters(text), where).toBe(letters(expected));
      });
    }
  });

  it('writes how to print it, cut and fold it, in French', () => {
    const text = readFileSync(join(outputDir, zine, `${zine}-print.txt`), 'utf8');
    expect(text).toMatch(/une feuille A4, imprimée d’un seul côté/);
    expect(text).toMatch(/taille réelle \(100\u00a0%\)/);
    expect(text).toMatch(/coupez/);
  });
});
