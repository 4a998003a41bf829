// Tête-bêche booklets: the order of the two texts, the geometry of the turned
// pages, and real booklets read back with poppler and pdfjs-dist.

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
