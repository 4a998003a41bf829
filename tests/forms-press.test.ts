// The print-shop PDF: the guide laid out again with 3 mm of bleed and crop marks
// (styles/press.css), its trim and bleed boxes set (scripts/forms/press.ts), read
// back with qpdf, pdftoppm and pdftotext, tools that did not write it.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, PDFName } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type ZineManifest } from '../scripts/build.ts';
import { frontMatterSchema, type FrontMatter } from '../scripts/config.ts';
import { FORMS } from '../scripts/forms/index.ts';
import { BLEED_MM, press, pressBoxes, SHEET_MARGIN_PT } from '../scripts/forms/press.ts';
import { PT_PER_MM } from '../scripts/impose/paper.ts';
import { auditPdf } from '../scripts/pdf/audit.ts';
import { editionDate } from '../scripts/pdf/metadata.ts';
import { projectRoot } from '../scripts/sources.ts';
import { runMain } from './helpers/cli.ts';
import { fixtureZines } from './helpers/fixtures.ts';
import { letters, pageTexts } from './helpers/pdf-text.ts';
import { pdfInfo, wordsByPage, writeTempPdf } from './helpers/poppler.ts';
import { makeReadingPdf } from './helpers/reading-pdf.ts';

const zine = 'sorganiser-se-proteger';
const A5 = { widthMm: 148, heightMm: 210 };
const mm = (pt: number) => pt / PT_PER_MM;

/** A page's boxes as qpdf reads them: [left, bottom, right, top] in points. */
type Box = [number, number, number, number];
interface PageBoxes {
  media: Box;
  trim?: Box;
  bleed?: Box;
}

/** The MediaBox, TrimBox and BleedBox of every page, in page order, from `qpdf --json`. */
function pageBoxes(path: string): PageBoxes[] {
  const json = JSON.parse(execFileSync('qpdf', ['--json', '--json-key=pages', '--json-key=qpdf', path], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as {
    pages: { object: string }[];
    qpdf: [unknown, Record<string, { value?: Record<string, unknown> }>];
  };
  return json.pages.map(({ object }) => {
    const page = json.qpdf[1][`obj:${object}`]!.value!;
    return { media: page['/MediaBox'] as Box, trim: page['/TrimBox'] as Box | undefined, bleed: page['/BleedBox'] as Box | undefined };
  });
}

/** One page rasterised in colour at `dpi`, read in points from the top left corner (as pdftotext counts). */
function raster(path: string, page: number, dpi = 144) {
  const ppm = execFileSync('pdftoppm', ['-f', String(page), '-l', String(page), '-r', String(dpi), path], { maxBuffer: 256 * 1024 * 1024 });
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(ppm.subarray(0, 64).toString('latin1'))!;
  const [width, height] = [Number(header[1]), Number(header[2])];
  const scale = dpi / 72;
  const rgb = (xPt: number, yPt: number): [number, number, number] => {
    const x = Math.min(width - 1, Math.floor(xPt * scale));
    const y = Math.min(height - 1, Math.floor(yPt * scale));
    const at = header[0].length + (y * width + x) * 3;
    return [ppm[at]!, ppm[at + 1]!, ppm[at + 2]!];
  };
  /** Every pixel of a rectangle (points from the top left). */
  const pixels = (x0: number, y0: number, x1: number, y1: number) => {
    const found: { x: number; y: number; rgb: [number, number, number] }[] = [];
    for (let y = Math.ceil(y0 * scale); y < y1 * scale; y++) for (let x = Math.ceil(x0 * scale); x < x1 * scale; x++) found.push({ x: x / scale, y: y / scale, rgb: rgb(x / scale, y / scale) });
    return found;
  };
  return { widthPt: width / scale, heightPt: height / scale, rgb, pixels };
}

const dark = ([r, g, b]: [number, number, number]) => r + g + b < 3 * 128;
const white = ([r, g, b]: [number, number, number]) => Math.min(r, g, b) > 245;
/** The theme's accent, #b3261e. */
const accent = ([r, g, b]: [number, number, number]) => Math.abs(r - 0xb3) < 25 && Math.abs(g - 0x26) < 25 && Math.abs(b - 0x1e) < 25;

/** A copy of the fixture in a fresh content folder; `frontMatter` lines go in after the title. */
function copyFixture(frontMatter: string[] = []): string {
  const contentDir = mkdtempSync(join(tmpdir(), 'zinepress-press-content-'));
  cpSync(join(fixtureZines, zine), join(contentDir, zine), { recursive: true });
  const index = join(contentDir, zine, 'index.md');
  const source = readFileSync(index, 'utf8');
  writeFileSync(index, source.replace(/^(title: .*\n)/m, `$1${frontMatter.map((line) => `${line}\n`).join('')}`));
  return contentDir;
}

const bytesOf = (dir: string) => new Map(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name))]));

describe('the press form', () => {
  const config = (extra: Record<string, unknown> = {}) => frontMatterSchema.parse({ title: 'Tract', lang: 'en', edition: 1, date: '2026-11-25', ...extra }) as FrontMatter;
  const make = async (settings: FrontMatter, pageCount = 6) => {
    // A press sheet as Chromium writes it for A5: the trim and 30 pt all round, rounded to about a point.
    const reading = await makeReadingPdf(pageCount, { widthPt: 480, heightPt: 654.96 });
    const meta = { title: 'Tract', lang: settings.lang, date: editionDate('2026-11-25') };
    return press.make!({ zine: 'tract', rendition: 'press', fileName: (stem, ext) => `${stem}.${ext}`, config: settings, indexPath: 'tract/index.md', html: '', reading, pageCount, meta, earlier: [] });
  };

  it('is made always, but only from the press rendition, after the reading and phone PDFs', () => {
    expect(press.chosen).toBe('always');
    expect(press.renditions).toEqual(['press']);
    expect(FORMS.map((form) => form.name).slice(0, 3)).toEqual(['reading', 'phone', 'press']);
  });

  it('names the file <zine>-press.pdf, of kind press, with its page count, audited clean', async () => {
    const { files } = await make(config());
    expect(files.map((file) => [file.name, file.kind, file.pages])).toEqual([['tract-press.pdf', 'press', 6]]);
    expect(await auditPdf(files[0]!.bytes, { allowedDate: editionDate('2026-11-25') })).toEqual([]);
    // Finalised: a second make gives the same bytes.
    expect((await make(config())).files[0]!.bytes).toEqual(files[0]!.bytes);
  });

  it('sets every page’s TrimBox to the trim, 30 pt from the top left, and its BleedBox 3 mm around it', async () => {
    const { files } = await make(config(), 3);
    const boxes = pageBoxes(writeTempPdf(files[0]!.bytes, 'press-form'));
    expect(boxes).toHaveLength(3);
    for (const { media, trim, bleed } of boxes) {
      expect(media).toEqual([0, 0, 480, 654.96]);
      expect(trim).toEqual([30, 29.684, 449.528, 624.96]);
      expect(bleed).toEqual([21.496, 21.18, 458.031, 633.464]);
    }
    expect(pressBoxes('A5', 654.96)).toEqual({ trim: boxes[0]!.trim, bleed: boxes[0]!.bleed });
  });

  it('keeps the MediaBox Chromium wrote and adds no CropBox, so a viewer shows the marks', async () => {
    const doc = await PDFDocument.load((await make(config(), 2)).files[0]!.bytes);
    for (const page of doc.getPages()) {
      expect(page.getMediaBox()).toEqual({ x: 0, y: 0, width: 480, height: 654.96 });
      expect(page.node.get(PDFName.of('CropBox'))).toBeUndefined();
    }
  });

  it('says what to tell the shop, in English: trim, bleed, page count, paper and binding', async () => {
    const { instructions } = await make(config(), 6);
    expect(instructions).toMatch(/^What to tell the print shop \(6 pages, A5\)\n/);
    expect(instructions).toContain('Trim size (the finished page): 148\u00a0×\u00a0210\u00a0mm (A5).');
    expect(instructions).toContain('Bleed: 3\u00a0mm on every side');
    expect(instructions).toContain('Pages: 6,');
    expect(instructions).toContain('Paper: A4, as for the zine’s booklet');
    expect(instructions).toContain('ask for 2 blank pages before the back cover (8 pages in all).');
    const loose = (await make(config({ impose: [], colour: 'bw' }), 6)).instructions!;
    expect(loose).toContain('Colour: black and white.');
    expect(loose).toContain('Paper: choose it with the shop');
    expect(loose).not.toContain('Binding');
  });

  it('agrees with styles/press.css on the bleed and the margin to the sheet’s edge', () => {
    const css = readFileSync(join(projectRoot, 'styles', 'press.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    expect(css).toMatch(new RegExp(`@page\\s*\\{[^}]*\\bbleed:\\s*${SHEET_MARGIN_PT}pt;`));
    expect(css).toMatch(/@page\s*\{[^}]*\bmarks:\s*crop;/);
    expect(css).toMatch(new RegExp(`--bleed:\\s*${BLEED_MM}mm;`));
  });
});

describe(`the guide's press PDF (${zine}, press: true), rendered in Chromium`, () => {
  const outputDir = mkdtempSync(join(tmpdir(), 'zinepress-press-'));
  const dir = join(outputDir, zine);
  const pressPdf = join(dir, `${zine}-press.pdf`);
  const readingPdf = join(dir, `${zine}.pdf`);
  let manifest: ZineManifest;
  let boxes: PageBoxes[];

  beforeAll(async () => {
    [manifest] = await build({ zines: [zine], contentDir: copyFixture(['press: true']), outputDir });
    boxes = pageBoxes(pressPdf);
  });

  it('is listed in the manifest, from the press rendition, with the reading PDF’s page count, and audited clean', async () => {
    const reading = manifest.files.find((file) => file.kind === 'reading')!;
    const entry = manifest.files.find((file) => file.name === `${zine}-press.pdf`)!;
    expect(entry).toMatchObject({ kind: 'press', rendition: 'press', lang: 'fr', pages: reading.pages });
    expect(pdfInfo(pressPdf).pages).toBe(reading.pages);
    expect(await auditPdf(readFileSync(pressPdf), { allowedDate: editionDate('2026-11-25') })).toEqual([]);
  });

  it('has an A5 TrimBox, a BleedBox 3 mm beyond it on every side, and a MediaBox with room for the marks (qpdf)', () => {
    expect(boxes).toHaveLength(manifest.pages);
    for (const [index, { media, trim, bleed }] of boxes.entries()) {
      const page = `page ${index + 1}`;
      expect(trim, page).toBeDefined();
      expect(bleed, page).toBeDefined();
      const [left, bottom, right, top] = trim!;
      expect(mm(right - left), page).toBeCloseTo(A5.widthMm, 2);
      expect(mm(top - bottom), page).toBeCloseTo(A5.heightMm, 2);
      for (const side of [0, 1]) expect(mm(trim![side]! - bleed![side]!), page).toBeCloseTo(BLEED_MM, 2);
      for (const side of [2, 3]) expect(mm(bleed![side]! - trim![side]!), page).toBeCloseTo(BLEED_MM, 2);
      // Room for the marks: at least 10 mm from the trim to the sheet's edge on every side.
      expect(media.slice(0, 2)).toEqual([0, 0]);
      for (const margin of [left - media[0], bottom - media[1], media[2] - right, media[3] - top]) expect(mm(margin), page).toBeGreaterThanOrEqual(10);
    }
  });

  it('draws crop marks outside the bleed, at each corner of the trim, and nothing between the bleed and the marks', () => {
    // The marks run from the sheet's edge to 5 mm from the trim; the bleed is 3 mm.
    const reach = 5 * PT_PER_MM;
    for (const page of [1, 3, manifest.pages]) {
      const { widthPt, heightPt, pixels } = raster(pressPdf, page);
      const { media, trim, bleed } = boxes[page - 1]!;
      // Read from the top left corner, as the raster is: left, top, right, bottom.
      const fromTop = ([left, bottom, right, top]: Box) => ({ left, top: media[3] - top, right, bottom: media[3] - bottom });
      const t = fromTop(trim!);
      const b = fromTop(bleed!);
      const at = `page ${page}`;
      for (const [x, xMark] of [[t.left, [1, t.left - reach - 1]], [t.right, [t.right + reach + 1, widthPt - 1]]] as const) {
        for (const [y, yMark] of [[t.top, [1, t.top - reach - 1]], [t.bottom, [t.bottom + reach + 1, heightPt - 1]]] as const) {
          const corner = `${at}, corner (${x.toFixed(1)}, ${y.toFixed(1)})`;
          // Two marks: one on the line of the trim's vertical edge, one on its horizontal edge, both in the sheet's margin.
          expect(pixels(x - 1.5, yMark[0], x + 1.5, yMark[1]).filter((p) => dark(p.rgb)).length, `${corner}: vertical mark`).toBeGreaterThan(10);
          expect(pixels(xMark[0], y - 1.5, xMark[1], y + 1.5).filter((p) => dark(p.rgb)).length, `${corner}: horizontal mark`).toBeGreaterThan(10);
          // The corner of the bleed, outside the trim: nothing, the marks stop before it.
          const [bx, by] = [x === t.left ? b.left : b.right, y === t.top ? b.top : b.bottom];
          const square = pixels(Math.min(x, bx) + 0.5, Math.min(y, by) + 0.5, Math.max(x, bx) - 0.5, Math.max(y, by) - 0.5);
          expect(square.length).toBeGreaterThan(100);
          expect(square.filter((p) => !white(p.rgb)), `${corner}: its bleed`).toEqual([]);
        }
      }
      // Between the bleed box and where the marks stop, all round: white, no mark and no background.
      const [outer, inner] = [
        { left: t.left - reach + 1, top: t.top - reach + 1, right: t.right + reach - 1, bottom: t.bottom + reach - 1 },
        { left: b.left - 1, top: b.top - 1, right: b.right + 1, bottom: b.bottom + 1 },
      ];
      const ring = [
        ...pixels(outer.left, outer.top, outer.right, inner.top),
        ...pixels(outer.left, inner.bottom, outer.right, outer.bottom),
        ...pixels(outer.left, inner.top, inner.left, inner.bottom),
        ...pixels(inner.right, inner.top, outer.right, inner.bottom),
      ];
      expect(ring.length).toBeGreaterThan(1000);
      expect(ring.filter((p) => !white(p.rgb)), `${at}: between the bleed and the marks`).toEqual([]);
    }
  });

  it('runs the covers’ accent rules into the bleed, to its edge, at the height they have in the reading PDF', () => {
    for (const { page, from } of [
      { page: 1, from: 'top' },
      { page: manifest.pages, from: 'bottom' },
    ]) {
      const pressPage = raster(pressPdf, page);
      const readingPage = raster(readingPdf, page);
      const [, , , mediaTop] = boxes[page - 1]!.media;
      const [trimLeft, , trimRight, trimTopPdf] = boxes[page - 1]!.trim!;
      const [bleedLeft, , bleedRight] = boxes[page - 1]!.bleed!;
      const trimTop = mediaTop - trimTopPdf;
      // The rule's rows in the reading PDF, down the middle of the page.
      const middle = readingPage.widthPt / 2;
      const rows = readingPage.pixels(middle, 0, middle + 0.5, readingPage.heightPt).filter((p) => accent(p.rgb)).map((p) => p.y);
      const rule = from === 'top' ? rows.filter((y) => y < readingPage.heightPt / 3) : rows.filter((y) => y > (readingPage.heightPt * 2) / 3);
      expect(rule.length, `page ${page}: a rule in the reading PDF`).toBeGreaterThan(6);
      const y = trimTop + (Math.min(...rule) + Math.max(...rule)) / 2;
      // In the press PDF, the same height below the trim: accent across the page, through both bands of bleed to their edges.
      for (const x of [bleedLeft + 1, (bleedLeft + trimLeft) / 2, trimLeft - 0.5, trimLeft + 5, pressPage.widthPt / 2, trimRight - 5, trimRight + 0.5, (trimRight + bleedRight) / 2, bleedRight - 1]) {
        expect(accent(pressPage.rgb(x, y)), `page ${page}: accent at x ${x.toFixed(1)}, y ${y.toFixed(1)}: ${pressPage.rgb(x, y)}`).toBe(true);
      }
      // And no further: past the bleed's edge the sheet is white.
      for (const x of [bleedLeft - 1.5, bleedRight + 1.5]) expect(white(pressPage.rgb(x, y)), `page ${page}: white at x ${x.toFixed(1)}`).toBe(true);
    }
  });

  it('has the reading PDF’s text on every page, each word where it is in the reading PDF relative to the trim (pdftotext)', () => {
    const pressTexts = pageTexts(pressPdf);
    const readingTexts = pageTexts(readingPdf);
    expect(pressTexts).toHaveLength(readingTexts.length);
    for (const [index, text] of readingTexts.entries()) expect(letters(pressTexts[index]!), `page ${index + 1}`).toBe(letters(text));

    const pressWords = wordsByPage(pressPdf);
    const readingWords = wordsByPage(readingPdf);
    let compared = 0;
    let worst = 0;
    for (const [index, words] of readingWords.entries()) {
      const [, , , mediaTop] = boxes[index]!.media;
      const [trimLeft, , , trimTop] = boxes[index]!.trim!;
      expect(pressWords[index]!.map((word) => word.text), `page ${index + 1}`).toEqual(words.map((word) => word.text));
      for (const [i, word] of words.entries()) {
        const moved = pressWords[index]![i]!;
        const dx = moved.xMin - trimLeft - word.xMin;
        const dy = moved.yMin - (mediaTop - trimTop) - word.yMin;
        worst = Math.max(worst, Math.abs(dx), Math.abs(dy));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(1000);
    expect(worst).toBeLessThanOrEqual(0.5);
  });

  it('says in the printing instructions, in French, the trim, the bleed and the page count', () => {
    const text = readFileSync(join(dir, `${zine}-print.txt`), 'utf8');
    expect(text).toContain(`Ce qu’il faut dire à l’imprimerie (${manifest.pages} pages, A5)`);
    expect(text).toContain('1. Format fini (après coupe)\u00a0: 148\u00a0×\u00a0210\u00a0mm (A5).');
    expect(text).toContain('2. Fond perdu\u00a0: 3\u00a0mm de chaque côté');
    expect(text).toContain(`3. Pages\u00a0: ${manifest.pages}, une par page du PDF`);
    // The booklet's instructions follow, as before.
    expect(text).toContain('Imprimer le livret (');
  });
});

describe('--press on the command line', () => {
  const contentDir = copyFixture();
  const withPress = mkdtempSync(join(tmpdir(), 'zinepress-press-cli-'));
  const without = mkdtempSync(join(tmpdir(), 'zinepress-press-none-'));

  beforeAll(async () => {
    for (const [output, flags] of [[withPress, ['--press']], [without, []]] as const) {
      const { status, out } = await runMain('build', zine, '--content', contentDir, '--output', output, ...flags);
      expect(status, out).toBe(0);
    }
  });

  it('adds the press PDF and its instructions to a zine without press: true', () => {
    const manifest = JSON.parse(readFileSync(join(withPress, zine, 'manifest.json'), 'utf8')) as ZineManifest;
    expect(manifest.files.find((file) => file.kind === 'press')).toMatchObject({ name: `${zine}-press.pdf`, rendition: 'press', pages: manifest.pages });
    expect(existsSync(join(withPress, zine, `${zine}-press.pdf`))).toBe(true);
    expect(readFileSync(join(withPress, zine, `${zine}-print.txt`), 'utf8')).toContain('Ce qu’il faut dire à l’imprimerie');
  });

  it('without it, changes nothing: no press file, and every other file the same bytes', () => {
    const made = bytesOf(join(withPress, zine));
    const plain = bytesOf(join(without, zine));
    expect([...plain.keys()].sort()).toEqual(['cover.png', 'manifest.json', 'pages.png', `${zine}-booklet.pdf`, `${zine}-phone.pdf`, `${zine}-print.txt`, `${zine}.pdf`]);
    expect([...made.keys()].sort()).toEqual([...plain.keys(), `${zine}-press.pdf`].sort());
    for (const name of ['cover.png', 'pages.png', `${zine}-booklet.pdf`, `${zine}-phone.pdf`, `${zine}.pdf`]) expect(plain.get(name)!.equals(made.get(name)!), name).toBe(true);
    // The instructions without the press PDF's: the booklet's alone.
    const instructions = made.get(`${zine}-print.txt`)!.toString('utf8');
    expect(plain.get(`${zine}-print.txt`)!.toString('utf8')).toBe(instructions.slice(instructions.indexOf('Imprimer le livret')));
    const entries = (dir: Map<string, Buffer>) => (JSON.parse(dir.get('manifest.json')!.toString('utf8')) as ZineManifest).files.filter((file) => !file.name.endsWith('-print.txt'));
    expect(entries(plain)).toEqual(entries(made).filter((file) => file.kind !== 'press'));
  });
});

