// Tête-bêche booklets: the order of the two texts, the geometry of the turned
// pages, and real booklets read back with poppler and pdfjs-dist.

import { execFileSync } from 'node:child_process';
import { PDFDocument, degrees } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { bookletSideSize, sidePlacements } from '../../scripts/impose/booklet.ts';
import {
  bookletSides,
  teteBecheHalf,
  teteBecheOrder,
  teteBecheSides,
  type Duplex,
  type Side,
  type Slot,
} from '../../scripts/impose/order.ts';
import { PAPER_SIZES, mmToPt } from '../../scripts/impose/paper.ts';
import { imposeTeteBeche, type TeteBecheOptions } from '../../scripts/impose/tete-beche.ts';
import { textRunsByPage, type TextRun } from '../helpers/pdfjs-text.ts';
import { pdfInfo, textInRegions, writeTempPdf } from '../helpers/poppler.ts';
import { makeReadingPdf } from '../helpers/reading-pdf.ts';
import { physicalHalves, readFolded, type PrintedHalf } from './oracles.ts';

const A5 = PAPER_SIZES.A5;
/** A sheet two A5 pages wide: no gutter, so every page sits against the spine. */
const TWO_A5 = { widthPt: 2 * A5.widthPt, heightPt: A5.heightPt };

/** Every pair of page counts from 1 to 20: equal, unequal, odd, even. */
const PAIRS = Array.from({ length: 20 }, (_, i) => Array.from({ length: 20 }, (_, j) => [i + 1, j + 1] as const)).flat();
const DUPLEXES = ['short-edge', 'long-edge'] as const;

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** A slot as the label its page shows ("A 3", "B 1"), null for a blank. */
const labelOf = (slot: Pick<Slot, 'page' | 'source'>) => (slot.page === null ? null : `${slot.source!.toUpperCase()} ${slot.page}`);

/** What the model says each half of the output page shows, upright or not: the oracle's input. */
const printedSides = (sides: Side[]) =>
  sides.map((side) =>
    physicalHalves(side).map((slot): PrintedHalf | null =>
      slot.page === null ? null : { label: labelOf(slot)!, upright: slot.rotated === (slot.turned ?? false) },
    ) as [PrintedHalf | null, PrintedHalf | null],
  );

/** A folded tête-bêche booklet read from one cover: its text upright, the blanks, the other text backwards, upside down. */
function expectedReading(own: string, pages: number, other: string, otherPages: number, total: number) {
  return [
    ...range(pages).map((page) => ({ label: `${own} ${page}`, upright: true })),
    ...Array<null>(total - pages - otherPages).fill(null),
    ...range(otherPages).reverse().map((page) => ({ label: `${other} ${page}`, upright: false })),
  ];
}

describe('teteBecheOrder', () => {
  it('lays out 5 pages of A and 3 of B: A forward, B backwards and turned, the blanks in the middle', () => {
    const order = teteBecheOrder(5, 3).map((position) => labelOf(position) ?? '–');
    expect(order).toEqual(['A 1', 'A 2', 'A 3', 'A 4', 'A 5', '–', '–', '–', '–', 'B 3', 'B 2', 'B 1']);
  });

  it('holds each page of each text once, in its own half, for 1 to 20 pages each', () => {
    for (const [a, b] of PAIRS) {
      const half = teteBecheHalf(a, b);
      const order = teteBecheOrder(a, b);
      expect(half).toBe(2 * Math.ceil(Math.max(a, b) / 2));
      expect(order).toHaveLength(2 * half);
      expect((2 * half) % 4).toBe(0);
      // Position p (1-based) from A's front cover.
      order.forEach((position, index) => {
        const p = index + 1;
        // Each text keeps to its own half: neither crosses the centre fold.
        expect(position.source).toBe(p <= half ? 'a' : 'b');
        expect(position.turned).toBe(position.source === 'b');
        // A reads forward from position 1, B backwards from position 2H; the blanks are all in between.
        if (p <= a) expect(position.page).toBe(p);
        else if (p > 2 * half - b) expect(position.page).toBe(2 * half - p + 1);
        else expect(position.page).toBeNull();
      });
      const pagesOf = (source: 'a' | 'b') =>
        order.flatMap((position) => (position.source === source && position.page !== null ? [position.page] : []));
      expect(pagesOf('a')).toEqual(range(a));
      expect(pagesOf('b')).toEqual(range(b).reverse());
    }
  });

  it('refuses page counts below 1', () => {
    expect(() => teteBecheOrder(0, 4)).toThrow(RangeError);
    expect(() => teteBecheOrder(4, 2.5)).toThrow(RangeError);
  });
});

describe('teteBecheSides', () => {
  it.each(DUPLEXES)('puts each page of each text on the sheet positions of a booklet of 2H pages (%s)', (duplex) => {
    for (const [a, b] of PAIRS) {
      const half = teteBecheHalf(a, b);
      const sides = teteBecheSides(a, b, { duplex, paperThicknessMm: 0.1 });
      const order = teteBecheOrder(a, b);
      // A booklet of 2H pages with no blanks puts page p at padded position p: the same sheet positions.
      const positions = bookletSides(2 * half, { duplex, paperThicknessMm: 0.1 });
      expect(sides).toHaveLength(half);
      expect(new Set(sides.map((side) => side.sheet)).size).toBe(half / 2);
      sides.forEach((side, index) => {
        for (const at of ['left', 'right'] as const) {
          const { page: position, ...placement } = positions[index]![at];
          expect(side[at]).toEqual({ ...order[position! - 1], ...placement });
        }
      });
    }
  });

  it.each(DUPLEXES)('turns B’s pages in place and, for long-edge, every back side as a whole (%s)', (duplex) => {
    for (const [a, b] of PAIRS) {
      for (const side of teteBecheSides(a, b, { duplex })) {
        for (const slot of [side.left, side.right]) {
          expect(slot.rotated).toBe(duplex === 'long-edge' && side.face === 'back');
          expect(slot.turned).toBe(slot.source === 'b');
        }
      }
    }
  });

  it.each(DUPLEXES)('folds into A 1…A a from one cover and B 1…B b from the other (%s)', (duplex) => {
    for (const [a, b] of PAIRS) {
      const printed = printedSides(teteBecheSides(a, b, { duplex }));
      const total = 2 * teteBecheHalf(a, b);
      expect(readFolded(printed, duplex)).toEqual(expectedReading('A', a, 'B', b, total));
      expect(readFolded(printed, duplex, { turnedOver: true })).toEqual(expectedReading('B', b, 'A', a, total));
    }
  });

  it('moves both pages of sheet i by i·t toward the spine, whichever text they hold', () => {
    for (const side of teteBecheSides(20, 13, { paperThicknessMm: 0.25 })) {
      expect(side.left.creepMm).toBeCloseTo(side.sheet * 0.25, 9);
      expect(side.right.creepMm).toBeCloseTo(side.sheet * 0.25, 9);
    }
    expect(() => teteBecheSides(4, 4, { paperThicknessMm: -0.1 })).toThrow(RangeError);
  });
});

describe('sidePlacements, turned pages', () => {
  const papers = [TWO_A5, PAPER_SIZES.A4, PAPER_SIZES.Letter, PAPER_SIZES.A3];
  const pairs = [[1, 1], [2, 5], [7, 3], [12, 12], [20, 17]] as const;

  it.each(DUPLEXES)('turns B’s pages in place: same half, same rectangle, same creep shift; the turns cancel on long-edge backs (%s)', (duplex) => {
    for (const paper of papers) {
      const size = bookletSideSize(paper);
      const spine = size.widthPt / 2;
      const gutter = (spine - A5.widthPt * Math.min(1, spine / A5.widthPt, size.heightPt / A5.heightPt)) / 2;
      for (const [a, b] of pairs) {
        for (const side of teteBecheSides(a, b, { duplex, paperThicknessMm: 0.3 })) {
          const placements = sidePlacements(side, size, () => A5);
          // The same side with nothing turned in place: where each page would be drawn upright.
          const unturned = sidePlacements(
            { ...side, left: { ...side.left, turned: false }, right: { ...side.right, turned: false } },
            size,
            () => A5,
          );
          const [leftHalf, rightHalf] = physicalHalves(side);
          expect(placements).toHaveLength([leftHalf, rightHalf].filter((slot) => slot.page !== null).length);
          placements.forEach((placement, index) => {
            const onLeft = placement.clip.xPt === 0;
            const slot = onLeft ? leftHalf : rightHalf;
            expect([placement.source, placement.page]).toEqual([slot.source, slot.page]);
            expect(placement.pageRect).toEqual(unturned[index]!.pageRect);
            expect(placement.clip).toEqual(unturned[index]!.clip);
            expect(placement.rotateDeg).toBe(slot.rotated !== slot.turned ? 180 : 0);
            // drawPage's origin is the bottom-left corner upright, the top-right corner turned.
            const rect = placement.pageRect;
            expect(placement.xPt).toBeCloseTo(rect.xPt + (placement.rotateDeg ? rect.widthPt : 0), 9);
            expect(placement.yPt).toBeCloseTo(rect.yPt + (placement.rotateDeg ? rect.heightPt : 0), 9);
            const inner = onLeft ? spine - (rect.xPt + rect.widthPt) : rect.xPt - spine;
            expect(inner).toBeCloseTo(gutter - mmToPt(side.sheet * 0.3), 6);
          });
        }
      }
    }
  });

  it('names no source for the booklet’s own placements', () => {
    for (const side of bookletSides(8)) {
      for (const placement of sidePlacements(side, bookletSideSize('A4'), () => A5)) expect(placement).not.toHaveProperty('source');
    }
  });
});

const readingCache = new Map<string, Promise<Uint8Array>>();
/** A reading PDF of n pages labelled "A 1"…, or "B 1"…, made once. */
const reading = (text: 'A' | 'B', n: number) => {
  const key = `${text} ${n}`;
  if (!readingCache.has(key)) readingCache.set(key, makeReadingPdf(n, { labelPrefix: text }));
  return readingCache.get(key)!;
};

/** imposeTeteBeche of a pages of A and b of B, on TWO_A5 unless a paper is given. */
const impose = async (a: number, b: number, options: TeteBecheOptions = {}) =>
  imposeTeteBeche(await reading('A', a), await reading('B', b), { paper: TWO_A5, ...options });

/** Each half of each output page as pdfjs reads it: its label, upright when the text matrix is not turned. */
function halvesFromRuns(runs: TextRun[][], widthPt: number): [PrintedHalf | null, PrintedHalf | null][] {
  return runs.map((sideRuns) => {
    const halves: [PrintedHalf | null, PrintedHalf | null] = [null, null];
    for (const run of sideRuns) {
      const [a, b, c, d, x] = run.transform as [number, number, number, number, number];
      // Upright is [s 0 0 s], turned 180° is [−s 0 0 −s]: nothing else is drawn.
      expect(Math.abs(b) + Math.abs(c)).toBeLessThan(1e-9);
      expect(Math.sign(a)).toBe(Math.sign(d));
      const half = x < widthPt / 2 ? 0 : 1;
      expect(halves[half], `one label per half: ${run.str}`).toBeNull();
      halves[half] = { label: run.str.trim(), upright: a > 0 };
    }
    return halves;
  });
}

/** The labels of the left and right halves of every side, from one `pdftotext -bbox` run. */
function halvesFromBbox(path: string, widthPt: number, heightPt: number): string[][] {
  const half = widthPt / 2;
  return textInRegions(path, () => [0, half].map((x) => ({ x, y: 0, width: half, height: heightPt })));
}

/** A side written for reading: "B 1 ↓" for a page drawn upside down, "" for a blank. */
const show = (halves: (PrintedHalf | null)[]) => halves.map((half) => (half === null ? '' : `${half.label}${half.upright ? '' : ' ↓'}`));

describe.each(DUPLEXES)('imposeTeteBeche, %s duplex', (duplex: Duplex) => {
  const pairs = [[1, 1], [1, 2], [2, 1], [3, 3], [4, 4], [5, 3], [3, 5], [6, 9], [12, 7], [20, 19]] as const;

  it.each(pairs)('imposes A of %i pages and B of %i: each page once, in its half, B upside down', async (a, b) => {
    const bytes = await impose(a, b, { duplex });
    const path = writeTempPdf(bytes, `tete-beche-${a}-${b}-${duplex}`);
    const half = teteBecheHalf(a, b);
    const info = pdfInfo(path);
    expect(info.pages).toBe(half);
    for (const size of info.sizes) {
      expect(size.widthPt).toBeCloseTo(TWO_A5.widthPt, 2);
      expect(size.heightPt).toBeCloseTo(TWO_A5.heightPt, 2);
    }
    const expected = printedSides(teteBecheSides(a, b, { duplex }));
    // poppler: which label is in which half.
    expect(halvesFromBbox(path, TWO_A5.widthPt, TWO_A5.heightPt)).toEqual(expected.map((side) => side.map((h) => h?.label ?? '')));
    // pdfjs: the same, and which way up.
    const printed = halvesFromRuns(await textRunsByPage(bytes), TWO_A5.widthPt);
    expect(printed).toEqual(expected);
    // Folded, the real sheets read A 1…A a from A's cover and B 1…B b from B's.
    expect(readFolded(printed, duplex)).toEqual(expectedReading('A', a, 'B', b, 2 * half));
    expect(readFolded(printed, duplex, { turnedOver: true })).toEqual(expectedReading('B', b, 'A', a, 2 * half));
  });
});

describe('imposeTeteBeche, hand-checked layouts', () => {
  it('prints 5 pages of A and 3 of B on 3 sheets, B upside down, the blanks inside', async () => {
    const runs = await textRunsByPage(await impose(5, 3));
    expect(halvesFromRuns(runs, TWO_A5.widthPt).map(show)).toEqual([
      ['B 1 ↓', 'A 1'],
      ['A 2', 'B 2 ↓'],
      ['B 3 ↓', 'A 3'],
      ['A 4', ''],
      ['', 'A 5'],
      ['', ''],
    ]);
  });

  it('turns long-edge backs as a whole: there B’s pages come out upright, A’s upside down, halves swapped', async () => {
    const runs = await textRunsByPage(await impose(5, 3, { duplex: 'long-edge' }));
    expect(halvesFromRuns(runs, TWO_A5.widthPt).map(show)).toEqual([
      ['B 1 ↓', 'A 1'],
      ['B 2', 'A 2 ↓'],
      ['B 3 ↓', 'A 3'],
      ['', 'A 4 ↓'],
      ['', 'A 5'],
      ['', ''],
    ]);
  });

  it('uses the chosen paper, A4 by default', async () => {
    for (const paper of [undefined, 'A4' as const, PAPER_SIZES.A4]) {
      const info = pdfInfo(writeTempPdf(await imposeTeteBeche(await reading('A', 2), await reading('B', 2), { paper }), 'tete-beche-a4'));
      expect(info.sizes[0]!.widthPt).toBeCloseTo(PAPER_SIZES.A4.heightPt, 2);
      expect(info.sizes[0]!.heightPt).toBeCloseTo(PAPER_SIZES.A4.widthPt, 2);
    }
  });
});

describe('imposeTeteBeche, creep', () => {
  it.each(DUPLEXES)('moves both pages of sheet i by i·t toward the spine, upright or upside down (%s)', async (duplex) => {
    const [a, b, t] = [14, 11, 0.1];
    const withCreep = await textRunsByPage(await impose(a, b, { duplex, paperThicknessMm: t }));
    const without = await textRunsByPage(await impose(a, b, { duplex, paperThicknessMm: 0 }));
    const spine = A5.widthPt;
    teteBecheSides(a, b, { duplex }).forEach((side, index) => {
      const [leftHalf, rightHalf] = physicalHalves(side);
      for (const [slot, towardSpine] of [[leftHalf, 1], [rightHalf, -1]] as const) {
        if (slot.page === null) continue;
        const run = (runs: TextRun[][]) => runs[index]!.find((r) => r.str.trim() === labelOf(slot))!;
        const shift = run(withCreep).transform[4]! - run(without).transform[4]!;
        expect(Math.abs(shift - towardSpine * mmToPt(side.sheet * t))).toBeLessThan(0.05);
        expect(run(withCreep).transform[5]).toBeCloseTo(run(without).transform[5]!, 6);
        expect(Math.sign(run(withCreep).transform[4]! - spine)).toBe(towardSpine === 1 ? -1 : 1);
      }
    });
  });
});

describe('imposeTeteBeche, refusals', () => {
  it('refuses two texts of different trims, and says what to do', async () => {
    const small = await makeReadingPdf(3, { labelPrefix: 'B', widthPt: PAPER_SIZES.A6.widthPt, heightPt: PAPER_SIZES.A6.heightPt });
    const refusal = imposeTeteBeche(await reading('A', 4), small);
    await expect(refusal).rejects.toBeInstanceOf(RangeError);
    await expect(refusal).rejects.toThrow(
      'a tête-bêche booklet needs one trim for both texts: page 1 of A is 148 × 210 mm, page 1 of B is 105 × 148 mm; ' +
        'render both with the same `trim` in their front matter',
    );
  });

  it('refuses a page carrying a /Rotate, and says which text it is in', async () => {
    const doc = await PDFDocument.load(await reading('B', 3));
    doc.getPage(1).setRotation(degrees(90));
    await expect(imposeTeteBeche(await reading('A', 3), await doc.save())).rejects.toThrow(/reading page 2 of B has a \/Rotate of 90°/);
  });

  it('refuses a text without pages', async () => {
    const empty = await (await PDFDocument.create()).save({ addDefaultPage: false });
    await expect(imposeTeteBeche(await reading('A', 3), empty)).rejects.toThrow('the reading PDF of B has no pages');
    await expect(imposeTeteBeche(empty, await reading('B', 3))).rejects.toThrow('the reading PDF of A has no pages');
  });
});

describe('imposeTeteBeche, bytes', () => {
  it('embeds each page of each text once: the booklet is at most 1.2 × the two reading PDFs', async () => {
    const a = await makeReadingPdf(24, { labelPrefix: 'A', bodyLines: 30, sharedImageBytes: 40_000 });
    const b = await makeReadingPdf(19, { labelPrefix: 'B', bodyLines: 30, sharedImageBytes: 40_000 });
    const booklet = await imposeTeteBeche(a, b, { paper: TWO_A5, duplex: 'long-edge' });
    expect(booklet.length).toBeLessThanOrEqual(1.2 * (a.length + b.length));
  });

  it('is reproducible, carries no producer, creator or dates, and passes qpdf --check', async () => {
    const first = await impose(7, 6);
    expect(Buffer.from(first).equals(Buffer.from(await impose(7, 6)))).toBe(true);
    const path = writeTempPdf(first, 'tete-beche-metadata');
    expect(execFileSync('pdfinfo', [path], { encoding: 'utf8' })).not.toMatch(/^(Producer|Creator|CreationDate|ModDate):/m);
    execFileSync('qpdf', ['--check', path], { encoding: 'utf8' });
  });
});
