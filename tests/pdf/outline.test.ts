// Bookmarks as Chromium builds them from a page shaped like templates/zine.html,
// and as finalizePdf mends them, read back with pdfjs-dist and qpdf.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { finalizePdf } from '../../scripts/pdf/metadata.ts';
import { withSpaces } from '../../scripts/pdf/outline.ts';
import { readOutline, type Bookmark } from '../helpers/pdfjs-text.ts';
import { printWithChromium, run, withTempDir } from './make.ts';
import { META } from './meta.ts';

// Headings of no width: each word on a line of its own (the extreme of how
// the cover title wraps on A5), so Chromium drops every space between words.
const HTML = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>x</title>
<style>h1, h2 { width: 0; } section, nav, main > h1 { break-before: page; }</style></head>
<body>
  <section class="cover"><h1 class="cover-title">Avant une réunion en ligne</h1></section>
  <nav class="contents"><h2>Sommaire</h2><ol><li>Introduction</li></ol></nav>
  <main>
    <h1>Introduction</h1><p>Texte.</p>
    <h1>Le salon, la porte et les fenêtres</h1><p>Texte.</p>
    <h2>« Bugs » de Riot</h2><p>Texte.</p>
  </main>
</body></html>`;
const title = 'Avant une réunion en ligne';
const headings = ['Introduction', 'Le salon, la porte et les fenêtres', '« Bugs » de Riot'];

/** Titles and pages, nested, without the noise of pdfjs's objects. */
const shape = (items: Bookmark[]): unknown[] =>
  items.map((item) => (item.children.length ? [item.title, item.page, shape(item.children)] : [item.title, item.page]));

let chromiumPdf: Uint8Array;
let finalPdf: Uint8Array;

beforeAll(async () => {
  chromiumPdf = await printWithChromium(HTML);
  finalPdf = await finalizePdf(chromiumPdf, { ...META, title, headings });
}, 60_000);

describe('bookmarks of a Chromium print', () => {
  it('lose the space where a heading wraps, and nest the contents under the title', async () => {
    expect(shape(await readOutline(chromiumPdf))).toEqual([
      ['Avantuneréunionenligne', 1, [['Sommaire', 2]]],
      ['Introduction', 3],
      ['Lesalon,laporteetlesfenêtres', 4, [['«Bugs»deRiot', 4]]],
    ]);
  });
});

describe('bookmarks after finalizePdf', () => {
  it('have the headings’ spaces, the title as root, the contents and sections side by side (the title and a section wrapped)', async () => {
    expect(shape(await readOutline(finalPdf))).toEqual([
      [title, 1, [['Sommaire', 2], ['Introduction', 3], ['Le salon, la porte et les fenêtres', 4, [['« Bugs » de Riot', 4]]]]],
    ]);
  });

  it('mend the title from the front matter alone, when the headings are not given', async () => {
    const outline = await readOutline(await finalizePdf(chromiumPdf, { ...META, title }));
    expect(outline.map((item) => item.title)).toEqual([title]);
    expect(outline[0]!.children.map((item) => item.title)).toEqual(['Sommaire', 'Introduction', 'Lesalon,laporteetlesfenêtres']);
  });

  it('are left in place when the first bookmark is not the title', async () => {
    const outline = await readOutline(await finalizePdf(chromiumPdf, META));
    expect(outline.map((item) => item.title)).toEqual(['Avantuneréunionenligne', 'Introduction', 'Lesalon,laporteetlesfenêtres']);
  });

  it('are counted right and change no more when finalized again (qpdf --check, --json)', async () => {
    expect(await finalizePdf(finalPdf, { ...META, title, headings })).toEqual(finalPdf);
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'f.pdf'), finalPdf);
      expect(run('qpdf', ['--check', join(dir, 'f.pdf')])).toContain('No syntax or stream encoding errors');
      const json = JSON.parse(run('qpdf', ['--json', '--json-key=outlines', join(dir, 'f.pdf')])) as { outlines: { kids: unknown[] }[] };
      expect(json.outlines).toHaveLength(1);
      expect(json.outlines[0]!.kids).toHaveLength(3);
    });
  });
});

describe('withSpaces', () => {
  it('puts back the space lost at a line break, after the punctuation it follows', () => {
    expect(withSpaces('S’organiser, seprotéger', 'S’organiser, se protéger')).toBe('S’organiser, se protéger');
    expect(withSpaces('S’organiser,se protéger', 'S’organiser, se protéger')).toBe('S’organiser, se protéger');
    expect(withSpaces('«Bugs»deRiot', '« Bugs » de Riot')).toBe('« Bugs » de Riot');
    expect(withSpaces('AVANTUNE RÉUNION', 'Avant une réunion')).toBe('AVANT UNE RÉUNION');
  });

  it('keeps what was drawn, and leaves a title whose letters differ', () => {
    expect(withSpaces('«\u202FBugs\u202F» de Riot', '"Bugs" de Riot')).toBe('«\u202FBugs\u202F» de Riot');
    expect(withSpaces('Sommaire', 'Introduction')).toBe('Sommaire');
    expect(withSpaces('', 'Introduction')).toBe('');
  });
});
