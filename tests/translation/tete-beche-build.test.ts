// The bilingual tête-bêche booklet built for real from the guide and its Dutch
// translation: every side read back with poppler, each half holding the page
// the order says, the Dutch upside down; and the refusals before any render.
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type ZineManifest } from '../../scripts/build.ts';
import { teteBecheSides } from '../../scripts/impose/order.ts';
import { fixtureZines } from '../helpers/fixtures.ts';
import { textRunsByPage } from '../helpers/pdfjs-text.ts';
import { pdfInfo, wordsByPage } from '../helpers/poppler.ts';

const zine = 'guide-fr-nl';
/** A copy of the bilingual guide whose index.md's impose: is `impose`, and more files beside it. */
function contentWith(impose: string, files: Record<string, string> = {}): string {
  const content = mkdtempSync(join(tmpdir(), 'zinepress-tete-beche-content-'));
  cpSync(join(fixtureZines, zine), join(content, zine), { recursive: true });
  const index = join(content, zine, 'index.md');
  writeFileSync(index, readFileSync(index, 'utf8').replace(/^contents: true$/m, `contents: true\n${impose}`));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(content, zine, name), text);
  return content;
}

const contentDir = contentWith('impose: [booklet, tete-beche]');
const outputDir = mkdtempSync(join(tmpdir(), 'zinepress-tete-beche-'));
const dir = join(outputDir, zine);
let manifest: ZineManifest;

beforeAll(async () => {
  [manifest] = await build({ zines: [zine], contentDir, outputDir });
}, 120_000);

/** A page's words, sorted: the same whatever the page's turn. */
const wordsOf = (words: { text: string }[]) => words.map((word) => word.text).sort();

describe('impose: [booklet, tete-beche] with a translation', () => {
  it('makes one file of both languages, listed as such, beside each language’s booklet', () => {
    const file = manifest.files.find((entry) => entry.kind === 'tete-beche')!;
    const pages = manifest.pages;
    const dutchPages = manifest.translations![0]!.pages;
    const half = 2 * Math.ceil(Math.max(pages, dutchPages) / 2);
    expect(file).toMatchObject({ name: `${zine}-tete-beche.pdf`, lang: 'fr+nl', pages: half });
    const info = pdfInfo(join(dir, file.name));
    expect(info.pages).toBe(half);
    for (const size of info.sizes) expect([Math.round(size.widthPt), Math.round(size.heightPt)]).toEqual([842, 595]);
    expect(manifest.files.map((entry) => entry.name)).toEqual(expect.arrayContaining([`${zine}-booklet.pdf`, `${zine}-booklet.nl.pdf`]));
  });

  it('puts in each half of each side the page the order says: read back, word for word', () => {
    const sheets = wordsByPage(join(dir, `${zine}-tete-beche.pdf`));
    const sources = { a: wordsByPage(join(dir, `${zine}.pdf`)), b: wordsByPage(join(dir, `${zine}.nl.pdf`)) };
    const sides = teteBecheSides(sources.a.length, sources.b.length);
    expect(sheets.length).toBe(sides.length);
    const halfWidth = 842 / 2;
    for (const [index, side] of sides.entries()) {
      for (const [half, slot] of [['left', side.left], ['right', side.right]] as const) {
        const words = sheets[index]!.filter((word) => ((word.xMin + word.xMax) / 2 < halfWidth) === (half === 'left'));
        const expected = slot.page === null ? [] : wordsOf(sources[slot.source!][slot.page - 1]!);
        expect(wordsOf(words), `side ${index + 1}, ${half}: ${slot.source}${slot.page}`).toEqual(expected);
      }
    }
  });

  it('prints the Dutch upside down and the French upright, the two covers on the outer side', async () => {
    const [outer] = await textRunsByPage(new Uint8Array(readFileSync(join(dir, `${zine}-tete-beche.pdf`))));
    const run = (text: string) => outer!.find((item) => item.str.includes(text))!;
    const french = run('S’organiser');
    const dutch = run('Ons organiseren');
    // [a, b, c, d, e, f]: a > 0 upright, a < 0 turned 180°; e is x.
    expect(french.transform[0]).toBeGreaterThan(0);
    expect(french.transform[4]).toBeGreaterThan(842 / 2);
    expect(dutch.transform[0]).toBeLessThan(0);
    expect(dutch.transform[4]).toBeLessThan(842 / 2);
  });

  it('explains it in each language’s printing instructions', () => {
    expect(readFileSync(join(dir, `${zine}-print.txt`), 'utf8')).toMatch(/^6\. Une couverture se lit en français\. Retournez le livret et mettez-le tête en bas\s?: l’autre couverture se lit en néerlandais\./m);
    expect(readFileSync(join(dir, `${zine}-print.nl.txt`), 'utf8')).toMatch(/^Het omkeerboekje afdrukken \(\d+ pagina’s in het Frans, \d+ in het Nederlands, \d+ vellen A4\)$/m);
  });

  it('is not made by a --lang build, which cannot have both languages: the old one goes, and the log says so', async () => {
    const logged: string[] = [];
    const [after] = await build({ zines: [zine], contentDir, outputDir, lang: 'nl', log: (line) => logged.push(line) });
    expect(logged).toContain(`${zine}: tete-beche not made: it needs every language; build without --lang`);
    expect(after!.files.some((file) => file.kind === 'tete-beche')).toBe(false);
    expect(existsSync(join(dir, `${zine}-tete-beche.pdf`))).toBe(false);
    expect(existsSync(join(dir, `${zine}-booklet.pdf`))).toBe(true);
  }, 120_000);
});

describe('impose: [tete-beche] refused before any render', () => {
  const refused = async (content: string) => {
    const error = await build({ zines: [zine], contentDir: content, outputDir: mkdtempSync(join(tmpdir(), 'zinepress-tete-beche-refused-')) }).then(
      () => undefined,
      (caught: { problems?: { reason: string; line?: number }[] }) => caught,
    );
    return error?.problems?.map((p) => [p.line, p.reason]);
  };

  it('with no translation', async () => {
    const content = contentWith('impose: [tete-beche]');
    const { rmSync } = await import('node:fs');
    rmSync(join(content, zine, 'index.nl.md'));
    expect(await refused(content)).toEqual([[10, expect.stringMatching(/^impose: tete-beche needs two languages/)]]);
  });

  it('with two translations and none named, or one named that is not there', async () => {
    const german = readFileSync(join(fixtureZines, zine, 'index.nl.md'), 'utf8').replace('lang: nl', 'lang: de');
    expect(await refused(contentWith('impose: [tete-beche]', { 'index.de.md': german }))).toEqual([[10, 'impose: tete-beche pairs the original with one translation, and this zine has 2 (de, nl)']]);
    expect(await refused(contentWith('impose: [tete-beche]\ntete-beche:\n  with: es'))).toEqual([[10, 'tete-beche.with: es names no translation of this zine; it has nl']]);
  }, 60_000);
});
