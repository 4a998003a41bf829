// The cleaner counts an image's pixels from the size the CSS prints it at. Both come
// from scripts/trims.ts: the @page rule and the image cap are generated from it, and
// styles/ must not set them again where they could drift.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { imageMaxHeightMm, textHeightMm, textWidthMm, TRIM_NAMES, trimCss } from '../../scripts/trims.ts';

const styles = new URL('../../styles/', import.meta.url);

/** "148mm" in mm. */
function mm(length: string): number {
  const match = /^([\d.]+)mm$/.exec(length);
  if (!match) throw new Error(`unexpected length ${length}`);
  return Number(match[1]);
}

describe('printed image size (scripts/trims.ts)', () => {
  it.each(TRIM_NAMES)('%s: the generated @page rule holds the text area the cleaner counts with', (trim) => {
    const css = trimCss(trim);
    const [widthMm, heightMm] = /size:\s*([^;]+);/.exec(css)![1]!.trim().split(/\s+/).map(mm) as [number, number];
    const [top, right, bottom, left] = /margin:\s*([^;]+);/.exec(css)![1]!.trim().split(/\s+/).map(mm) as [number, number, number, number];
    expect(textWidthMm(trim)).toBeCloseTo(widthMm - left - right, 1);
    expect(textHeightMm(trim)).toBeCloseTo(heightMm - top - bottom, 1);
    expect(mm(/--image-max-height:\s*([^;}]+)/.exec(css)![1]!.trim())).toBe(imageMaxHeightMm(trim));
    expect(imageMaxHeightMm(trim)).toBeLessThanOrEqual(textHeightMm(trim));
  });

  it.each(TRIM_NAMES)('%s: styles/trim/ sets no page geometry of its own', (trim) => {
    const css = readFileSync(new URL(`trim/${trim}.css`, styles), 'utf8');
    expect(css).not.toMatch(/@page|\bsize\s*:|margin\s*:|--image-max-height/);
  });

  it('keeps the sizes the zines were designed at (mm)', () => {
    expect([textWidthMm('A5'), textHeightMm('A5'), imageMaxHeightMm('A5')]).toEqual([118, 176, 105]);
    expect([textWidthMm('A4'), imageMaxHeightMm('A4')]).toEqual([170, 153]);
    expect(imageMaxHeightMm('A7')).toBe(54);
    expect(textWidthMm('Letter')).toBeCloseTo(175.26, 2);
    expect(imageMaxHeightMm('half-Letter')).toBe(109);
  });

  it('is the max-height styles/base.css gives images', () => {
    const base = readFileSync(new URL('base.css', styles), 'utf8');
    const rule = /(?:^|\})\s*([^{}]*\bimg\b[^{}]*)\{([^}]*max-height[^}]*)\}/m.exec(base);
    expect(rule?.[2]).toMatch(/max-height:\s*var\(--image-max-height\)/);
  });
});
