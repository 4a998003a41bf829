import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bookletSideSize, sidePlacements } from '../../scripts/impose/booklet.ts';
import { fitInCell, halfLayout } from '../../scripts/impose/layout.ts';
import { cellRect, minizinePlacements } from '../../scripts/impose/minizine.ts';
import { bookletSides, signatureSizes, padCount } from '../../scripts/impose/order.ts';
import { PAPER_SIZES, landscape, mmToPt } from '../../scripts/impose/paper.ts';
import { physicalHalves } from './oracles.ts';

const A5 = PAPER_SIZES.A5;
const A6 = PAPER_SIZES.A6;

describe('halfLayout', () => {
  it('centres the page in its half and moves it toward the spine', () => {
    const side = landscape(PAPER_SIZES.A4);
    const left = halfLayout('left', A6.widthPt, A6.heightPt, side.widthPt, side.heightPt, 2);
    const right = halfLayout('right', A6.widthPt, A6.heightPt, side.widthPt, side.heightPt, 2);
    const gutter = (side.widthPt / 2 - A6.widthPt) / 2;
    expect(left.gutterPt).toBeCloseTo(gutter, 9);
    expect(left.pageRect.xPt).toBeCloseTo(gutter + 2, 9);
    expect(right.pageRect.xPt).toBeCloseTo(side.widthPt / 2 + gutter - 2, 9);
    expect(left.pageRect.yPt).toBeCloseTo((side.heightPt - A6.heightPt) / 2, 9);
  });

  it('scales a page larger than the half down, keeping its aspect', () => {
    const fitted = fitInCell(A5.widthPt, A5.heightPt, { xPt: 0, yPt: 0, widthPt: A6.widthPt, heightPt: A6.heightPt });
    expect(fitted.scale).toBeCloseTo(A6.widthPt / A5.widthPt, 2);
    const same = fitInCell(A6.widthPt, A6.heightPt, { xPt: 0, yPt: 0, widthPt: A5.widthPt, heightPt: A5.heightPt });
    expect(same.scale).toBe(1);
  });
});

describe('sidePlacements', () => {
  const cases = fc.record({
    n: fc.integer({ min: 1, max: 120 }),
    duplex: fc.constantFrom('short-edge' as const, 'long-edge' as const),
    binding: fc.constantFrom('left' as const, 'right' as const),
    t: fc.constantFrom(0, 0.1, 0.3),
    signaturePages: fc.option(fc.constantFrom(8, 12, 16, 32), { nil: undefined }),
    // 'two trims': a sheet exactly two pages wide, where the gutter is 0.
    paper: fc.constantFrom('two trims' as const, PAPER_SIZES.A4, PAPER_SIZES.Letter, PAPER_SIZES.A3),
    trim: fc.constantFrom(A5, A6),
  });

  it('keeps a spine gap of 2·(gutter − i·t), never growing inward, and clips each page to its half (invariant 6)', () => {
    fc.assert(
      fc.property(cases, ({ n, duplex, binding, t, signaturePages, paper, trim }) => {
        const size = bookletSideSize(paper === 'two trims' ? { widthPt: 2 * trim.widthPt, heightPt: trim.heightPt } : paper);
        const sides = bookletSides(n, { duplex, binding, paperThicknessMm: t, signaturePages, blanks: 'end' });
        const scale = Math.min(1, size.widthPt / 2 / trim.widthPt, size.heightPt / trim.heightPt);
        const gutter = (size.widthPt / 2 - trim.widthPt * scale) / 2;
        let sideIndex = 0;
        for (const chunk of signatureSizes(padCount(n), signaturePages)) {
          let previousGap = Infinity;
          for (let i = 0; i < chunk / 4; i++, sideIndex += 2) {
            for (const side of [sides[sideIndex]!, sides[sideIndex + 1]!]) {
              const placements = sidePlacements(side, size, () => trim);
              const [leftHalf, rightHalf] = physicalHalves(side);
              const spine = size.widthPt / 2;
              for (const placement of placements) {
                const onLeft = placement.clip.xPt === 0;
                // Each page is drawn in the half the model says, clipped to exactly that half.
                expect(placement.page).toBe(onLeft ? leftHalf.page : rightHalf.page);
                expect(placement.clip.xPt).toBeCloseTo(onLeft ? 0 : spine, 9);
                expect(placement.clip.widthPt).toBeCloseTo(spine, 9);
                // Distance from the spine to the page's inner edge.
                const inner = onLeft
                  ? spine - (placement.pageRect.xPt + placement.pageRect.widthPt)
                  : placement.pageRect.xPt - spine;
                expect(inner).toBeCloseTo(gutter - mmToPt(i * t), 6);
              }
              expect(placements).toHaveLength([leftHalf, rightHalf].filter((slot) => slot.page !== null).length);
              for (const placement of placements) {
                expect(placement.rotateDeg).toBe(side.left.rotated ? 180 : 0);
                const rect = placement.pageRect;
                // drawPage's origin is the bottom-left corner upright, the top-right corner turned.
                expect(placement.xPt).toBeCloseTo(rect.xPt + (placement.rotateDeg ? rect.widthPt : 0), 9);
                expect(placement.yPt).toBeCloseTo(rect.yPt + (placement.rotateDeg ? rect.heightPt : 0), 9);
              }
            }
            const gap = 2 * (gutter - mmToPt(i * t));
            expect(gap).toBeLessThanOrEqual(previousGap);
            previousGap = gap;
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('minizinePlacements', () => {
  it('fills the 4 × 2 grid of docs/printing.md (section 6), top cells turned about ((c+1)·w, H)', () => {
    const sheet = landscape(PAPER_SIZES.A4);
    const w = sheet.widthPt / 4;
    const h = sheet.heightPt / 2;
    const placements = minizinePlacements(8, sheet, () => PAPER_SIZES.A7);
    const byPage = new Map(placements.map((p) => [p.page, p]));
    [5, 4, 3, 2].forEach((page, c) => {
      const p = byPage.get(page)!;
      expect(p.rotateDeg).toBe(180);
      expect(Math.abs(p.xPt - (c + 1) * w)).toBeLessThan(0.5); // A7 is 0.25 mm narrower than the cell
      expect(p.yPt).toBeCloseTo(2 * h, 1);
      expect(p.clip).toEqual(cellRect({ row: 'top', column: c }, sheet));
    });
    [6, 7, 8, 1].forEach((page, c) => {
      const p = byPage.get(page)!;
      expect(p.rotateDeg).toBe(0);
      expect(Math.abs(p.xPt - c * w)).toBeLessThan(0.5);
      expect(p.yPt).toBeCloseTo(0, 1);
    });
  });

  it('scales larger pages to fit their cell, centred', () => {
    const sheet = landscape(PAPER_SIZES.A4);
    const [placement] = minizinePlacements(1, sheet, () => PAPER_SIZES.A5);
    expect(placement!.scale).toBeCloseTo(0.5, 2);
    const rect = placement!.pageRect;
    const cell = placement!.clip;
    expect(rect.xPt - cell.xPt).toBeCloseTo(cell.xPt + cell.widthPt - (rect.xPt + rect.widthPt), 9);
    expect(rect.yPt - cell.yPt).toBeCloseTo(cell.yPt + cell.heightPt - (rect.yPt + rect.heightPt), 9);
  });
});
