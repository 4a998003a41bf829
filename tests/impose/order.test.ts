import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bookletSides,
  minizineCells,
  padCount,
  sheetCount,
  signatureSizes,
  type BookletOrderOptions,
  type Side,
} from '../../scripts/impose/order.ts';
import { paddedOrder, physicalHalves } from './oracles.ts';

const options = fc.record({
  blanks: fc.constantFrom('before-back-cover' as const, 'end' as const),
  duplex: fc.constantFrom('short-edge' as const, 'long-edge' as const),
  binding: fc.constantFrom('left' as const, 'right' as const),
  paperThicknessMm: fc.constantFrom(0, 0.05, 0.1, 0.13),
  signaturePages: fc.option(fc.integer({ min: 1, max: 10 }).map((k) => 4 * k), { nil: undefined }),
});
const pageCount = fc.integer({ min: 1, max: 200 });

/** Padded positions as the pages of one chunk, in the reader's frame, left binding. */
const unmirrored = (side: Side, binding: BookletOrderOptions['binding']) =>
  binding === 'right' ? { left: side.right, right: side.left } : { left: side.left, right: side.right };

function readSignature(sheets: { front: ReturnType<typeof unmirrored>; back: ReturnType<typeof unmirrored> }[]) {
  const order: (number | null)[] = [];
  for (const sheet of sheets) order.push(sheet.front.right.page, sheet.back.left.page);
  for (const sheet of [...sheets].reverse()) order.push(sheet.back.right.page, sheet.front.left.page);
  return order;
}

/**
 * Reads a booklet the way a person does: signatures one after the other; in each,
 * the sheets are nested (sheet 0 outside), so reading goes inward on the right
 * halves, then back out on the left halves.
 */
function readBooklet(sides: Side[], opts: BookletOrderOptions, n: number): (number | null)[] {
  const order: (number | null)[] = [];
  let sideIndex = 0;
  for (const size of signatureSizes(padCount(n), opts.signaturePages)) {
    const sheets = [];
    for (let i = 0; i < size / 4; i++, sideIndex += 2) {
      sheets.push({
        front: unmirrored(sides[sideIndex]!, opts.binding),
        back: unmirrored(sides[sideIndex + 1]!, opts.binding),
      });
    }
    order.push(...readSignature(sheets));
  }
  return order;
}

describe('padCount and signatures', () => {
  it('pads to the next multiple of 4', () => {
    expect([1, 2, 3, 4, 5, 8, 9, 13, 16, 17].map((n) => padCount(n))).toEqual([4, 4, 4, 4, 8, 8, 12, 16, 16, 20]);
    expect(sheetCount(20)).toBe(5);
  });

  it('never adds pages for signatures; the last signature is the shorter one', () => {
    expect(padCount(20, 8)).toBe(20);
    expect(signatureSizes(20, 8)).toEqual([8, 8, 4]);
    expect(signatureSizes(16, 8)).toEqual([8, 8]);
    expect(signatureSizes(16)).toEqual([16]);
    fc.assert(
      fc.property(pageCount, fc.integer({ min: 1, max: 12 }), (n, k4) => {
        const sizes = signatureSizes(padCount(n), 4 * k4);
        expect(sizes.reduce((a, b) => a + b, 0)).toBe(padCount(n));
        sizes.forEach((size, index) => {
          expect(size % 4).toBe(0);
          if (index < sizes.length - 1) expect(size).toBe(4 * k4);
          else expect(size).toBeLessThanOrEqual(4 * k4);
        });
      }),
    );
  });

  it('rejects page counts below 1 and signatures that are not multiples of 4', () => {
    expect(() => padCount(0)).toThrow(RangeError);
    expect(() => padCount(2.5)).toThrow(RangeError);
    expect(() => padCount(8, 6)).toThrow(/multiple of 4, got 6/);
    expect(() => bookletSides(8, { signaturePages: 0 })).toThrow(RangeError);
    expect(() => bookletSides(8, { paperThicknessMm: -1 })).toThrow(RangeError);
  });
});

describe('paddedOrder', () => {
  it('puts the blanks before the back cover by default, or at the end', () => {
    expect(paddedOrder(5)).toEqual([1, 2, 3, 4, null, null, null, 5]);
    expect(paddedOrder(5, { blanks: 'end' })).toEqual([1, 2, 3, 4, 5, null, null, null]);
    expect(paddedOrder(8)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('keeps a single page first whatever the blank placement', () => {
    expect(paddedOrder(1)).toEqual([1, null, null, null]);
    expect(paddedOrder(1, { blanks: 'end' })).toEqual([1, null, null, null]);
  });

  it('holds every page once, in reading order, page n at position N before the back cover', () => {
    fc.assert(
      fc.property(pageCount, fc.constantFrom('before-back-cover' as const, 'end' as const), (n, blanks) => {
        const order = paddedOrder(n, { blanks });
        expect(order).toHaveLength(4 * Math.ceil(n / 4));
        expect(order.filter((page) => page !== null)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
        if (blanks === 'before-back-cover' && n > 1) expect(order.at(-1)).toBe(n);
        if (blanks === 'end') expect(order.slice(n).every((page) => page === null)).toBe(true);
      }),
    );
  });
});

describe('bookletSides', () => {
  it('matches the 16-page example of docs/printing.md', () => {
    const sides = bookletSides(16).map((side) => [side.left.page, side.right.page]);
    expect(sides).toEqual([[16, 1], [2, 15], [14, 3], [4, 13], [12, 5], [6, 11], [10, 7], [8, 9]]);
  });

  it('puts the back cover of a 7-page zine on the first sheet and a blank behind page 1', () => {
    const sides = bookletSides(7).map((side) => [side.left.page, side.right.page]);
    expect(sides).toEqual([[7, 1], [2, null], [6, 3], [4, 5]]);
  });

  it('mirrors every side for right-to-left binding', () => {
    const sides = bookletSides(8, { binding: 'right' }).map((side) => [side.left.page, side.right.page]);
    expect(sides).toEqual([[1, 8], [7, 2], [3, 6], [5, 4]]);
  });

  it('restarts creep in every signature', () => {
    const creep = bookletSides(20, { signaturePages: 8, paperThicknessMm: 0.1 })
      .filter((side) => side.face === 'front')
      .map((side) => side.left.creepMm);
    expect(creep.map((mm) => Number(mm.toFixed(6)))).toEqual([0, 0.1, 0, 0.1, 0]);
  });

  it('holds every reading page exactly once and reads back in order once folded', () => {
    fc.assert(
      fc.property(pageCount, options, (n, opts) => {
        const sides = bookletSides(n, opts);
        const N = padCount(n);
        expect(sides).toHaveLength(N / 2);
        const pages = sides.flatMap((side) => [side.left.page, side.right.page]);
        expect(pages.filter((page) => page === null)).toHaveLength(N - n);
        expect(pages.filter((page) => page !== null).sort((a, b) => a! - b!)).toEqual(
          Array.from({ length: n }, (_, i) => i + 1),
        );
        expect(readBooklet(sides, opts, n)).toEqual(paddedOrder(n, { blanks: opts.blanks }));
      }),
    );
  });

  it('follows the formula of docs/printing.md inside each signature (invariant 3)', () => {
    fc.assert(
      fc.property(pageCount, options, (n, opts) => {
        const sides = bookletSides(n, opts);
        const order = paddedOrder(n, { blanks: opts.blanks });
        const at = (position: number) => order[position - 1];
        let offset = 0;
        let sideIndex = 0;
        for (const size of signatureSizes(order.length, opts.signaturePages)) {
          for (let i = 0; i < size / 4; i++, sideIndex += 2) {
            const front = unmirrored(sides[sideIndex]!, opts.binding);
            const back = unmirrored(sides[sideIndex + 1]!, opts.binding);
            expect([front.left.page, front.right.page]).toEqual([at(offset + size - 2 * i), at(offset + 2 * i + 1)]);
            expect([back.left.page, back.right.page]).toEqual([at(offset + 2 * i + 2), at(offset + size - 2 * i - 1)]);
            expect(sides[sideIndex]!.face).toBe('front');
            expect(sides[sideIndex + 1]!.face).toBe('back');
            expect(sides[sideIndex]!.sheet).toBe(sideIndex / 2);
          }
          offset += size;
        }
      }),
    );
  });

  it('keeps odd pages front right, even pages back left, page 1 first, the middle pair last (invariant 4)', () => {
    fc.assert(
      fc.property(pageCount, options, (n, opts) => {
        const single = { ...opts, signaturePages: undefined, binding: 'left' as const };
        const sides = bookletSides(n, single);
        const N = padCount(n);
        for (const side of sides) {
          const odd = side.face === 'front' ? side.right.page : side.left.page;
          if (odd !== null) expect(odd % 2).toBe(side.face === 'front' ? 1 : 0);
        }
        expect(sides[0]!.right.page).toBe(1);
        const order = paddedOrder(n, { blanks: opts.blanks });
        const last = sides.at(-1)!;
        expect([last.left.page, last.right.page]).toEqual([order[N / 2 - 1], order[N / 2]]);
      }),
    );
  });

  it('turns only the back sides, and only for long-edge duplex (invariant 5)', () => {
    fc.assert(
      fc.property(pageCount, options, (n, opts) => {
        for (const side of bookletSides(n, opts)) {
          const turned = opts.duplex === 'long-edge' && side.face === 'back';
          expect(side.left.rotated).toBe(turned);
          expect(side.right.rotated).toBe(turned);
          const [leftHalf, rightHalf] = physicalHalves(side);
          expect(leftHalf).toBe(turned ? side.right : side.left);
          expect(rightHalf).toBe(turned ? side.left : side.right);
        }
      }),
    );
  });

  it('shifts sheet i of a signature by i·t, never less than the sheet outside it', () => {
    fc.assert(
      fc.property(pageCount, options, (n, opts) => {
        const sides = bookletSides(n, opts);
        const t = opts.paperThicknessMm;
        let sideIndex = 0;
        for (const size of signatureSizes(padCount(n), opts.signaturePages)) {
          let previous = -Infinity;
          for (let i = 0; i < size / 4; i++, sideIndex += 2) {
            for (const side of [sides[sideIndex]!, sides[sideIndex + 1]!]) {
              expect(side.left.creepMm).toBeCloseTo(i * t, 9);
              expect(side.right.creepMm).toBeCloseTo(i * t, 9);
              expect(side.left.creepMm).toBeGreaterThanOrEqual(previous);
            }
            previous = sides[sideIndex]!.left.creepMm;
          }
        }
      }),
    );
  });
});

describe('minizineCells', () => {
  const layout = (n: number, blanks?: 'before-back-cover' | 'end') =>
    minizineCells(n, { blanks }).map((cell) => cell.page);

  it('lays 8 pages out as docs/printing.md says', () => {
    expect(layout(8)).toEqual([5, 4, 3, 2, 6, 7, 8, 1]);
  });

  it('keeps the back cover on position 8 when there are fewer pages, or appends blanks', () => {
    expect(layout(5)).toEqual([null, 4, 3, 2, null, null, 5, 1]);
    expect(layout(5, 'end')).toEqual([5, 4, 3, 2, null, null, null, 1]);
    expect(layout(1)).toEqual([null, null, null, null, null, null, null, 1]);
  });

  it('turns only pages 2–5 and pairs the columns (5,6) (4,7) (3,8) (2,1) (invariant 7)', () => {
    for (let n = 1; n <= 8; n++) {
      for (const blanks of ['before-back-cover', 'end'] as const) {
        const cells = minizineCells(n, { blanks });
        expect(cells.filter((cell) => cell.rotated).map((cell) => cell.position).sort()).toEqual([2, 3, 4, 5]);
        for (let column = 0; column < 4; column++) {
          const pair = cells.filter((cell) => cell.column === column);
          expect(pair.map((cell) => [cell.row, cell.position])).toEqual([
            ['top', [5, 4, 3, 2][column]],
            ['bottom', [6, 7, 8, 1][column]],
          ]);
        }
        const pages = cells.flatMap((cell) => (cell.page === null ? [] : [cell.page])).sort((a, b) => a - b);
        expect(pages).toEqual(Array.from({ length: n }, (_, i) => i + 1));
        if (blanks === 'before-back-cover' && n > 1) {
          expect(cells.find((cell) => cell.position === 8)!.page).toBe(n);
        }
      }
    }
  });

  it('says how many pages too many past 8', () => {
    expect(() => minizineCells(9)).toThrow(RangeError);
    expect(() => minizineCells(9)).toThrow('9 pages: 1 too many for a mini-zine (at most 8)');
    fc.assert(
      fc.property(fc.integer({ min: 9, max: 200 }), (n) => {
        expect(() => minizineCells(n)).toThrow(`${n} pages: ${n - 8} too many`);
      }),
    );
  });
});
