// Small zines written into a temporary content folder, for layout tests.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BboxWord } from '../helpers/poppler.ts';

/** Front matter of every test zine: 8 lines and a blank one, so the body starts on line 10. */
export const frontMatter = '---\ntitle: "Essai"\nlang: fr\nedition: 1\ndate: 2026-01-01\nimpose: []\ncontents: false\n---\n\n';

/** The line of `needle` in a zine's index.md (front matter included). */
export function lineOf(markdown: string, needle: string): number {
  const index = (frontMatter + markdown).indexOf(needle);
  if (index < 0) throw new Error(`${needle} is not in the zine`);
  return (frontMatter + markdown).slice(0, index).split('\n').length;
}

/** Justified filler: `count` sentences. */
export function sentences(count: number, from = 0): string {
  return Array.from({ length: count }, (_, i) => `Phrase numéro ${from + i} qui remplit la page avec des mots ordinaires et assez longs.`).join(' ');
}

/** Writes each zine's index.md (and images) into a new content folder; returns its path. `front` replaces the front matter. */
export function writeZines(zines: Record<string, { markdown: string; images?: Record<string, Uint8Array>; front?: string }>): string {
  const dir = mkdtempSync(join(tmpdir(), 'zinepress-layout-'));
  for (const [name, { markdown, images = {}, front = frontMatter }] of Object.entries(zines)) {
    mkdirSync(join(dir, name, 'images'), { recursive: true });
    writeFileSync(join(dir, name, 'index.md'), front + markdown);
    for (const [file, bytes] of Object.entries(images)) writeFileSync(join(dir, name, 'images', file), bytes);
  }
  return dir;
}

/** The lines of a page that reach the right edge of the text: justified ones, the last line of a paragraph aside. */
export function justifiedLines(words: BboxWord[]): BboxWord[][] {
  const lines: BboxWord[][] = [];
  for (const word of [...words].sort((a, b) => a.yMax - b.yMax || a.xMin - b.xMin)) {
    const line = lines.at(-1);
    if (line && Math.abs(line[0]!.yMax - word.yMax) < 2) line.push(word);
    else lines.push([word]);
  }
  const right = Math.max(...words.map((word) => word.xMax));
  return lines.map((line) => line.sort((a, b) => a.xMin - b.xMin)).filter((line) => line.length > 1 && line.at(-1)!.xMax > right - 1.5);
}

/** The widest word gap of a line, over the line's height. */
export function gapRatio(line: BboxWord[]): number {
  const height = Math.max(...line.map((word) => word.yMax - word.yMin));
  return Math.max(...line.slice(1).map((word, i) => word.xMin - line[i]!.xMax)) / height;
}
