// The zine is photocopied in grey: every text colour must still read on its
// background once both are turned to grey (WCAG AA for body text, 4.5:1).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/sources.ts';

/** The custom properties of theme.css that hold a hex colour. */
function themeColours(): Record<string, string> {
  const css = readFileSync(join(projectRoot, 'styles', 'theme.css'), 'utf8');
  return Object.fromEntries([...css.matchAll(/(--[\w-]+)\s*:\s*(#[0-9a-f]{3,6})\b/gi)].map((m) => [m[1]!, m[2]!.toLowerCase()]));
}

/** A photocopier's grey: luma 0.299 R + 0.587 G + 0.114 B, 0–255. */
function greyOf(hex: string): number {
  const full = hex.length === 4 ? `#${[...hex.slice(1)].map((c) => c + c).join('')}` : hex;
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(full.slice(i, i + 2), 16)) as [number, number, number];
  return 0.299 * r + 0.587 * g + 0.114 * b;
}

/** WCAG 2 contrast ratio of two greys (0–255). */
function contrastOfGreys(a: number, b: number): number {
  const luminance = (grey: number) => {
    const c = grey / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

describe('theme.css contrast in greyscale', () => {
  const colours = themeColours();
  const pairs = [
    ['--ink', '--paper', 'body text'],
    ['--accent', '--paper', 'headings, callout titles'],
    ['--muted', '--paper', 'running header, page numbers, captions'],
    ['--ink', '--accent-tint', 'callout text'],
  ] as const;

  it('the ratio maths match WCAG: black on white is 21:1, grey #777 on white about 4.48:1', () => {
    expect(contrastOfGreys(0, 255)).toBeCloseTo(21, 5);
    expect(contrastOfGreys(greyOf('#777777'), greyOf('#fff'))).toBeCloseTo(4.48, 2);
  });

  for (const [text, background, use] of pairs) {
    it(`${text} on ${background} (${use}) keeps at least 4.5:1`, () => {
      expect(colours[text], text).toBeDefined();
      expect(colours[background], background).toBeDefined();
      const ratio = contrastOfGreys(greyOf(colours[text]!), greyOf(colours[background]!));
      expect(ratio).toBeGreaterThanOrEqual(4.5);
    });
  }
});
