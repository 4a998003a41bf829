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
    for (const input of [booklet, minizine, { ...booklet, duplex: 'long-edge' as const }]) {
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

  it('numbers one step per line and ends with a newline', () => {
    for (const lang of ['fr', 'en', 'nl'] as const) {
      for (const input of [booklet, minizine]) {
        const lines = printingInstructions({ ...input, lang }).trimEnd().split('\n');
        expect(lines.slice(1).every((line, i) => line.startsWith(`${i + 1}. `))).toBe(true);
        expect(printingInstructions({ ...input, lang }).endsWith('\n')).toBe(true);
      }
    }
  });
});
