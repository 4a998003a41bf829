import { describe, expect, it } from 'vitest';
import { printingInstructions, type TeteBecheInstructionsInput } from '../../scripts/impose/instructions.ts';

const teteBeche: TeteBecheInstructionsInput = {
  kind: 'tete-beche',
  lang: 'fr',
  paperName: 'A4',
  sheets: 6,
  duplex: 'short-edge',
  pages: [24, 21],
  languages: ['fr', 'en'],
};
const LANGS = ['fr', 'en', 'nl', 'es', 'de'] as const;

describe('printingInstructions, tête-bêche booklet', () => {
  it('tells a French reader how to print, fold and read it', () => {
    expect(printingInstructions(teteBeche)).toBe(
      [
        'Imprimer le livret tête-bêche (24 pages en français, 21 en anglais, 6 feuilles A4)',
        '1. Papier\u00a0: A4, 6 feuilles.',
        '2. Recto verso\u00a0: choisissez «\u00a0Retourner sur le bord court\u00a0».',
        '3. Échelle\u00a0: taille réelle (100\u00a0%). Décochez «\u00a0Ajuster à la page\u00a0».',
        '4. Empilez les feuilles dans l’ordre d’impression, celle qui porte les deux couvertures à l’extérieur.',
        '5. Pliez toute la pile en deux d’un seul coup, puis agrafez deux fois sur la pliure (c’est plus facile avec une agrafeuse à bras long).',
        '6. Une couverture se lit en français. Retournez le livret et mettez-le tête en bas\u00a0: l’autre couverture se lit en anglais. Les deux textes se rejoignent au milieu.',
        '',
      ].join('\n'),
    );
  });

  it('names the duplex edge as each language’s print dialog does, like the booklet', () => {
    for (const lang of LANGS) {
      for (const duplex of ['short-edge', 'long-edge'] as const) {
        const booklet = printingInstructions({ kind: 'booklet', lang, paperName: 'A4', sheets: 6, duplex, pages: 24 });
        const steps = printingInstructions({ ...teteBeche, lang, duplex }).split('\n');
        // Paper, duplex and scale are the booklet's own steps.
        expect(steps.slice(1, 4)).toEqual(booklet.split('\n').slice(1, 4));
      }
    }
    expect(printingInstructions({ ...teteBeche, lang: 'en', duplex: 'long-edge' })).toContain('2. Two-sided: choose “Flip on long edge”.');
  });

  it('names both languages in the instructions’ language, and says how the booklet turns', () => {
    const input = { ...teteBeche, languages: ['de', 'es'] as [string, string] };
    expect(printingInstructions({ ...input, lang: 'en' })).toContain(
      '6. One cover reads in German. Turn the booklet over and upside down: the other cover reads in Spanish. The two texts meet in the middle.',
    );
    expect(printingInstructions({ ...input, lang: 'en' })).toMatch(/^Printing the tête-bêche booklet \(24 pages in German, 21 in Spanish, 6 sheets of A4\)\n/);
    expect(printingInstructions({ ...input, lang: 'fr' })).toContain('Une couverture se lit en allemand.');
    expect(printingInstructions({ ...input, lang: 'nl' })).toMatch(/^Het omkeerboekje afdrukken \(24 pagina’s in het Duits, 21 in het Spaans, 6 vellen A4\)\n/);
    expect(printingInstructions({ ...input, lang: 'nl' })).toContain('6. De ene omslag is in het Duits. Draai het boekje om en zet het op zijn kop: de andere omslag is in het Spaans.');
    expect(printingInstructions({ ...input, lang: 'es' })).toMatch(/^Imprimir el folleto tête-bêche \(24 páginas en alemán, 21 en español, 6 hojas A4\)\n/);
    expect(printingInstructions({ ...input, lang: 'es' })).toContain('6. Una portada se lee en alemán. Da la vuelta al folleto y ponlo cabeza abajo: la otra portada se lee en español.');
    expect(printingInstructions({ ...input, lang: 'de' })).toMatch(/^Die Wendebroschüre drucken \(24 Seiten auf Deutsch, 21 auf Spanisch, 6 Blatt A4\)\n/);
    expect(printingInstructions({ ...input, lang: 'de' })).toContain('6. Die eine Titelseite ist auf Deutsch. Drehe die Broschüre um und stelle sie auf den Kopf: die andere Titelseite ist auf Spanisch.');
  });

  it('names a regional tag, and keeps a name that is not a tag as it is', () => {
    expect(printingInstructions({ ...teteBeche, lang: 'en', languages: ['pt-BR', 'EN'] })).toContain('in Brazilian Portuguese, 21 in English,');
    expect(printingInstructions({ ...teteBeche, languages: ['Brezhoneg', 'Gallo'] })).toContain('Une couverture se lit en Brezhoneg.');
  });

  it('stacks the sheet with both covers outside, then folds and staples like the booklet', () => {
    const words: Record<(typeof LANGS)[number], [string, RegExp]> = {
      fr: ['celle qui porte les deux couvertures à l’extérieur', /agrafez deux fois sur la pliure/],
      en: ['the one with both covers on the outside', /staple twice along the fold/],
      nl: ['het vel met de twee omslagen aan de buitenkant', /niet hem twee keer op de vouw/],
      es: ['con la que lleva las dos portadas por fuera', /grápala dos veces sobre el pliegue/],
      de: ['das Blatt mit beiden Titelseiten außen', /hefte ihn mit zwei Klammern im Falz/],
    };
    for (const lang of LANGS) {
      const [stack, staple] = words[lang];
      const text = printingInstructions({ ...teteBeche, lang });
      expect(text).toContain(stack);
      expect(text).toMatch(staple);
      expect(text).not.toMatch(/page 1|pagina 1|página 1|Seite 1/);
    }
  });

  it('agrees in number', () => {
    const one = { ...teteBeche, sheets: 1, pages: [1, 3] as [number, number] };
    expect(printingInstructions(one)).toMatch(/^Imprimer le livret tête-bêche \(1 page en français, 3 en anglais, 1 feuille A4\)\n1\. Papier\u00a0: A4, 1 feuille\.\n/);
    expect(printingInstructions({ ...one, lang: 'en' })).toMatch(/^Printing the tête-bêche booklet \(1 page in French, 3 in English, 1 sheet of A4\)\n/);
    expect(printingInstructions({ ...one, lang: 'nl' })).toMatch(/\(1 pagina in het Frans, 3 in het Engels, 1 vel A4\)\n/);
    expect(printingInstructions({ ...one, lang: 'es' })).toMatch(/\(1 página en francés, 3 en inglés, 1 hoja A4\)\n/);
    expect(printingInstructions({ ...one, lang: 'de' })).toMatch(/\(1 Seite auf Französisch, 3 auf Englisch, 1 Blatt A4\)\n/);
  });

  it('follows French typography: no-break space before high punctuation and inside guillemets', () => {
    for (const duplex of ['short-edge', 'long-edge'] as const) {
      const text = printingInstructions({ ...teteBeche, duplex });
      expect(text).not.toMatch(/ [:;!?»]/);
      expect(text).not.toMatch(/« /);
      expect(text).not.toMatch(/[^\u00a0][:;!?](\s|$)/);
      expect(text).not.toMatch(/'/);
    }
  });

  it('uses the words of a regional variant, English for a language it has no words in, one numbered step a line', () => {
    expect(printingInstructions({ ...teteBeche, lang: 'de-CH' })).toBe(printingInstructions({ ...teteBeche, lang: 'de' }));
    expect(printingInstructions({ ...teteBeche, lang: 'it' })).toBe(printingInstructions({ ...teteBeche, lang: 'en' }));
    for (const lang of LANGS) {
      const text = printingInstructions({ ...teteBeche, lang });
      const lines = text.trimEnd().split('\n');
      expect(lines).toHaveLength(7);
      expect(lines.slice(1).every((line, i) => line.startsWith(`${i + 1}. `))).toBe(true);
      expect(text.endsWith('\n')).toBe(true);
    }
  });
});
