// A cover title with a word wider than the page (the phone's 32 pt on 78 mm, a
// long German word on A5) is set just small enough for that word to fit whole,
// in every rendition; a title whose words fit keeps its designed size.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/build.ts';
import { textRunsByPage, type TextRun } from '../helpers/pdfjs-text.ts';
import { pdfInfo, wordsByPage } from '../helpers/poppler.ts';

const content = mkdtempSync(join(tmpdir(), 'zinepress-cover-title-'));
const outputDir = mkdtempSync(join(tmpdir(), 'zinepress-cover-title-out-'));
const zines = {
  // "manifestación" is wider than the phone's line at 32 pt; every word fits A5 at 34 pt.
  es: { title: 'Protegerse en la manifestación', lang: 'es', word: 'manifestación' },
  // Wider than A5's line at 34 pt: fits it at about 16 pt.
  de: { title: 'Datenschutzgrundverordnung', lang: 'de', word: 'Datenschutzgrundverordnung' },
  // Fits everywhere: left exactly as designed.
  fr: { title: 'Avant une réunion', lang: 'fr', word: 'réunion' },
};

/** A run's type size in points: the height of its text matrix. */
const sizeOf = (run: TextRun) => Math.hypot(run.transform[2]!, run.transform[3]!);

beforeAll(async () => {
  for (const [name, { title, lang }] of Object.entries(zines)) {
    mkdirSync(join(content, name));
    writeFileSync(join(content, name, 'index.md'), `---\ntitle: "${title}"\nlang: ${lang}\nedition: 1\ndate: 2026-01-01\n---\n\n# Eins\n\nText.\n`);
  }
  await build({ zines: Object.keys(zines), contentDir: content, outputDir });
}, 120_000);

describe.each(Object.entries(zines))('the cover title of %s', (name, { word }) => {
  it.each(['', '-phone'])('prints %s whole, inside the page', (suffix) => {
    const path = join(outputDir, name, `${name}${suffix}.pdf`);
    const [cover] = wordsByPage(path);
    const found = cover!.filter((w) => w.text === word);
    expect(found, `"${word}" on the cover of ${name}${suffix}.pdf: ${cover!.map((w) => w.text).join(' ')}`).toHaveLength(1);
    expect(found[0]!.xMax).toBeLessThanOrEqual(pdfInfo(path).sizes[0]!.widthPt);
  });
});

describe('the cover title’s size', () => {
  const titleSize = async (path: string, word: string) => {
    const [cover] = await textRunsByPage(new Uint8Array(readFileSync(path)));
    return sizeOf(cover!.find((run) => run.str.includes(word))!);
  };

  it('stays as designed when every word fits (34 pt on A5, 32 pt on the phone)', async () => {
    expect(await titleSize(join(outputDir, 'fr', 'fr.pdf'), 'réunion')).toBeCloseTo(34, 1);
    expect(await titleSize(join(outputDir, 'fr', 'fr-phone.pdf'), 'réunion')).toBeCloseTo(32, 1);
  });

  it('shrinks only where a word does not fit, and no further than it must', async () => {
    expect(await titleSize(join(outputDir, 'es', 'es.pdf'), 'manifestación')).toBeCloseTo(34, 1);
    const phone = await titleSize(join(outputDir, 'es', 'es-phone.pdf'), 'manifestación');
    expect(phone).toBeLessThan(32);
    expect(phone).toBeGreaterThan(24);
  });

  it('goes no smaller than the body text: a word too wide even there breaks', async () => {
    writeFileSync(join(content, 'de', 'index.md'), readFileSync(join(content, 'de', 'index.md'), 'utf8').replace('Datenschutzgrundverordnung', 'Datenschutzgrundverordnungsleitfadenentwurf'));
    await build({ zines: ['de'], contentDir: content, outputDir, forms: [] });
    const [runs] = await textRunsByPage(new Uint8Array(readFileSync(join(outputDir, 'de', 'de-phone.pdf'))));
    // The phone's body is 12 pt: the title stops there, and its one word is set on two lines.
    const title = runs!.filter((run) => /^Datenschutz|entwurf$/.test(run.str.trim()));
    expect(title.length).toBeGreaterThanOrEqual(2);
    for (const run of title) expect(sizeOf(run)).toBeCloseTo(12, 1);
  }, 120_000);
});
