import { describe, expect, it } from 'vitest';
import { printingInstructions, type InstructionsInput } from '../../scripts/impose/instructions.ts';

const booklet: InstructionsInput = { kind: 'booklet', lang: 'fr', paperName: 'A4', sheets: 5, duplex: 'short-edge', pages: 20 };
const minizine: InstructionsInput = { kind: 'minizine', lang: 'fr', paperName: 'A4', sheets: 1, duplex: 'short-edge', pages: 8 };

describe('printingInstructions', () => {
  it('tells a French reader how to print and bind the booklet', () => {
    const text = printingInstructions(booklet);
    expect(text).toContain('Imprimer le livret (20 pages, 5 feuilles A4)');
    expect(text).toContain('«\u00a0Retourner sur le bord court\u00a0»');
    expect(text).toContain('taille réelle (100\u00a0%)');
    expect(text).toContain('Décochez «\u00a0Ajuster à la page\u00a0»');
    expect(text).toContain('5 feuilles');
    expect(text).toMatch(/agrafez deux fois sur la pliure/);
    expect(printingInstructions({ ...booklet, duplex: 'long-edge' })).toContain('Retourner sur le bord long');
  });

  it('agrees in number', () => {
    const one = printingInstructions({ ...booklet, sheets: 1, pages: 4 });
    expect(one).toContain('1 feuille.');
    expect(one).not.toContain('1 feuilles');
    expect(printingInstructions({ ...booklet, lang: 'en', sheets: 1 })).toContain('1 sheet.');
    expect(printingInstructions({ ...booklet, lang: 'nl', sheets: 1 })).toContain('1 vel.');
    expect(printingInstructions({ ...booklet, lang: 'nl' })).toContain('5 vellen.');
  });

  it('follows French typography: no-break space before high punctuation and inside guillemets', () => {
    const signatures = [[2, 2, 2, 2, 2], [2, 2, 2, 2, 1], [4, 2]].map((signatureSheets) => ({ ...booklet, signatureSheets }));
    for (const input of [booklet, minizine, { ...booklet, duplex: 'long-edge' as const }, ...signatures]) {
      const text = printingInstructions(input);
      expect(text).not.toMatch(/ [:;!?»]/);
      expect(text).not.toMatch(/« /);
      expect(text).not.toMatch(/[^\u00a0][:;!?](\s|$)/);
      expect(text).not.toMatch(/'/);
    }
  });

  it('names the duplex edge as English and Dutch print dialogs do', () => {
    expect(printingInstructions({ ...booklet, lang: 'en' })).toContain('Flip on short edge');
    expect(printingInstructions({ ...booklet, lang: 'en', duplex: 'long-edge' })).toContain('Flip on long edge');
    expect(printingInstructions({ ...booklet, lang: 'en' })).toContain('actual size (100%)');
    expect(printingInstructions({ ...booklet, lang: 'nl' })).toContain('korte zijde');
    expect(printingInstructions({ ...booklet, lang: 'nl', duplex: 'long-edge' })).toContain('lange zijde');
  });

  it('says the mini-zine is printed on one side, then cut between the marks and folded', () => {
    const fr = printingInstructions(minizine);
    expect(fr).toContain('d’un seul côté (pas de recto verso)');
    expect(fr).toContain('coupez');
    expect(fr).not.toContain('bord court');
    const en = printingInstructions({ ...minizine, lang: 'en' });
    expect(en).toContain('one side only');
    expect(en).toMatch(/cut from the fold along the middle line/);
    expect(printingInstructions({ ...minizine, lang: 'nl' })).toContain('enkelzijdig');
  });

  // Regression: a booklet in signatures (booklet: { signaturePages: 8 }) was told to fold the whole stack at once.
  it('tells how to fold and bind a booklet in several signatures', () => {
    const five = { ...booklet, signatureSheets: [2, 2, 2, 2, 2] };
    const fr = printingInstructions(five);
    expect(fr).toContain('Dans l’ordre d’impression, les feuilles forment 5 cahiers de 2 feuilles.');
    expect(fr).toContain('sa première feuille imprimée à l’extérieur');
    expect(fr).toContain('Pliez chaque cahier en deux, séparément.');
    expect(fr).toContain('l’un derrière l’autre, dans l’ordre (le premier devant), pliures alignées');
    expect(fr).toMatch(/Reliez-les au dos\u00a0: cousez ou collez .*, ou agrafez à travers le côté, près de la pliure/);
    expect(fr).not.toMatch(/toute la pile|agrafez deux fois sur la pliure/);

    const en = printingInstructions({ ...five, lang: 'en' });
    expect(en).toContain('In printing order, the sheets form 5 signatures of 2 sheets.');
    expect(en).toContain('Fold each signature in half on its own.');
    expect(en).toContain('(the first in front), folds aligned');
    expect(en).toMatch(/sew or glue .*staple through the side/);
    expect(en).not.toContain('whole stack');

    const nl = printingInstructions({ ...five, lang: 'nl' });
    expect(nl).toContain('In de volgorde van afdrukken vormen de vellen 5 katernen van 2 vellen.');
    expect(nl).toContain('Vouw elk katern apart dubbel.');
    expect(nl).not.toContain('hele stapel');
  });

  it('says apart the shorter last signature, in the right number', () => {
    const short = { ...booklet, sheets: 9, pages: 36, signatureSheets: [2, 2, 2, 2, 1] };
    expect(printingInstructions(short)).toContain('5 cahiers\u00a0: 4 de 2 feuilles, le dernier d’une feuille.');
    expect(printingInstructions({ ...short, lang: 'en' })).toContain('5 signatures: 4 of 2 sheets, the last of 1 sheet.');
    expect(printingInstructions({ ...short, lang: 'nl' })).toContain('5 katernen: 4 van 2 vellen, het laatste van 1 vel.');
    const two = { ...booklet, sheets: 6, pages: 24, signatureSheets: [4, 2] };
    expect(printingInstructions(two)).toContain('2 cahiers\u00a0: le premier de 4 feuilles, le dernier de 2 feuilles.');
    expect(printingInstructions({ ...two, lang: 'en' })).toContain('2 signatures: the first of 4 sheets, the last of 2 sheets.');
    expect(printingInstructions({ ...booklet, sheets: 3, signatureSheets: [1, 1, 1] })).toContain('3 cahiers d’une feuille.');
  });

  it('keeps the single-stack steps for one signature', () => {
    expect(printingInstructions({ ...booklet, signatureSheets: [5] })).toBe(printingInstructions(booklet));
  });

  // Regression: the mini-zine title said "8 pages" whatever the zine's length.
  it('gives the mini-zine its real page count', () => {
    expect(printingInstructions({ ...minizine, pages: 3 })).toMatch(/^Imprimer le mini-zine \(3 pages sur une feuille A4\)\n/);
    expect(printingInstructions({ ...minizine, pages: 1 })).toMatch(/^Imprimer le mini-zine \(1 page sur une feuille A4\)\n/);
    expect(printingInstructions({ ...minizine, lang: 'en', pages: 3 })).toMatch(/^Printing the mini-zine \(3 pages on one sheet of A4\)\n/);
    expect(printingInstructions({ ...minizine, lang: 'en', pages: 1 })).toMatch(/^Printing the mini-zine \(1 page on /);
    expect(printingInstructions({ ...minizine, lang: 'nl', pages: 3 })).toMatch(/^De minizine afdrukken \(3 pagina’s op één vel A4\)\n/);
    expect(printingInstructions({ ...minizine, lang: 'nl', pages: 1 })).toMatch(/^De minizine afdrukken \(1 pagina op /);
  });

  it('numbers one step per line and ends with a newline', () => {
    const signatures = { ...booklet, sheets: 9, pages: 36, signatureSheets: [2, 2, 2, 2, 1] };
    for (const lang of ['fr', 'en', 'nl'] as const) {
      for (const input of [booklet, minizine, signatures]) {
        const lines = printingInstructions({ ...input, lang }).trimEnd().split('\n');
        expect(lines.slice(1).every((line, i) => line.startsWith(`${i + 1}. `))).toBe(true);
        expect(printingInstructions({ ...input, lang }).endsWith('\n')).toBe(true);
      }
    }
  });
});
