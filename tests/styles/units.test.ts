// Screen units in print CSS: Paged.js lays pages out on the screen, where 1vh is the
// window's height, and Chromium then prints them, where 1vh is the page's. A length
// in vh or vw changes between the two and pushes text off the printed page.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/sources.ts';

const stylesDir = join(projectRoot, 'styles');
const sheets = readdirSync(stylesDir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.css'));

describe('styles/', () => {
  it('has style sheets to check', () => {
    expect(sheets).toContain('base.css');
    expect(sheets).toContain(join('trim', 'A5.css'));
  });

  it.each(sheets)('%s uses no viewport unit (vh, vw, vmin, vmax)', (file) => {
    const css = readFileSync(join(stylesDir, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    expect(css.match(/\d(vh|vw|vmin|vmax|dvh|svh|lvh)\b/g) ?? []).toEqual([]);
  });
});
