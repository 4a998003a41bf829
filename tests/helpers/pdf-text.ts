// Text of a PDF as poppler reads it, page by page, and a normal form to compare
// sentences across hyphenation, soft hyphens, quotes, spaces and case.
import { execFileSync } from 'node:child_process';

/** The text of each page (`pdftotext -layout`), in order. */
export function pageTexts(path: string): string[] {
  const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
  return text.split('\f').slice(0, -1);
}

/** Letters and digits only, lower case, no accents: "« Bugs » de Riot" → "bugsderiot". */
export function letters(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Text inside a rectangle of one page (points, y from the top), via `pdftotext -x -y -W -H`. */
export function regionText(path: string, page: number, region: { x: number; y: number; width: number; height: number }): string {
  const box = [region.x, region.y, region.width, region.height].map((value) => String(Math.round(value)));
  const [x, y, width, height] = box as [string, string, string, string];
  return execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-x', x, '-y', y, '-W', width, '-H', height, '-layout', path, '-'], { encoding: 'utf8' });
}
