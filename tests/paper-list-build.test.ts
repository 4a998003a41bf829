// paper: [A4, Letter] built for real: one booklet and one mini-zine per paper,
// for the original and its translation, each named by its paper, listed with it
// in the manifest, on its paper as poppler reads it, with its own instructions.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type ZineManifest } from '../scripts/build.ts';
import { landscape, PAPER_SIZES } from '../scripts/impose/paper.ts';
import { pdfInfo } from './helpers/poppler.ts';

const zine = 'two-papers';
const contentDir = mkdtempSync(join(tmpdir(), 'zinepress-papers-content-'));
const outputDir = mkdtempSync(join(tmpdir(), 'zinepress-papers-'));
const dir = join(outputDir, zine);
mkdirSync(join(contentDir, zine));
writeFileSync(
  join(contentDir, zine, 'index.md'),
  '---\ntitle: Two papers\nlang: en\nedition: 1\ndate: 2026-11-25\npaper: [A4, Letter]\nimpose: [booklet, minizine]\n---\n\n# One\n\nA short text.\n\n# Two\n\nAnother one.\n',
);
writeFileSync(join(contentDir, zine, 'index.nl.md'), '---\ntitle: Twee papieren\ntranslates: 1\n---\n\n# Een\n\nEen korte tekst.\n\n# Twee\n\nNog een.\n');
let manifest: ZineManifest;

beforeAll(async () => {
  [manifest] = await build({ zines: [zine], contentDir, outputDir });
}, 120_000);

describe('paper: [A4, Letter]', () => {
  it('makes each imposed form once per paper, named by it, for each language', () => {
    const imposed = manifest.files.filter((file) => file.paper !== undefined).map((file) => [file.name, file.kind, file.paper]);
    expect(imposed.sort()).toEqual(
      [
        [`${zine}-booklet-a4.pdf`, 'booklet', 'A4'],
        [`${zine}-booklet-letter.pdf`, 'booklet', 'Letter'],
        [`${zine}-minizine-a4.pdf`, 'minizine', 'A4'],
        [`${zine}-minizine-letter.pdf`, 'minizine', 'Letter'],
        [`${zine}-booklet-a4.nl.pdf`, 'booklet', 'A4'],
        [`${zine}-booklet-letter.nl.pdf`, 'booklet', 'Letter'],
        [`${zine}-minizine-a4.nl.pdf`, 'minizine', 'A4'],
        [`${zine}-minizine-letter.nl.pdf`, 'minizine', 'Letter'],
      ].sort(),
    );
    expect(manifest.files.find((file) => file.kind === 'reading')).not.toHaveProperty('paper');
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'))).toEqual(manifest);
  });

  it('prints each file on its paper, landscape', () => {
    for (const file of manifest.files.filter((entry) => entry.paper !== undefined)) {
      const sheet = landscape(PAPER_SIZES[file.paper as 'A4' | 'Letter']);
      const { pages, sizes } = pdfInfo(join(dir, file.name));
      expect(pages, file.name).toBe(file.pages);
      for (const size of sizes) {
        expect(size.widthPt, file.name).toBeCloseTo(sheet.widthPt, 0);
        expect(size.heightPt, file.name).toBeCloseTo(sheet.heightPt, 0);
      }
    }
  });

  it('says how to print each file, in its language, one section per paper', () => {
    const english = readFileSync(join(dir, `${zine}-print.txt`), 'utf8');
    const files = [...english.matchAll(/^(\S+\.pdf)\n/gm)].map((match) => match[1]);
    expect(files).toEqual([`${zine}-booklet-a4.pdf`, `${zine}-booklet-letter.pdf`, `${zine}-minizine-a4.pdf`, `${zine}-minizine-letter.pdf`]);
    expect(english).toMatch(new RegExp(`^${zine}-booklet-letter\\.pdf\\nPrinting the booklet \\(\\d+ pages, \\d sheets? of Letter\\)\\n1\\. Paper: Letter,`, 'm'));
    expect(english).toMatch(new RegExp(`^${zine}-minizine-a4\\.pdf\\nPrinting the mini-zine \\(\\d pages on one sheet of A4\\)\\n`, 'm'));
    const dutch = readFileSync(join(dir, `${zine}-print.nl.txt`), 'utf8');
    expect(dutch).toMatch(new RegExp(`^${zine}-minizine-letter\\.nl\\.pdf\\nDe minizine afdrukken \\(\\d pagina’s op één vel Letter\\)\\n`, 'm'));
  });
});
