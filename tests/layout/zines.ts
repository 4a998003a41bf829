// Small zines written into a temporary content folder, for layout tests.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
