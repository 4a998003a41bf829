// The output forms behind one contract, listed in one registry that the front
// matter, the help and the manifest take their names from.
import { describe, expect, it } from 'vitest';
import { frontMatterSchema, frontMatterKeys, type FrontMatter } from '../scripts/config.ts';
import { FLAG_FORMS, FORMS, IMPOSED_FORMS, formsFor, type FormContext, type FormOutput, type MadeFile } from '../scripts/forms/index.ts';
import { printingInstructions } from '../scripts/impose/instructions.ts';
import { landscape, PAPER_SIZES } from '../scripts/impose/paper.ts';
import { makeManifest } from '../scripts/outputs.ts';
import { editionDate } from '../scripts/pdf/metadata.ts';
import { makeReadingPdf } from './helpers/reading-pdf.ts';
import { pdfInfo, writeTempPdf } from './helpers/poppler.ts';

const config = (extra: Record<string, unknown> = {}) =>
  frontMatterSchema.parse({ title: 'Tract', lang: 'en', edition: 1, date: '2026-11-25', ...extra }) as FrontMatter;

describe('the registry', () => {
  it('names each form once, reading first and instructions last', () => {
    const names = FORMS.map((form) => form.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names[0]).toBe('reading');
    expect(names.at(-1)).toBe('instructions');
  });

  it('gives impose: exactly the forms it may choose', () => {
    expect(IMPOSED_FORMS).toEqual(FORMS.filter((form) => form.chosen === 'impose').map((form) => form.name));
    expect(() => frontMatterSchema.parse({ title: 't', lang: 'en', edition: 1, date: '2026-11-25', impose: ['reading'] })).toThrow();
    expect(formsFor([]).map((form) => form.name)).toEqual(['reading', 'phone', 'press', 'pictures', 'instructions']);
    expect(formsFor(['minizine']).map((form) => form.name)).toEqual(['reading', 'phone', 'press', 'minizine', 'pictures', 'instructions']);
  });

  it('makes the html form only when the command line asks for it (--html), never through impose:', () => {
    expect(FLAG_FORMS).toEqual(['html']);
    expect(formsFor(['booklet'], ['html']).map((form) => form.name)).toEqual(['reading', 'phone', 'press', 'booklet', 'pictures', 'html', 'instructions']);
    expect(() => frontMatterSchema.parse({ title: 't', lang: 'en', edition: 1, date: '2026-11-25', impose: ['html'] })).toThrow();
  });

  it('puts each form’s options under its name in the front matter, with the form’s defaults', () => {
    const parsed = config() as unknown as Record<string, unknown>;
    for (const form of FORMS.filter((f) => f.options)) {
      expect(parsed[form.name], form.name).toEqual(form.options!.parse({}));
      for (const option of Object.keys(form.options!.shape)) expect(frontMatterKeys().map((k) => k.key)).toContain(`${form.name}.${option}`);
    }
  });

  it('gives the mini-zine its own options: it no longer reads the booklet’s blanks', () => {
    const settings = config({ impose: ['minizine'], booklet: { blanks: 'end' } });
    expect(settings.minizine).toEqual({ guides: true, blanks: 'before-back-cover' });
  });
});

/** Each named form made, in the registry's order, from a reading PDF of `pageCount` pages (A5 unless `trim` says). */
const run = async (names: string[], pageCount: number, settings = config(), { lang, trim = PAPER_SIZES.A5 }: { lang?: string; trim?: { widthPt: number; heightPt: number } } = {}) => {
  const reading = await makeReadingPdf(pageCount, trim);
  const meta = { title: 'Tract', lang: 'en', date: editionDate('2026-11-25') };
  // A translation's files carry its language before the extension, as the build names them.
  const fileName = (stem: string, ext: string) => (lang ? `${stem}.${lang}.${ext}` : `${stem}.${ext}`);
  const made: FormOutput[] = [];
  for (const form of FORMS.filter((f) => names.includes(f.name))) {
    made.push(await form.make!({ zine: 'tract', rendition: 'print', fileName, config: settings, indexPath: 'tract/index.md', html: '<!doctype html><p>Tract</p>', reading, pageCount, meta, earlier: made }));
  }
  return made;
};

describe('each form makes its files from the finalised render', () => {
  it('reading, booklet and instructions: named after the zine, the booklet imposed, the instructions gathered', async () => {
    const [reading, booklet, instructions] = await run(['reading', 'booklet', 'instructions'], 10);
    expect(reading!.files.map((f) => [f.name, f.kind, f.pages])).toEqual([['tract.pdf', 'reading', 10]]);
    expect(booklet!.files.map((f) => [f.name, f.kind, f.paper, f.pages])).toEqual([['tract-booklet.pdf', 'booklet', 'A4', 6]]);
    expect(pdfInfo(writeTempPdf(booklet!.files[0]!.bytes, 'form-booklet')).pages).toBe(6);
    expect(booklet!.instructions).toMatch(/^Printing the booklet \(10 pages, 3 sheets of A4\)/);
    expect(instructions!.files.map((f) => f.name)).toEqual(['tract-print.txt']);
    expect(new TextDecoder().decode(instructions!.files[0]!.bytes)).toBe(booklet!.instructions);
  });

  it('phone: made from the phone rendition, always, named <zine>-phone with the edition’s language', async () => {
    const phone = FORMS.find((form) => form.name === 'phone')!;
    expect([phone.chosen, phone.renditions]).toEqual(['always', ['phone']]);
    expect(FORMS.map((form) => form.name).indexOf('phone')).toBe(1);
    const reading = await makeReadingPdf(3);
    const meta = { title: 'Tract', lang: 'nl', date: editionDate('2026-11-25') };
    const fileName = (stem: string, ext: string) => `${stem}.nl.${ext}`;
    const made = await phone.make!({ zine: 'tract', rendition: 'phone', fileName, config: config(), indexPath: 'tract/index.nl.md', html: '', reading, pageCount: 3, meta, earlier: [] });
    expect(made.files.map((f) => [f.name, f.kind, f.pages, f.bytes])).toEqual([['tract-phone.nl.pdf', 'phone', 3, reading]]);
  });

  it('the mini-zine refuses more than 8 pages, with the fix', () => {
    const minizine = FORMS.find((form) => form.name === 'minizine')!;
    expect(minizine.refuse!(8, config())).toBeUndefined();
    expect(minizine.refuse!(9, config())).toEqual({
      reason: 'the zine has 9 pages: 1 too many for a mini-zine (at most 8, covers included)',
      fix: 'shorten the text, or print it as a booklet: impose: [booklet]',
    });
  });

  it('pictures: none when the render took none', async () => {
    const [pictures] = await run(['pictures'], 2);
    expect(pictures!.files).toEqual([]);
  });
});

describe('several papers (paper: [A4, Letter]): one file of each imposed form per paper', () => {
  const both = config({ paper: ['A4', 'Letter'], impose: ['booklet', 'minizine'] });
  /** A file's page sizes as pdfinfo reads them. */
  const sizesOf = (file: MadeFile) => pdfInfo(writeTempPdf(file.bytes, file.name.replace(/\.pdf$/, ''))).sizes;
  const expectLandscape = (file: MadeFile, paper: 'A4' | 'Letter') => {
    const sheet = landscape(PAPER_SIZES[paper]);
    for (const size of sizesOf(file)) {
      expect(size.widthPt, file.name).toBeCloseTo(sheet.widthPt, 0);
      expect(size.heightPt, file.name).toBeCloseTo(sheet.heightPt, 0);
    }
  };

  it('names each file by its paper, lower-case, after the form’s name, each on its paper turned landscape', async () => {
    const [booklet, minizine] = await run(['booklet', 'minizine'], 8, both, { trim: PAPER_SIZES.A7 });
    expect(booklet!.files.map((f) => [f.name, f.kind, f.paper, f.pages])).toEqual([
      ['tract-booklet-a4.pdf', 'booklet', 'A4', 4],
      ['tract-booklet-letter.pdf', 'booklet', 'Letter', 4],
    ]);
    expect(minizine!.files.map((f) => [f.name, f.kind, f.paper, f.pages])).toEqual([
      ['tract-minizine-a4.pdf', 'minizine', 'A4', 1],
      ['tract-minizine-letter.pdf', 'minizine', 'Letter', 1],
    ]);
    for (const file of [...booklet!.files, ...minizine!.files]) expectLandscape(file, file.paper as 'A4' | 'Letter');
  });

  it('keeps the plain names with one paper, a list of one included', async () => {
    const [booklet] = await run(['booklet'], 8, config({ paper: ['Letter'] }));
    expect(booklet!.files.map((f) => [f.name, f.paper])).toEqual([['tract-booklet.pdf', 'Letter']]);
    expectLandscape(booklet!.files[0]!, 'Letter');
    expect(booklet!.instructions).toMatch(/^Printing the booklet \(8 pages, 2 sheets of Letter\)\n/);
  });

  it('puts a translation’s language after the paper', async () => {
    const [booklet] = await run(['booklet'], 4, { ...both, lang: 'nl' }, { lang: 'nl' });
    expect(booklet!.files.map((f) => f.name)).toEqual(['tract-booklet-a4.nl.pdf', 'tract-booklet-letter.nl.pdf']);
    expect(booklet!.instructions).toMatch(/^tract-booklet-a4\.nl\.pdf\nHet boekje afdrukken \(4 pagina’s, 1 vel A4\)\n/);
  });

  it('says how to print each file, one section per paper naming its file', async () => {
    const [booklet, minizine, instructions] = await run(['booklet', 'minizine', 'instructions'], 8, both, { trim: PAPER_SIZES.A7 });
    const one = (kind: 'booklet' | 'minizine', paper: 'A4' | 'Letter') =>
      printingInstructions(kind === 'booklet' ? { kind, lang: 'en', paperName: paper, sheets: 2, duplex: 'short-edge', pages: 8, signatureSheets: [2] } : { kind, lang: 'en', paperName: paper, sheets: 1, duplex: 'short-edge', pages: 8 });
    expect(booklet!.instructions).toBe(`tract-booklet-a4.pdf\n${one('booklet', 'A4')}\ntract-booklet-letter.pdf\n${one('booklet', 'Letter')}`);
    expect(minizine!.instructions).toBe(`tract-minizine-a4.pdf\n${one('minizine', 'A4')}\ntract-minizine-letter.pdf\n${one('minizine', 'Letter')}`);
    expect(minizine!.instructions).toContain('Printing the mini-zine (8 pages on one sheet of Letter)');
    expect(new TextDecoder().decode(instructions!.files[0]!.bytes)).toBe(`${booklet!.instructions}\n${minizine!.instructions}`);
  });

  it('makes one tête-bêche booklet per paper, its instructions in both languages naming each file', async () => {
    const settings = { ...both, impose: ['tete-beche'] };
    const meta = { title: 'Tract', lang: 'en', date: editionDate('2026-11-25') };
    const edition = async (lang: string, pageCount: number, labelPrefix: string): Promise<FormContext> => ({
      zine: 'tract',
      rendition: 'print',
      fileName: (stem, ext) => `${stem}.${ext}`,
      config: { ...settings, lang },
      indexPath: 'tract/index.md',
      html: '',
      reading: await makeReadingPdf(pageCount, { labelPrefix }),
      pageCount,
      meta,
      earlier: [],
    });
    const teteBeche = FORMS.find((form) => form.name === 'tete-beche')!;
    const made = await teteBeche.makeFromEditions!([await edition('en', 6, 'A'), await edition('nl', 5, 'B')]);
    expect(made.files.map((f) => [f.name, f.kind, f.lang, f.paper, f.pages])).toEqual([
      ['tract-tete-beche-a4.pdf', 'tete-beche', 'en+nl', 'A4', 6],
      ['tract-tete-beche-letter.pdf', 'tete-beche', 'en+nl', 'Letter', 6],
    ]);
    for (const file of made.files) expectLandscape(file, file.paper as 'A4' | 'Letter');
    expect(made.instructionsByLang!.en).toMatch(/^tract-tete-beche-a4\.pdf\nPrinting the tête-bêche booklet \(6 pages in English, 5 in Dutch, 3 sheets of A4\)\n[^]*\n\ntract-tete-beche-letter\.pdf\nPrinting the tête-bêche booklet \([^)]*3 sheets of Letter\)\n/);
    expect(made.instructionsByLang!.nl).toMatch(/^tract-tete-beche-a4\.pdf\nHet omkeerboekje afdrukken [^]*\n\ntract-tete-beche-letter\.pdf\nHet omkeerboekje afdrukken /);
  });

  it('lists each file’s paper in the manifest, and no paper for the files of no paper', async () => {
    const [reading, booklet] = await run(['reading', 'booklet'], 4, both);
    const head = { zine: 'tract', edition: 1, date: '2026-11-25', lang: 'en', pages: 4, sources: 'x' };
    const manifest = makeManifest(head, [...reading!.files, ...booklet!.files]);
    expect(manifest.files.map((f) => [f.name, f.paper])).toEqual([
      ['tract.pdf', undefined],
      ['tract-booklet-a4.pdf', 'A4'],
      ['tract-booklet-letter.pdf', 'Letter'],
    ]);
    expect(Object.keys(manifest.files[0]!)).not.toContain('paper');
    expect(Object.keys(manifest.files[1]!)).toEqual(['name', 'kind', 'paper', 'pages', 'bytes', 'sha256']);
  });
});
