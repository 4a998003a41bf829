// Booklets imposed for real, read back with poppler and pdfjs-dist.

import { execFileSync } from 'node:child_process';
import { PDFArray, PDFDocument, PDFName, PDFRawStream, degrees } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { imposeBooklet, type BookletOptions } from '../../scripts/impose/booklet.ts';
import { bookletSides, type Duplex } from '../../scripts/impose/order.ts';
import { PAPER_SIZES, landscape, mmToPt } from '../../scripts/impose/paper.ts';
import { textRunsByPage, type TextRun } from '../helpers/pdfjs-text.ts';
import { pdfInfo, rasterGray, textInRegion, textInRegions, wordsByPage, writeTempPdf } from '../helpers/poppler.ts';
import { makeReadingPdf } from '../helpers/reading-pdf.ts';
import { physicalHalves } from './oracles.ts';

const A5 = PAPER_SIZES.A5;
/** A sheet two A5 pages wide: no gutter, so every page sits against the spine. */
const TWO_A5 = { widthPt: 2 * A5.widthPt, heightPt: A5.heightPt };
const COUNTS = [1, 2, 3, 4, 5, 7, 8, 13, 16, 20, 40];

const readingCache = new Map<number, Promise<Uint8Array>>();
const reading = (n: number) => {
  if (!readingCache.has(n)) readingCache.set(n, makeReadingPdf(n));
  return readingCache.get(n)!;
};

/** imposeBooklet on TWO_A5 unless a paper is given: the layouts below are checked on it. */
const impose = (source: Uint8Array, options: BookletOptions = {}) => imposeBooklet(source, { paper: TWO_A5, ...options });

/** The text of the left and right halves of every side, as pdftotext finds it. */
function halvesText(path: string, sides: number, size: { widthPt: number; heightPt: number }): Promise<string[][]> {
  const half = size.widthPt / 2;
  return Promise.all(
    Array.from({ length: sides }, (_, index) =>
      Promise.all([0, half].map((x) => textInRegion(path, index + 1, { x, y: 0, width: half, height: size.heightPt }))),
    ),
  );
}

/** The same halves from a single `pdftotext -bbox` run: words sorted by x, joined (fine for one-line labels). */
function halvesFromBbox(path: string, size: { widthPt: number; heightPt: number }): string[][] {
  const half = size.widthPt / 2;
  return textInRegions(path, () => [0, half].map((x) => ({ x, y: 0, width: half, height: size.heightPt })));
}

const label = (page: number | null) => (page === null ? '' : `PAGE ${page}`);

/** The run showing "PAGE k" on a side. */
const runOf = (runs: TextRun[], page: number) => runs.find((run) => run.str.trim() === `PAGE ${page}`);

describe.each(['short-edge', 'long-edge'] as const)('imposeBooklet, %s duplex', (duplex: Duplex) => {
  it.each(COUNTS)('places each of %i pages once, in its half, turned as the duplex needs', async (n) => {
    const bytes = await impose(await reading(n), { duplex });
    const path = writeTempPdf(bytes, `booklet-${n}-${duplex}`);
    const N = 4 * Math.ceil(n / 4);
    const info = pdfInfo(path);
    expect(info.pages).toBe(N / 2);
    for (const size of info.sizes) {
      expect(size.widthPt).toBeCloseTo(2 * A5.widthPt, 2);
      expect(size.heightPt).toBeCloseTo(A5.heightPt, 2);
    }
    const sides = bookletSides(n, { duplex });
    const expected = sides.map((side) => physicalHalves(side).map((slot) => label(slot.page)));
    // One poppler run per file here; the hand-checked layouts below crop each half with -x -y -W -H.
    expect(halvesFromBbox(path, info.sizes[0]!)).toEqual(expected);

    // Turned text has a matrix with a < 0 and d < 0; only long-edge backs may have it.
    const runs = await textRunsByPage(bytes);
    runs.forEach((sideRuns, index) => {
      const turned = duplex === 'long-edge' && index % 2 === 1;
      for (const run of sideRuns) {
        const [a, , , d] = run.transform;
        expect(Math.sign(a!)).toBe(turned ? -1 : 1);
        expect(Math.sign(d!)).toBe(turned ? -1 : 1);
      }
    });
    const seen = runs.flat().map((run) => run.str.trim()).sort();
    expect(seen).toEqual(Array.from({ length: n }, (_, i) => `PAGE ${i + 1}`).sort());
  });
});

describe('imposeBooklet, hand-checked layouts', () => {
  it('prints a 7-page zine with the back cover on sheet 1 and a blank behind page 1', async () => {
    const path = writeTempPdf(await impose(await reading(7)), 'seven');
    expect(await halvesText(path, 4, { widthPt: 2 * A5.widthPt, heightPt: A5.heightPt })).toEqual([
      ['PAGE 7', 'PAGE 1'],
      ['PAGE 2', ''],
      ['PAGE 6', 'PAGE 3'],
      ['PAGE 4', 'PAGE 5'],
    ]);
  });

  it('turns long-edge backs as a whole: the reader’s left page lands in the right half', async () => {
    const path = writeTempPdf(await impose(await reading(8), { duplex: 'long-edge' }), 'eight-long');
    expect(await halvesText(path, 4, { widthPt: 2 * A5.widthPt, heightPt: A5.heightPt })).toEqual([
      ['PAGE 8', 'PAGE 1'],
      ['PAGE 7', 'PAGE 2'],
      ['PAGE 6', 'PAGE 3'],
      ['PAGE 5', 'PAGE 4'],
    ]);
  });

  it('mirrors the sides for right-to-left binding', async () => {
    const path = writeTempPdf(await impose(await reading(8), { binding: 'right' }), 'eight-rtl');
    expect(await halvesText(path, 4, { widthPt: 2 * A5.widthPt, heightPt: A5.heightPt })).toEqual([
      ['PAGE 1', 'PAGE 8'],
      ['PAGE 7', 'PAGE 2'],
      ['PAGE 3', 'PAGE 6'],
      ['PAGE 5', 'PAGE 4'],
    ]);
  });

  it('appends the blanks at the end when asked', async () => {
    const path = writeTempPdf(await impose(await reading(5), { blanks: 'end' }), 'five-end');
    expect(await halvesText(path, 4, { widthPt: 2 * A5.widthPt, heightPt: A5.heightPt })).toEqual([
      ['', 'PAGE 1'],
      ['PAGE 2', ''],
      ['', 'PAGE 3'],
      ['PAGE 4', 'PAGE 5'],
    ]);
  });

  it('imposes each signature on its own', async () => {
    const path = writeTempPdf(await impose(await reading(20), { signaturePages: 8 }), 'signatures');
    expect(await halvesText(path, 10, { widthPt: 2 * A5.widthPt, heightPt: A5.heightPt })).toEqual([
      ['PAGE 8', 'PAGE 1'], ['PAGE 2', 'PAGE 7'], ['PAGE 6', 'PAGE 3'], ['PAGE 4', 'PAGE 5'],
      ['PAGE 16', 'PAGE 9'], ['PAGE 10', 'PAGE 15'], ['PAGE 14', 'PAGE 11'], ['PAGE 12', 'PAGE 13'],
      ['PAGE 20', 'PAGE 17'], ['PAGE 18', 'PAGE 19'],
    ]);
  });
});

describe('imposeBooklet, paper', () => {
  it('uses the chosen paper, A4 by default, landscape whatever its orientation', async () => {
    for (const paper of [undefined, PAPER_SIZES.A4, 'A4' as const, landscape(PAPER_SIZES.A4)]) {
      const info = pdfInfo(writeTempPdf(await imposeBooklet(await reading(4), { paper }), 'a4'));
      for (const size of info.sizes) {
        expect(size.widthPt).toBeCloseTo(PAPER_SIZES.A4.heightPt, 2);
        expect(size.heightPt).toBeCloseTo(PAPER_SIZES.A4.widthPt, 2);
      }
    }
  });

  it('scales A5 pages down onto Letter and keeps them in their halves', async () => {
    const path = writeTempPdf(await impose(await reading(4), { paper: PAPER_SIZES.Letter }), 'letter');
    const info = pdfInfo(path);
    expect(info.sizes[0]!.widthPt).toBeCloseTo(792, 2);
    expect(info.sizes[0]!.heightPt).toBeCloseTo(612, 2);
    expect(await halvesText(path, 2, info.sizes[0]!)).toEqual([
      ['PAGE 4', 'PAGE 1'],
      ['PAGE 2', 'PAGE 3'],
    ]);
  });

  it('centres smaller pages in their halves: the gutter is half the room left', async () => {
    const small = await makeReadingPdf(4, PAPER_SIZES.A6);
    const readingX = wordsByPage(writeTempPdf(small, 'a6'))[0]![0]!.xMin;
    const path = writeTempPdf(await impose(small, { paper: 'A4', paperThicknessMm: 0 }), 'a6-on-a4');
    const side = landscape(PAPER_SIZES.A4);
    const gutter = (side.widthPt / 2 - PAPER_SIZES.A6.widthPt) / 2;
    const [left, right] = wordsByPage(path)[0]!.filter((word) => word.text === 'PAGE');
    expect(left!.xMin).toBeCloseTo(gutter + readingX, 1);
    expect(right!.xMin).toBeCloseTo(side.widthPt / 2 + gutter + readingX, 1);
  });
});

describe('imposeBooklet, creep', () => {
  it.each(['short-edge', 'long-edge'] as const)(
    'moves both pages of sheet i by i·t toward the spine (%s)',
    async (duplex) => {
      const n = 20;
      const t = 0.1;
      const withCreep = await textRunsByPage(await impose(await reading(n), { duplex, paperThicknessMm: t }));
      const without = await textRunsByPage(await impose(await reading(n), { duplex, paperThicknessMm: 0 }));
      const spine = A5.widthPt;
      const sides = bookletSides(n, { duplex });
      sides.forEach((side, index) => {
        const [leftHalf, rightHalf] = physicalHalves(side);
        for (const [slot, towardSpine] of [[leftHalf, 1], [rightHalf, -1]] as const) {
          if (slot.page === null) continue;
          const shifted = runOf(withCreep[index]!, slot.page)!;
          const plain = runOf(without[index]!, slot.page)!;
          const shift = shifted.transform[4]! - plain.transform[4]!;
          expect(Math.abs(shift - towardSpine * mmToPt(side.sheet * t))).toBeLessThan(0.05);
          expect(shifted.transform[5]).toBeCloseTo(plain.transform[5]!, 6);
          // The label stays in its half.
          expect(Math.sign(shifted.transform[4]! - spine)).toBe(towardSpine === 1 ? -1 : 1);
        }
      });
    },
  );

  it('restarts creep at the first sheet of each signature', async () => {
    const withCreep = await textRunsByPage(await impose(await reading(20), { signaturePages: 8, paperThicknessMm: 0.5 }));
    const without = await textRunsByPage(await impose(await reading(20), { signaturePages: 8, paperThicknessMm: 0 }));
    const x = (runs: TextRun[][], side: number, page: number) => runOf(runs[side]!, page)!.transform[4]!;
    // Side 5 is the front of sheet 2, the outermost sheet of the second signature.
    expect(x(withCreep, 4, 16)).toBeCloseTo(x(without, 4, 16), 6);
    expect(x(withCreep, 6, 14) - x(without, 6, 14)).toBeCloseTo(mmToPt(0.5), 2);
  });

  it('never paints a page across the spine, even when creep exceeds the gutter', async () => {
    // Odd pages are solid black; on TWO_A5 the gutter is 0, so a
    // 2 mm creep would push the right pages of sheet 1 over the spine if unclipped.
    const source = await makeReadingPdf(8, { filled: (page) => page % 2 === 1 });
    const path = writeTempPdf(await impose(source, { paperThicknessMm: 2 }), 'clipped');
    const spine = Math.round(A5.widthPt);
    for (const side of [1, 3, 4]) {
      const raster = rasterGray(path, side);
      const y = Math.round(raster.height / 4);
      // Right half: black (odd page 1, 3 or 5) up to the spine; left half: white (even page) right up to it.
      for (let x = spine - 6; x <= spine - 2; x++) expect(raster.at(x, y)).toBeGreaterThan(250);
      for (let x = spine + 2; x <= spine + 6; x++) expect(raster.at(x, y)).toBeLessThan(5);
    }
  });
});

describe('imposeBooklet, spine gap (docs/printing.md, invariant 6)', () => {
  it.each(['short-edge', 'long-edge'] as const)('leaves 2·(gutter − i·t) of paper at the spine of sheet i, read off the raster (%s)', async (duplex) => {
    // A5 pages on A3: each half is 210 mm wide, so the gutter is (210 − 148) / 2 = 31 mm.
    const t = 1;
    const source = await makeReadingPdf(16, { filled: () => true });
    const path = writeTempPdf(await impose(source, { paper: 'A3', paperThicknessMm: t, duplex }), `spine-gap-${duplex}`);
    const sides = bookletSides(16, { duplex });
    const gutterPt = mmToPt((210 - 148) / 2);
    sides.forEach((side, index) => {
      const raster = rasterGray(path, index + 1);
      const y = Math.round(raster.height / 2);
      const spine = Math.round(raster.width / 2);
      let left = spine;
      while (left > 0 && raster.at(left - 1, y) > 128) left--;
      let right = spine;
      while (right < raster.width - 1 && raster.at(right, y) > 128) right++;
      // 72 dpi: a pixel is a point; a page edge may fall inside a pixel on either side.
      expect(Math.abs(right - left - 2 * (gutterPt - mmToPt(side.sheet * t))), `side ${index + 1}`).toBeLessThanOrEqual(2);
    });
  });
});

describe('imposeBooklet, unusual reading pages', () => {
  it('places pages whose MediaBox does not start at (0, 0) like any other', async () => {
    const shiftedDoc = await PDFDocument.load(await reading(4));
    for (const page of shiftedDoc.getPages()) {
      // Same visible page, described in coordinates moved by (50, 30).
      page.translateContent(50, 30);
      page.setMediaBox(50, 30, A5.widthPt, A5.heightPt);
    }
    const shifted = await textRunsByPage(await impose(await shiftedDoc.save(), { paperThicknessMm: 0 }));
    const plain = await textRunsByPage(await impose(await reading(4), { paperThicknessMm: 0 }));
    expect(shifted.map((runs) => runs.map((run) => run.str))).toEqual(plain.map((runs) => runs.map((run) => run.str)));
    shifted.flat().forEach((run, index) => {
      const reference = plain.flat()[index]!;
      expect(run.transform[4]).toBeCloseTo(reference.transform[4]!, 3);
      expect(run.transform[5]).toBeCloseTo(reference.transform[5]!, 3);
    });
  });

  it('refuses reading pages carrying a /Rotate, rather than imposing them sideways', async () => {
    const doc = await PDFDocument.load(await reading(4));
    doc.getPage(2).setRotation(degrees(90));
    await expect(imposeBooklet(await doc.save())).rejects.toThrow(/reading page 3 has a \/Rotate of 90°/);
  });
});

describe('imposeBooklet, bytes', () => {
  it('embeds each page once: the booklet is at most 1.2 × the reading PDF', async () => {
    const source = await makeReadingPdf(40, { bodyLines: 30, sharedImageBytes: 60_000 });
    const booklet = await impose(source, { duplex: 'long-edge' });
    expect(source.length).toBeGreaterThan(60_000);
    expect(booklet.length).toBeLessThanOrEqual(1.2 * source.length);
  });

  it('keeps each page’s compressed content stream byte for byte as its form, not decoded and compressed again', async () => {
    const source = await reading(13);
    const loaded = await PDFDocument.load(source);
    // Each reading page's one Flate stream (a reference, or an array of one), as it is in the file.
    const pages = loaded.getPages().map((page) => {
      const contents = loaded.context.lookup(page.node.get(PDFName.of('Contents')));
      return loaded.context.lookup(contents instanceof PDFArray && contents.size() === 1 ? contents.get(0) : page.node.get(PDFName.of('Contents'))) as PDFRawStream;
    });
    expect(pages.every((stream) => stream.dict.get(PDFName.of('Filter')) === PDFName.of('FlateDecode'))).toBe(true);
    const booklet = await PDFDocument.load(await impose(source));
    const forms = booklet.context
      .enumerateIndirectObjects()
      .flatMap(([, object]) => (object instanceof PDFRawStream && object.dict.get(PDFName.of('Subtype')) === PDFName.of('Form') ? [Buffer.from(object.contents)] : []));
    expect(forms).toHaveLength(13);
    for (const page of pages) expect(forms.some((form) => form.equals(Buffer.from(page.contents)))).toBe(true);
  });

  it('is reproducible and carries no producer, creator or dates', async () => {
    const source = await reading(13);
    const first = await impose(source);
    const second = await impose(source);
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
    const path = writeTempPdf(first, 'metadata');
    const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
    expect(info).not.toMatch(/^(Producer|Creator|CreationDate|ModDate):/m);
    // qpdf exits non-zero on a damaged file.
    execFileSync('qpdf', ['--check', path], { encoding: 'utf8' });
  });

  it('rejects a signature size that is not a multiple of 4', async () => {
    const options: BookletOptions = { signaturePages: 6 };
    await expect(imposeBooklet(await reading(8), options)).rejects.toThrow(/multiple of 4/);
  });
});
