// The build's layout checks on small zines rendered in Chromium: overflow fails
// the build with the Markdown line; a heading left at the end of a page and an
// empty page are warnings; tables, figures and callouts fit without either.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/build.ts';
import { ZineError } from '../../scripts/errors.ts';
import { pageTexts } from '../helpers/pdf-text.ts';
import { rasterGray, wordsByPage } from '../helpers/poppler.ts';
import { frontMatter, lineOf, sentences, writeZines } from './zines.ts';

const columns = 100;
const overflow = [
  '# Un tableau trop large',
  '',
  'Cent colonnes ne tiennent pas dans une page A5.',
  '',
  `|${' h |'.repeat(columns)}`,
  `|${'---|'.repeat(columns)}`,
  `|${' W |'.repeat(columns)}`,
  '',
].join('\n');

const warnings = [
  '# Premier chapitre',
  '',
  'Du texte.',
  '',
  '## Une sous-partie restée vide',
  '',
  '# Deuxième chapitre',
  '',
  'Du texte.',
  '',
  // A "#" alone is an empty heading: a page with nothing on it.
  '#',
  '',
  '# Troisième chapitre',
  '',
  'Du texte.',
  '',
].join('\n');

const furniture = [
  '# Tableaux, figures, encadrés',
  '',
  'Un tableau de cinq colonnes aux mots longs tient dans la page. Voir [le site de Signal](https://signal.org/download/).',
  '',
  '| Application | Chiffrement | Plateformes | Téléchargement | Remarques |',
  '|---|---|---|---|---|',
  '| Signal | de bout en bout | Android, iOS, Windows, MacOS, Linux | signal.org/download | numéro de téléphone nécessaire |',
  '| Riot | de bout en bout (à activer) | navigateur, Android, iOS | riot.im/app | anticonstitutionnellement long |',
  '',
  '![Un carré sombre](images/schema.png "Le schéma du réseau, sous l’image")',
  '',
  ':::astuce',
  'Une astuce courte.',
  ':::',
  '',
  '# Un encadré ne se coupe pas',
  '',
  sentences(10),
  '',
  sentences(10, 10),
  '',
  '## Juste avant l’encadré',
  '',
  ':::attention',
  `${sentences(7, 100)} Fin de l’encadré.`,
  ':::',
  '',
].join('\n');

// A tall photo, then paragraphs that break across pages.
const portrait = ['# Une photo en hauteur', '', '![Une photo](images/portrait.png "La photo")', '', ...Array.from({ length: 6 }, (_, i) => `Paragraphe ${i + 1}. ${sentences(5, i * 5)}\n`)].join('\n');

// Lists longer than a page, one right under its heading, and a contents page longer than a page.
const item = (i: number) => `- Élément numéro ${i} de la liste, avec un peu de texte pour remplir la ligne.`;
const longLists = ['# Une longue liste', '', ...Array.from({ length: 60 }, (_, i) => item(i + 1)), '', '# Une autre', '', 'Avant la liste.', '', ...Array.from({ length: 60 }, (_, i) => item(i + 61)), ''].join('\n');
const manySections = Array.from({ length: 32 }, (_, i) => `# Section ${i + 1}\n\nTexte de la section ${i + 1}.\n\n## Partie ${i + 1}\n\nSuite.\n`).join('\n');

const contentDir = writeZines({
  overflow: { markdown: overflow },
  warnings: { markdown: warnings },
  furniture: { markdown: furniture },
  portrait: { markdown: portrait },
  lists: { markdown: longLists },
  sections: { markdown: manySections, front: frontMatter.replace('contents: false', 'contents: true') },
});
const outputDir = mkdtempSync(join(tmpdir(), 'zinepress-layout-out-'));
const log: string[] = [];
let overflowError: unknown;

beforeAll(async () => {
  // A dark 600 × 300 px block: easy to find on the raster, right above its caption.
  const png = await sharp({ create: { width: 600, height: 300, channels: 3, background: '#222222' } }).png().toBuffer();
  writeFileSync(join(contentDir, 'furniture', 'images', 'schema.png'), png);
  const tall = await sharp({ create: { width: 1000, height: 1600, channels: 3, background: '#2040c0' } }).png().toBuffer();
  writeFileSync(join(contentDir, 'portrait', 'images', 'portrait.png'), tall);
  // Two builds, two browsers: an overflow stops its build.
  overflowError = await build({ zines: ['overflow'], contentDir, outputDir }).then(() => undefined, (error: unknown) => error);
  await build({ zines: ['warnings', 'furniture', 'portrait', 'lists', 'sections'], contentDir, outputDir, log: (line) => log.push(line) });
});

const warningsOf = (zine: string) => log.filter((line) => line.includes(`${zine}/index.md`) && line.includes('warning'));

describe('overflow', () => {
  it('fails the build and names the Markdown line of what sticks out', () => {
    expect(overflowError).toBeInstanceOf(ZineError);
    const error = overflowError as ZineError;
    expect(error.message).toMatch(/^content overflows page 2\b/);
    expect(error.file).toMatch(/overflow\/index\.md$/);
    expect(error.line).toBe(lineOf(overflow, '| h |'));
  });
});

describe('warnings', () => {
  it('warns of a heading that ends its page, with its line', () => {
    const line = lineOf(warnings, '## Une sous-partie');
    expect(warningsOf('warnings')).toContainEqual(expect.stringMatching(new RegExp(`index\\.md:${line}: warning: heading stranded at the bottom of page 2$`)));
  });

  it('warns of an empty page', () => {
    expect(warningsOf('warnings')).toContainEqual(expect.stringMatching(/index\.md: warning: page 4 is empty$/));
  });
});

describe('tables, figures and callouts', () => {
  const pdf = () => join(outputDir, 'furniture', 'furniture.pdf');

  it('fit the page: no overflow, no warning', () => {
    expect(warningsOf('furniture')).toEqual([]);
    expect(log).toContainEqual(expect.stringMatching(/^furniture: \d+ pages/));
  });

  it('print the caption right under its image', () => {
    const words = wordsByPage(pdf());
    const pageIndex = words.findIndex((page) => page.some((word) => word.text.replace(/\u00AD/g, '') === 'schéma'));
    expect(pageIndex).toBeGreaterThan(0);
    const caption = words[pageIndex]!.find((word) => word.text.replace(/\u00AD/g, '') === 'schéma')!;
    const raster = rasterGray(pdf(), pageIndex + 1);
    const x = Math.round(raster.width / 2);
    // Dark pixels of the image 2–12 pt above the caption, paper right above the caption's text.
    const above = Array.from({ length: 10 }, (_, i) => raster.at(x, Math.round(caption.yMin) - 2 - i));
    expect(Math.max(...above)).toBeLessThan(80);
    expect(pageTexts(pdf())[pageIndex]!.replace(/\u00AD/g, '')).toMatch(/Le schéma du réseau, sous l’image/);
  });

  it('print the address after a link whose text is not the address, and keep it clickable', () => {
    const text = pageTexts(pdf()).join('\n').replace(/\u00AD/g, '').replace(/\s+/g, ' ');
    expect(text).toMatch(/le site de Signal \(signal\.org\/download\)/);
    // qpdf's JSON writes PDF strings as "u:<text>".
    const json = execFileSync('qpdf', ['--json', pdf()], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const uris = [...json.matchAll(/"\/URI": "u:([^"]+)"/g)].map((m) => m[1]);
    expect(uris).toContain('https://signal.org/download/');
  });

  it('give callouts their titles', () => {
    const text = pageTexts(pdf()).join('\n');
    expect(text).toMatch(/\bASTUCE\b/i);
    expect(text).toMatch(/\bATTENTION\b/i);
  });

  it('keep a callout whole, with its heading, on the next page when it does not fit', () => {
    const pages = pageTexts(pdf()).map((text) => text.replace(/\u00AD/g, '').replace(/-\n\s*/g, ''));
    const start = pages.findIndex((text) => /\bATTENTION\b/i.test(text));
    expect(pages[start]).toContain('Fin de l’encadré.');
    expect(pages[start]).toMatch(/Juste avant l’encadré/);
    // It moved: the page before ends well above its bottom margin, with room for lines of it.
    const words = wordsByPage(pdf());
    const before = words[start - 1]!.filter((word) => !/^\d+$/.test(word.text));
    const lastY = Math.max(...before.map((word) => word.yMax));
    const pageBottom = (210 - 18) / 25.4 * 72;
    expect(pageBottom - lastY).toBeGreaterThan(40);
  });
});

describe('what is taller than the screen or the page', () => {
  const text = (zine: string) => pageTexts(join(outputDir, zine, `${zine}.pdf`)).map((page) => page.replace(/\u00AD/g, '').replace(/-\n\s*/g, '').replace(/\s+/g, ' '));

  it('prints every paragraph after a tall photo: the layout and the print agree on its height', () => {
    const all = text('portrait').join(' ');
    const found = [...all.matchAll(/Paragraphe (\d)\./g)].map((m) => Number(m[1]));
    expect(found).toEqual([1, 2, 3, 4, 5, 6]);
    expect(warningsOf('portrait')).toEqual([]);
  });

  it('lets a list taller than a page break between items, with no empty page and nothing lost', () => {
    const all = text('lists').join(' ');
    const found = [...all.matchAll(/Élément numéro (\d+) /g)].map((m) => Number(m[1]));
    expect(found).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(warningsOf('lists')).toEqual([]);
    // Right under its heading: the list starts on the heading's page.
    const pages = text('lists');
    const first = pages.findIndex((page) => page.includes('Une longue liste'));
    expect(pages[first]).toContain('Élément numéro 1 ');
  });

  it('runs a contents longer than a page over the next pages, every section once with its page', () => {
    const pages = text('sections');
    const firstSection = pages.findIndex((page) => page.includes('Texte de la section 1.'));
    expect(firstSection).toBeGreaterThan(2);
    // Each contents page without the page number printed at its foot.
    const contents = pages.slice(1, firstSection).map((page) => page.replace(/\s\d+\s*$/, '')).join(' ').replace(/\s+/g, ' ');
    for (let i = 1; i <= 32; i++) {
      const at = pages.findIndex((page) => page.includes(`Texte de la section ${i}.`)) + 1;
      expect(contents).toMatch(new RegExp(`Section ${i} ${at} Partie ${i} ${at}\\b`));
    }
    expect(warningsOf('sections')).toEqual([]);
  });
});
