// Mini-zines imposed for real, read back with poppler and pdfjs-dist.

import { describe, expect, it } from 'vitest';
import { imposeMinizine } from '../../scripts/impose/minizine.ts';
import { PAPER_SIZES, landscape } from '../../scripts/impose/paper.ts';
import { textRunsByPage } from '../helpers/pdfjs-text.ts';
import { pdfInfo, rasterGray, textInRegion, textInRegions, writeTempPdf } from '../helpers/poppler.ts';
import { makeReadingPdf } from '../helpers/reading-pdf.ts';

const A4 = landscape(PAPER_SIZES.A4);
// Positions in the folded zine, left to right, as docs/printing.md lays them out.
const TOP = [5, 4, 3, 2];
const BOTTOM = [6, 7, 8, 1];

/** Page at a padded position of an n-page mini-zine, blanks before the back cover (independent of order.ts). */
const pageAt = (n: number, position: number) =>
  n === 1 ? (position === 1 ? 1 : null) : position === 8 ? n : position < n ? position : null;

/** Text of the 8 cells, top row then bottom row, left to right (pdftotext measures y from the top). */
function cellsText(path: string, sheet = A4): Promise<string[]> {
  const w = sheet.widthPt / 4;
  const h = sheet.heightPt / 2;
  return Promise.all(
    [0, h].flatMap((y) => [0, 1, 2, 3].map((c) => textInRegion(path, 1, { x: c * w, y, width: w, height: h }))),
  );
}

/** The same cells from one `pdftotext -bbox` run. */
function cellsFromBbox(path: string, sheet = A4): string[] {
  const w = sheet.widthPt / 4;
  const h = sheet.heightPt / 2;
  const regions = [0, h].flatMap((y) => [0, 1, 2, 3].map((c) => ({ x: c * w, y, width: w, height: h })));
  return textInRegions(path, () => regions)[0]!;
}

describe('imposeMinizine', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('lays out %i pages on one side, pages 2–5 upside down', async (n) => {
    const bytes = await imposeMinizine(await makeReadingPdf(n));
    const path = writeTempPdf(bytes, `minizine-${n}`);
    const info = pdfInfo(path);
    expect(info.pages).toBe(1);
    expect(info.sizes[0]!.widthPt).toBeCloseTo(A4.widthPt, 2);
    expect(info.sizes[0]!.heightPt).toBeCloseTo(A4.heightPt, 2);
    const expected = [...TOP, ...BOTTOM].map((position) => {
      const page = pageAt(n, position);
      return page === null ? '' : `PAGE ${page}`;
    });
    expect(cellsFromBbox(path)).toEqual(expected);

    // Only the top row, positions 5, 4, 3, 2, is turned; column pairs are (5,6) (4,7) (3,8) (2,1).
    const [runs] = await textRunsByPage(bytes);
    const turnedPositions = new Set(
      TOP.map((position) => pageAt(n, position)).filter((page): page is number => page !== null),
    );
    for (const run of runs!) {
      const page = Number(run.str.trim().replace('PAGE ', ''));
      const [a, , , d] = run.transform;
      const turned = turnedPositions.has(page);
      expect(Math.sign(a!)).toBe(turned ? -1 : 1);
      expect(Math.sign(d!)).toBe(turned ? -1 : 1);
    }
    expect(runs).toHaveLength(n);
  });

  it('appends the blanks when asked', async () => {
    const path = writeTempPdf(await imposeMinizine(await makeReadingPdf(5), { blanks: 'end' }), 'minizine-end');
    expect(await cellsText(path)).toEqual(['PAGE 5', 'PAGE 4', 'PAGE 3', 'PAGE 2', '', '', '', 'PAGE 1']);
  });

  it('says how many pages too many past 8', async () => {
    await expect(imposeMinizine(await makeReadingPdf(9))).rejects.toThrow(
      '9 pages: 1 too many for a mini-zine (at most 8)',
    );
    await expect(imposeMinizine(await makeReadingPdf(9))).rejects.toBeInstanceOf(RangeError);
  });

  it('uses the chosen paper, landscape', async () => {
    const letter = landscape(PAPER_SIZES.Letter);
    const path = writeTempPdf(await imposeMinizine(await makeReadingPdf(8), { paper: 'Letter' }), 'minizine-letter');
    const size = pdfInfo(path).sizes[0]!;
    expect(size.widthPt).toBeCloseTo(letter.widthPt, 2);
    expect(size.heightPt).toBeCloseTo(letter.heightPt, 2);
    expect(await cellsText(path, letter)).toEqual(
      [...TOP, ...BOTTOM].map((position) => `PAGE ${position}`),
    );
  });

  it('draws fold and cut marks only at the edges and cut ends when asked', async () => {
    const source = await makeReadingPdf(8);
    const plain = rasterGray(writeTempPdf(await imposeMinizine(source, { guides: false }), 'minizine-plain'), 1);
    const guided = rasterGray(writeTempPdf(await imposeMinizine(source, { guides: true }), 'minizine-guides'), 1);
    let changed = 0;
    const w = guided.width;
    const h = guided.height;
    const nearMark = (x: number, y: number) =>
      y < 20 || y >= h - 20 || ((x < 20 || x >= w - 20 || Math.abs(x - w / 4) < 15 || Math.abs(x - (3 * w) / 4) < 15) && Math.abs(y - h / 2) < 3);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        if (guided.at(x, y) !== plain.at(x, y)) {
          changed++;
          expect(nearMark(x, y), `pixel ${x},${y} changed away from the marks`).toBe(true);
        }
      }
    }
    expect(changed).toBeGreaterThan(20);
  });
});
