// The black-and-white set built for real through Chromium: a zine with a colour
// photo, a colour drawing, callouts, a table, links and code (the photocopy
// fixture), the mini-zine and the tête-bêche booklet; every page of every
// black-and-white PDF read back as pixels with poppler.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type ZineManifest } from '../scripts/build.ts';
import { TINT_FLOOR } from '../scripts/images/grey.ts';
import { runMain } from './helpers/cli.ts';
import { fixtureZines } from './helpers/fixtures.ts';
import { wordsByPage } from './helpers/poppler.ts';
import { imageBoxes, rasterPages, type Box, type Raster } from './helpers/raster.ts';

const zine = 'photocopy';

/** A copy of a fixture zine whose index.md has `lines` added to its front matter, after `title:`. */
function contentWith(name: string, lines: string[]): string {
  const content = mkdtempSync(join(tmpdir(), 'zinepress-bw-content-'));
  cpSync(join(fixtureZines, name), join(content, name), { recursive: true });
  const index = join(content, name, 'index.md');
  writeFileSync(index, readFileSync(index, 'utf8').replace(/^title: .*$/m, (title) => [title, ...lines].join('\n')));
  return content;
}

/** Build one zine into a fresh folder; its manifest, folder and log. */
async function buildOne(name: string, contentDir: string, forms: string[] = []) {
  const outputDir = mkdtempSync(join(tmpdir(), 'zinepress-bw-'));
  const log: string[] = [];
  const [manifest] = await build({ zines: [name], contentDir, outputDir, forms, log: (line) => log.push(line) });
  return { manifest: manifest!, dir: join(outputDir, name), log };
}

type Built = Awaited<ReturnType<typeof buildOne>>;
let both: Built;
let bwOnly: Built;
let plain: Built;
let flagged: { status: number; out: string; dir: string };
let minizine: Built;
let minizinePlain: Built;
let minizineFlagged: Built;
let teteBeche: Built;

beforeAll(async () => {
  both = await buildOne(zine, contentWith(zine, ['colour: [colour, bw]', 'bw:', '  reading: true']));
  bwOnly = await buildOne(zine, contentWith(zine, ['colour: bw']));
  plain = await buildOne(zine, fixtureZines);
  const output = mkdtempSync(join(tmpdir(), 'zinepress-bw-cli-'));
  flagged = { ...(await runMain('build', zine, '--bw', '--content', fixtureZines, '--output', output)), dir: join(output, zine) };
  minizine = await buildOne('avant-la-reunion', contentWith('avant-la-reunion', ['colour: [colour, bw]']));
  minizinePlain = await buildOne('avant-la-reunion', fixtureZines);
  minizineFlagged = await buildOne('avant-la-reunion', fixtureZines, ['bw']);
  teteBeche = await buildOne('guide-fr-nl', contentWith('guide-fr-nl', ['impose: [booklet, tete-beche]', 'colour: [colour, bw]']));
}, 300_000);

/** The manifest's files as name → rendition ('' for the print one). */
const renditions = (manifest: ZineManifest) => Object.fromEntries(manifest.files.map((file) => [file.name, (file as { rendition?: string }).rendition ?? '']));

/** Every black-and-white PDF the builds made. */
const bwPdfs = () =>
  [both, bwOnly, minizine, teteBeche].flatMap(({ manifest, dir }) =>
    manifest.files.filter((file) => (file as { rendition?: string }).rendition === 'bw').map((file) => join(dir, file.name)),
  );

describe('the black-and-white set: files and manifest', () => {
  it('colour: [colour, bw] makes both sets, the black-and-white files named -bw and marked rendition: bw', () => {
    expect(renditions(both.manifest)).toEqual({
      'photocopy.pdf': '',
      'photocopy-phone.pdf': 'phone',
      'photocopy-bw.pdf': 'bw',
      'photocopy-booklet.pdf': '',
      'photocopy-booklet-bw.pdf': 'bw',
      'cover.png': '',
      'pages.png': '',
      'photocopy-print.txt': '',
    });
    for (const name of Object.keys(renditions(both.manifest))) expect(existsSync(join(both.dir, name)), name).toBe(true);
    // Laid out alike: as many pages in black and white as in colour.
    const pages = Object.fromEntries(both.manifest.files.map((file) => [file.name, file.pages]));
    expect(pages['photocopy-bw.pdf']).toBe(pages['photocopy.pdf']);
    expect(pages['photocopy-booklet-bw.pdf']).toBe(pages['photocopy-booklet.pdf']);
    expect(both.log.filter((line) => /\b(warning|error):/.test(line))).toEqual([]);
  });

  it('colour: bw makes the impositions in black and white only, and the reading PDF in colour', () => {
    expect(renditions(bwOnly.manifest)).toEqual({
      'photocopy.pdf': '',
      'photocopy-phone.pdf': 'phone',
      'photocopy-booklet-bw.pdf': 'bw',
      'cover.png': '',
      'pages.png': '',
      'photocopy-print.txt': '',
    });
    expect(readdirSync(bwOnly.dir).sort()).toEqual(['cover.png', 'manifest.json', 'pages.png', 'photocopy-booklet-bw.pdf', 'photocopy-phone.pdf', 'photocopy-print.txt', 'photocopy.pdf']);
  });

  it('--bw adds the black-and-white set and leaves the colour set byte for byte as a build without it', () => {
    expect(flagged.status, flagged.out).toBe(0);
    const manifest = JSON.parse(readFileSync(join(flagged.dir, 'manifest.json'), 'utf8')) as ZineManifest;
    expect(renditions(manifest)).toEqual({ ...renditions(plain.manifest), 'photocopy-booklet-bw.pdf': 'bw' });
    for (const name of ['photocopy.pdf', 'photocopy-booklet.pdf', 'cover.png', 'pages.png']) {
      expect(readFileSync(join(flagged.dir, name)).equals(readFileSync(join(plain.dir, name))), name).toBe(true);
    }
    // A zine without a drawing: every file of the colour set byte for byte.
    expect(renditions(minizineFlagged.manifest)).toEqual({ ...renditions(minizinePlain.manifest), 'avant-la-reunion-minizine-bw.pdf': 'bw' });
    for (const file of minizinePlain.manifest.files.filter((entry) => entry.kind !== 'instructions')) {
      expect(readFileSync(join(minizineFlagged.dir, file.name)).equals(readFileSync(join(minizinePlain.dir, file.name))), file.name).toBe(true);
    }
    // The colour set's instructions as they were, the black-and-white set's after them.
    const colour = readFileSync(join(plain.dir, 'photocopy-print.txt'), 'utf8');
    expect(readFileSync(join(flagged.dir, 'photocopy-print.txt'), 'utf8')).toMatch(new RegExp(`^${colour.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\nPrinting the booklet in black and white \\(`));
  });

  it('makes the mini-zine and the tête-bêche booklet in black and white, each language’s booklet too', () => {
    expect(renditions(minizine.manifest)).toMatchObject({ 'avant-la-reunion-minizine.pdf': '', 'avant-la-reunion-minizine-bw.pdf': 'bw' });
    expect(renditions(teteBeche.manifest)).toMatchObject({
      'guide-fr-nl-booklet.pdf': '',
      'guide-fr-nl-booklet-bw.pdf': 'bw',
      'guide-fr-nl-booklet.nl.pdf': '',
      'guide-fr-nl-booklet-bw.nl.pdf': 'bw',
      'guide-fr-nl-tete-beche.pdf': '',
      'guide-fr-nl-tete-beche-bw.pdf': 'bw',
    });
    expect(teteBeche.manifest.files.find((file) => file.name === 'guide-fr-nl-tete-beche-bw.pdf')).toMatchObject({ kind: 'tete-beche', lang: 'fr+nl' });
    // No black-and-white reading PDF unless bw.reading asks.
    expect(Object.keys(renditions(teteBeche.manifest))).not.toContain('guide-fr-nl-bw.pdf');
  });

  it('tells the two sets apart in the printing instructions of every language', () => {
    const booklet = readFileSync(join(both.dir, 'photocopy-print.txt'), 'utf8');
    expect(booklet).toContain('Printing the booklet (7 pages');
    expect(booklet).toContain('Printing the booklet in black and white (7 pages');
    expect(booklet).toContain('2. Colour: choose “Black and white”');
    expect(readFileSync(join(minizine.dir, 'avant-la-reunion-print.txt'), 'utf8')).toMatch(/^Imprimer le mini-zine \([^]*\nImprimer le mini-zine en noir et blanc \(/);
    const fr = readFileSync(join(teteBeche.dir, 'guide-fr-nl-print.txt'), 'utf8');
    const nl = readFileSync(join(teteBeche.dir, 'guide-fr-nl-print.nl.txt'), 'utf8');
    for (const title of ['Imprimer le livret (', 'Imprimer le livret en noir et blanc (', 'Imprimer le livret tête-bêche (', 'Imprimer le livret tête-bêche en noir et blanc (']) expect(fr).toContain(title);
    for (const title of ['Het boekje afdrukken (', 'Het boekje in zwart-wit afdrukken (', 'Het omkeerboekje afdrukken (', 'Het omkeerboekje in zwart-wit afdrukken (']) expect(nl).toContain(title);
  });
});

/**
 * The most two channels of one pixel may differ and it still be grey: 2 of 255.
 * Poppler turns a grey of the PDF into R = G = B, and anti-aliasing only mixes greys
 * with greys: any difference is colour, but for a rounding in the colour profile
 * Chromium tags images with. The colour set's red differs by 149.
 */
const GREY_TOLERANCE = 2;

/** The most a channel of a page's pixels differs from another, and where. */
function colourfulness(page: Raster): { spread: number; x: number; y: number } {
  let worst = { spread: 0, x: 0, y: 0 };
  for (let i = 0; i < page.data.length; i += 3) {
    const [r, g, b] = [page.data[i]!, page.data[i + 1]!, page.data[i + 2]!];
    const spread = Math.max(Math.abs(r - g), Math.abs(g - b), Math.abs(r - b));
    if (spread > worst.spread) worst = { spread, x: (i / 3) % page.width, y: Math.floor(i / 3 / page.width) };
  }
  return worst;
}

/** The pixels of a word's box on a grey page. */
function pixelsOf(page: Raster, box: { xMin: number; yMin: number; xMax: number; yMax: number }): number[] {
  const pixels: number[] = [];
  for (let y = Math.max(0, Math.floor(box.yMin * page.scale)); y < Math.min(page.height, Math.ceil(box.yMax * page.scale)); y++) {
    for (let x = Math.max(0, Math.floor(box.xMin * page.scale)); x < Math.min(page.width, Math.ceil(box.xMax * page.scale)); x++) pixels.push(page.data[y * page.width + x]!);
  }
  return pixels;
}

/** Near black: 87 % black or darker. The colour set's grey text (#555) is 85, its red 79 once grey. */
const NEAR_BLACK = 32;

/** The grey of the tint floor (20 % black: 204), and the lightest grey that is still paper. */
const FLOOR_GREY = Math.round(255 * (1 - TINT_FLOOR));
const PAPER = 250;

/**
 * Flat areas lighter than the tint floor (a tint a copier drops) on a grey page:
 * squares of `size` pixels all within 3 levels of one another, between the floor
 * and the paper, outside the page's images (a photo's sky is no tint).
 */
function lightTints(page: Raster, images: Box[], size = 5): { x: number; y: number; grey: number }[] {
  const found: { x: number; y: number; grey: number }[] = [];
  const inImage = (x: number, y: number) => images.some((box) => x >= box.x * page.scale - size && x <= (box.x + box.width) * page.scale && y >= box.y * page.scale - size && y <= (box.y + box.height) * page.scale);
  for (let y = 0; y + size <= page.height; y += size) {
    for (let x = 0; x + size <= page.width; x += size) {
      let [min, max] = [255, 0];
      for (let dy = 0; dy < size; dy++) for (let dx = 0; dx < size; dx++) {
        const value = page.data[(y + dy) * page.width + x + dx]!;
        [min, max] = [Math.min(min, value), Math.max(max, value)];
      }
      if (max - min <= 3 && min > FLOOR_GREY + 3 && max < PAPER && !inImage(x, y)) found.push({ x, y, grey: min });
    }
  }
  return found;
}

describe('every black-and-white PDF, read back as pixels', () => {
  it('has no coloured pixel on any page (poppler at 60 dpi)', () => {
    const pdfs = bwPdfs();
    expect(pdfs.length).toBe(7);
    for (const pdf of pdfs) {
      for (const [index, page] of rasterPages(pdf, 60, 'colour').entries()) {
        const worst = colourfulness(page);
        expect(worst.spread, `${pdf}, page ${index + 1}, pixel ${worst.x},${worst.y}`).toBeLessThanOrEqual(GREY_TOLERANCE);
      }
    }
    // The check sees colour where there is some: the colour booklet's red.
    expect(Math.max(...rasterPages(join(both.dir, 'photocopy-booklet.pdf'), 60, 'colour').map((page) => colourfulness(page).spread))).toBeGreaterThan(100);
  });

  it('prints every word in solid black (or white on a dark ground): no grey text, at 12 pt or below nor above', () => {
    /** Words whose darkest pixel is not near black (nor, on a dark ground, their lightest near white), at 150 dpi. */
    const greyWords = (pdf: string) => {
      const words = wordsByPage(pdf);
      return rasterPages(pdf, 150, 'grey').flatMap((page, index) =>
        // A word of punctuation alone (the colophon's "·") may cover no whole pixel: letters and digits do.
        words[index]!.filter((word) => /[\p{L}\p{N}]/u.test(word.text)).flatMap((word) => {
          const pixels = pixelsOf(page, word).sort((a, b) => a - b);
          const ground = pixels[Math.floor(pixels.length / 2)]!;
          // Black, or white on a ground at least as dark as the tint floor (a label in a drawing).
          const ok = pixels[0]! <= NEAR_BLACK || (pixels.at(-1)! >= 255 - NEAR_BLACK && ground < FLOOR_GREY);
          return ok ? [] : [`page ${index + 1}: ${word.text} (${pixels[0]}–${pixels.at(-1)} on ${ground})`];
        }),
      );
    };
    for (const pdf of bwPdfs()) expect(greyWords(pdf), pdf).toEqual([]);
    // The check sees grey text where there is some: the colour set's page numbers and captions.
    expect(greyWords(join(both.dir, 'photocopy.pdf')).length).toBeGreaterThan(10);
  });

  it(`fills no area lighter than the tint floor (${TINT_FLOOR * 100} % black) outside the photos`, async () => {
    for (const pdf of bwPdfs()) {
      const images = await imageBoxes(new Uint8Array(readFileSync(pdf)));
      for (const [index, page] of rasterPages(pdf, 60, 'grey').entries()) {
        expect(lightTints(page, images[index]!).slice(0, 3), `${pdf}, page ${index + 1}`).toEqual([]);
      }
    }
    // The check finds a tint where there is one: the colour set's callouts.
    const colour = join(both.dir, 'photocopy.pdf');
    const images = await imageBoxes(new Uint8Array(readFileSync(colour)));
    expect(rasterPages(colour, 60, 'grey').flatMap((page, index) => lightTints(page, images[index]!)).length).toBeGreaterThan(20);
  });
});

/** `pdfimages -list` rows: type and colour of each image. */
function imageList(pdf: string): { type: string; color: string; width: number }[] {
  const rows = execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
  return rows.map((row) => {
    const cells = row.trim().split(/\s+/);
    return { type: cells[2]!, width: Number(cells[3]), color: cells[5]! };
  });
}

/** The standard deviation of the luminance of the first image of a PDF, as extracted by pdfimages. */
async function contrastOfImage(pdf: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'zinepress-bw-images-'));
  execFileSync('pdfimages', ['-f', '1', '-all', pdf, join(dir, 'image')]);
  const [first] = readdirSync(dir).sort();
  const stats = await sharp(join(dir, first!)).greyscale().stats();
  return stats.channels[0]!.stdev;
}

describe('the photo and the drawing in black and white', () => {
  it('embeds the photo as grey image data (DeviceGray), the drawing as vectors', () => {
    for (const pdf of [join(both.dir, 'photocopy-bw.pdf'), join(both.dir, 'photocopy-booklet-bw.pdf')]) {
      // One image: the photo. The drawing is no image: greyed colour by colour, it stays vector.
      expect(imageList(pdf), pdf).toEqual([{ type: 'image', width: 900, color: 'gray' }]);
    }
    expect(imageList(join(both.dir, 'photocopy.pdf'))).toEqual([{ type: 'image', width: 900, color: 'icc' }]);
  });

  it('raises the photo’s contrast for toner: its luminance spreads wider than the colour photo’s', async () => {
    const colour = await contrastOfImage(join(both.dir, 'photocopy.pdf'));
    const grey = await contrastOfImage(join(both.dir, 'photocopy-bw.pdf'));
    expect(grey).toBeGreaterThan(1.5 * colour);
  });
});
