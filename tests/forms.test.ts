// The output forms behind one contract, listed in one registry that the front
// matter, the help and the manifest take their names from.
import { describe, expect, it } from 'vitest';
import { frontMatterSchema, frontMatterKeys, type FrontMatter } from '../scripts/config.ts';
import { FLAG_FORMS, FORMS, IMPOSED_FORMS, formsFor, type FormOutput } from '../scripts/forms/index.ts';
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
    expect(formsFor([]).map((form) => form.name)).toEqual(['reading', 'phone', 'pictures', 'instructions']);
    expect(formsFor(['minizine']).map((form) => form.name)).toEqual(['reading', 'phone', 'minizine', 'pictures', 'instructions']);
  });

  it('makes the html form only when the command line asks for it (--html), never through impose:', () => {
    expect(FLAG_FORMS).toEqual(['html']);
    expect(formsFor(['booklet'], ['html']).map((form) => form.name)).toEqual(['reading', 'phone', 'booklet', 'pictures', 'html', 'instructions']);
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

describe('each form makes its files from the finalised render', () => {
  const run = async (names: string[], pageCount: number, settings = config()) => {
    const reading = await makeReadingPdf(pageCount);
    const meta = { title: 'Tract', lang: 'en', date: editionDate('2026-11-25') };
    const made: FormOutput[] = [];
    for (const form of FORMS.filter((f) => names.includes(f.name))) {
      made.push(await form.make!({ zine: 'tract', rendition: 'print', fileName: (stem, ext) => `${stem}.${ext}`, config: settings, indexPath: 'tract/index.md', html: '<!doctype html><p>Tract</p>', reading, pageCount, meta, earlier: made }));
    }
    return made;
  };

  it('reading, booklet and instructions: named after the zine, the booklet imposed, the instructions gathered', async () => {
    const [reading, booklet, instructions] = await run(['reading', 'booklet', 'instructions'], 10);
    expect(reading!.files.map((f) => [f.name, f.kind, f.pages])).toEqual([['tract.pdf', 'reading', 10]]);
    expect(booklet!.files.map((f) => [f.name, f.kind, f.pages])).toEqual([['tract-booklet.pdf', 'booklet', 6]]);
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
