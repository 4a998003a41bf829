// The cleaner counts an image's pixels from the size the CSS prints it at; these are
// the numbers of scripts/config.ts, checked against styles/ so neither drifts alone.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { imageMaxHeightMm, textHeightMm, textWidthMm } from '../../scripts/config.ts';
import type { TrimSize } from '../../scripts/config.ts';

const styles = new URL('../../styles/', import.meta.url);
const MM_PER_UNIT: Record<string, number> = { mm: 1, in: 25.4 };

/** "148mm" or "0.55in" in mm. */
function mm(length: string): number {
  const match = /^([\d.]+)(mm|in)$/.exec(length);
  if (!match) throw new Error(`unexpected length ${length}`);
  return Number(match[1]) * MM_PER_UNIT[match[2]!]!;
}

describe('printed image size (scripts/config.ts) against styles/trim/', () => {
  it.each(Object.keys(textWidthMm) as TrimSize[])('%s', (trim) => {
    const css = readFileSync(new URL(`trim/${trim}.css`, styles), 'utf8');
    const [widthMm, heightMm] = /size:\s*([^;]+);/.exec(css)![1]!.trim().split(/\s+/).map(mm) as [number, number];
    const [top, right, bottom, left] = /margin:\s*([^;]+);/.exec(css)![1]!.trim().split(/\s+/).map(mm) as [number, number, number, number];
    expect(textWidthMm[trim]).toBeCloseTo(widthMm - left - right, 1);
    expect(textHeightMm[trim]).toBeCloseTo(heightMm - top - bottom, 1);
    const cap = /--image-max-height:\s*([^;}]+)/.exec(css)?.[1]?.trim();
    expect(cap, `--image-max-height in styles/trim/${trim}.css`).toBeDefined();
    expect(mm(cap!)).toBe(imageMaxHeightMm[trim]);
    expect(imageMaxHeightMm[trim]).toBeLessThanOrEqual(textHeightMm[trim]);
  });

  it('is the max-height styles/base.css gives images', () => {
    const base = readFileSync(new URL('base.css', styles), 'utf8');
    const rule = /(?:^|\})\s*([^{}]*\bimg\b[^{}]*)\{([^}]*max-height[^}]*)\}/m.exec(base);
    expect(rule?.[2]).toMatch(/max-height:\s*var\(--image-max-height\)/);
  });
});
