import { PageSizes } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { PAPER_SIZES, landscape, mmToPt, paperName, paperSize } from '../../scripts/impose/paper.ts';

describe('paper sizes', () => {
  it('converts millimetres at 72/25.4 pt each', () => {
    expect(mmToPt(25.4)).toBeCloseTo(72, 12);
    // pdf-lib's table, rounded to 0.01 pt: within 0.005 pt of 210 × 297 mm.
    expect(PAPER_SIZES.A4).toEqual({ widthPt: PageSizes.A4[0], heightPt: PageSizes.A4[1] });
    expect(Math.abs(PAPER_SIZES.A4.widthPt - mmToPt(210))).toBeLessThan(0.005);
    expect(Math.abs(PAPER_SIZES.A4.heightPt - mmToPt(297))).toBeLessThan(0.005);
    expect(PAPER_SIZES.Letter).toEqual({ widthPt: 612, heightPt: 792 });
  });

  it('halves from A3 to A7 (the long side of each is the short side of the one before)', () => {
    const series = [PAPER_SIZES.A3, PAPER_SIZES.A4, PAPER_SIZES.A5, PAPER_SIZES.A6, PAPER_SIZES.A7];
    for (let i = 1; i < series.length; i++) {
      expect(series[i]!.heightPt).toBeCloseTo(series[i - 1]!.widthPt, 0);
    }
  });

  it('looks names up without regard to case', () => {
    expect(paperSize('a5')).toBe(PAPER_SIZES.A5);
    expect(paperSize('LETTER')).toBe(PAPER_SIZES.Letter);
  });

  it('names the known sizes when the name is unknown', () => {
    expect(() => paperSize('B5')).toThrow('unknown paper size "B5"; known sizes: A3, A4, A5, A6, A7, Letter, Legal, Tabloid');
  });

  it('turns a size landscape and recognises it back', () => {
    const a4 = landscape(PAPER_SIZES.A4);
    expect(a4.widthPt).toBeGreaterThan(a4.heightPt);
    expect(paperName(a4)).toBe('A4');
    expect(paperName({ widthPt: 100, heightPt: 100 })).toBeUndefined();
  });
});
