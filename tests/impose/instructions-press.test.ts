// What to tell a print shop about the press PDF, in each language of the instructions.
import { describe, expect, it } from 'vitest';
import { printingInstructions, type PressInstructionsInput } from '../../scripts/impose/instructions.ts';

const press: PressInstructionsInput = {
  kind: 'press',
  lang: 'fr',
  trim: 'A5',
  widthMm: 148,
  heightMm: 210,
  bleedMm: 3,
  pages: 11,
  paperName: 'A4',
  colour: 'colour',
  booklet: { blanks: 'before-back-cover' },
};
const LANGS = ['fr', 'en', 'nl', 'es', 'de'] as const;

describe('printingInstructions, the press PDF', () => {
  it('tells a French reader what to tell the shop: trim, bleed, pages, colour, paper, binding', () => {
    expect(printingInstructions(press)).toBe(
      [
        'Ce qu’il faut dire à l’imprimerie (11 pages, A5)',
        '1. Format fini (après coupe)\u00a0: 148\u00a0×\u00a0210\u00a0mm (A5).',
        '2. Fond perdu\u00a0: 3\u00a0mm de chaque côté\u00a0; les traits de coupe, au-delà, montrent où couper.',
        '3. Pages\u00a0: 11, une par page du PDF, dans l’ordre de lecture, la couverture en premier.',
        '4. Couleur\u00a0: en couleur. Le PDF est en RVB\u00a0: l’imprimerie le convertit pour sa machine.',
        '5. Papier\u00a0: A4, comme le livret du zine\u00a0; grammage et finition à choisir avec l’imprimerie.',
        '6. Reliure\u00a0: livret piqué à cheval (plié, agrafé dans le pli), qui demande un multiple de 4 pages\u00a0: faites ajouter 1 page blanche avant la quatrième de couverture (12 pages en tout).',
        '',
      ].join('\n'),
    );
  });

  it('tells an English reader the same', () => {
    expect(printingInstructions({ ...press, lang: 'en' })).toBe(
      [
        'What to tell the print shop (11 pages, A5)',
        '1. Trim size (the finished page): 148\u00a0×\u00a0210\u00a0mm (A5).',
        '2. Bleed: 3\u00a0mm on every side; the crop marks, outside it, show where to cut.',
        '3. Pages: 11, one per page of the PDF, in reading order, the cover first.',
        '4. Colour: in colour. The PDF is RGB: the shop converts it for its press.',
        '5. Paper: A4, as for the zine’s booklet; choose the weight and finish with the shop.',
        '6. Binding: saddle-stitched booklet (folded, stapled through the fold), which takes a multiple of 4 pages: ask for 1 blank page before the back cover (12 pages in all).',
        '',
      ].join('\n'),
    );
  });

  it('says trim, bleed and page count in every language', () => {
    const words = {
      fr: ['Format fini', 'Fond perdu', 'Pages\u00a0: 11'],
      en: ['Trim size', 'Bleed', 'Pages: 11'],
      nl: ['Eindformaat', 'Afloop', 'Pagina’s: 11'],
      es: ['Formato final', 'Sangrado', 'Páginas: 11'],
      de: ['Endformat', 'Beschnittzugabe', 'Seiten: 11'],
    };
    for (const lang of LANGS) {
      const text = printingInstructions({ ...press, lang });
      for (const word of words[lang]) expect(text, lang).toContain(word);
      expect(text, lang).toContain('148\u00a0×\u00a0210\u00a0mm (A5)');
      expect(text, lang).toContain('3\u00a0mm');
      const lines = text.trimEnd().split('\n');
      expect(lines.slice(1).every((line, i) => line.startsWith(`${i + 1}. `)), lang).toBe(true);
      expect(lines).toHaveLength(7);
    }
  });

  it('writes millimetres as each language does', () => {
    const letter = { ...press, trim: 'Letter', widthMm: 215.9, heightMm: 279.4 };
    expect(printingInstructions({ ...letter, lang: 'en' })).toContain('215.9\u00a0×\u00a0279.4\u00a0mm (Letter)');
    for (const lang of ['fr', 'nl', 'es', 'de']) expect(printingInstructions({ ...letter, lang })).toContain('215,9\u00a0×\u00a0279,4\u00a0mm (Letter)');
  });

  it('says black and white when the zine is printed so, and that the PDF is in colour', () => {
    expect(printingInstructions({ ...press, colour: 'bw' })).toContain('4. Couleur\u00a0: noir et blanc. Le PDF est en couleur\u00a0: demandez-le imprimé en niveaux de gris.');
    expect(printingInstructions({ ...press, lang: 'en', colour: 'bw' })).toContain('4. Colour: black and white. The PDF is in colour: ask for it to be printed in greyscale.');
    for (const lang of LANGS) expect(printingInstructions({ ...press, lang, colour: 'bw' })).not.toBe(printingInstructions({ ...press, lang }));
  });

  it('leaves the paper to the shop when the zine suggests none, and the binding out when no booklet is wanted', () => {
    const loose = { ...press, paperName: undefined, booklet: undefined };
    expect(printingInstructions(loose)).toContain('5. Papier\u00a0: à choisir avec l’imprimerie (format des feuilles, grammage, finition).');
    expect(printingInstructions({ ...loose, lang: 'en' })).toContain('5. Paper: choose it with the shop (sheet size, weight, finish).');
    for (const lang of LANGS) {
      const lines = printingInstructions({ ...loose, lang }).trimEnd().split('\n');
      expect(lines, lang).toHaveLength(6);
      expect(lines.at(-1), lang).toMatch(/^5\. /);
    }
  });

  it('asks for the blank pages a saddle-stitched booklet needs, where the zine puts them', () => {
    expect(printingInstructions({ ...press, pages: 12 })).toContain('6. Reliure\u00a0: livret piqué à cheval (plié, agrafé dans le pli)\u00a0; 12 pages, un multiple de 4.');
    expect(printingInstructions({ ...press, pages: 9 })).toContain('faites ajouter 3 pages blanches avant la quatrième de couverture (12 pages en tout).');
    expect(printingInstructions({ ...press, lang: 'en', pages: 13, booklet: { blanks: 'end' } })).toContain('ask for 3 blank pages at the end (16 pages in all).');
    expect(printingInstructions({ ...press, lang: 'en', pages: 16 })).toContain('16 pages, a multiple of 4.');
    expect(printingInstructions({ ...press, lang: 'nl', pages: 10 })).toContain('vraag om 2 lege pagina’s vóór de achteromslag (12 pagina’s in totaal).');
    expect(printingInstructions({ ...press, lang: 'es', pages: 11, booklet: { blanks: 'end' } })).toContain('pide 1 página en blanco al final (12 páginas en total).');
    expect(printingInstructions({ ...press, lang: 'de', pages: 10 })).toContain('lass 2 leere Seiten vor der Rückseite einfügen (12 Seiten insgesamt).');
  });

  it('follows French typography: no-break space before high punctuation, no straight apostrophe', () => {
    for (const input of [press, { ...press, colour: 'bw' as const, paperName: undefined, booklet: undefined }, { ...press, pages: 12 }]) {
      const text = printingInstructions(input);
      expect(text).not.toMatch(/ [:;!?»]/);
      expect(text).not.toMatch(/[^\u00a0][:;!?](\s|$)/);
      expect(text).not.toMatch(/'/);
    }
  });

  it('uses English for a language it has no words in', () => {
    expect(printingInstructions({ ...press, lang: 'it' })).toBe(printingInstructions({ ...press, lang: 'en' }));
  });
});
