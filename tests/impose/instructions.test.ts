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

  it('names the duplex edge as Spanish and German print dialogs do', () => {
    const es = printingInstructions({ ...booklet, lang: 'es' });
    expect(es).toContain('Imprimir el folleto (20 páginas, 5 hojas A4)');
    expect(es).toContain('2. Doble cara: elige «Dar la vuelta por el borde corto» (en algunos diálogos, «Voltear en el borde corto»).');
    expect(es).toContain('3. Escala: tamaño real (100\u00a0%). Desactiva «Ajustar a la página».');
    expect(es).toMatch(/grápala dos veces sobre el pliegue/);
    expect(printingInstructions({ ...booklet, lang: 'es', duplex: 'long-edge' })).toContain('«Dar la vuelta por el borde largo»');
    const de = printingInstructions({ ...booklet, lang: 'de' });
    expect(de).toContain('Die Broschüre drucken (20 Seiten, 5 Blatt A4)');
    expect(de).toContain('2. Beidseitig drucken: wähle „An kurzer Kante spiegeln“ (in manchen Druckdialogen „An kurzer Kante wenden“).');
    expect(de).toContain('3. Skalierung: tatsächliche Größe (100\u00a0%). Schalte „An Seite anpassen“ aus.');
    expect(de).toMatch(/hefte ihn mit zwei Klammern im Falz/);
    expect(printingInstructions({ ...booklet, lang: 'de', duplex: 'long-edge' })).toContain('„An langer Kante spiegeln“');
  });

  it('agrees in number in Spanish and German', () => {
    expect(printingInstructions({ ...booklet, lang: 'es', sheets: 1, pages: 4 })).toContain('(4 páginas, 1 hoja A4)\n1. Papel: A4, 1 hoja.');
    expect(printingInstructions({ ...booklet, lang: 'de', sheets: 1, pages: 4 })).toContain('(4 Seiten, 1 Blatt A4)\n1. Papier: A4, 1 Blatt.');
    expect(printingInstructions({ ...minizine, lang: 'es', pages: 1 })).toMatch(/^Imprimir el minizine \(1 página en una hoja A4\)\n/);
    expect(printingInstructions({ ...minizine, lang: 'de', pages: 3 })).toMatch(/^Das Mini-Zine drucken \(3 Seiten auf einem Blatt A4\)\n/);
    expect(printingInstructions({ ...minizine, lang: 'de', pages: 1 })).toMatch(/^Das Mini-Zine drucken \(1 Seite auf /);
  });

  it('tells a Spanish and a German reader how to fold and cut the mini-zine, and bind signatures', () => {
    const es = printingInstructions({ ...minizine, lang: 'es' });
    expect(es).toContain('impresa por una sola cara (no a doble cara)');
    expect(es).toMatch(/corta desde el pliegue, por la línea central/);
    const de = printingInstructions({ ...minizine, lang: 'de' });
    expect(de).toContain('nur einseitig bedruckt (nicht beidseitig)');
    expect(de).toMatch(/schneide vom Falz aus entlang der Mittellinie/);
    const short = { ...booklet, sheets: 9, pages: 36, signatureSheets: [2, 2, 2, 2, 1] };
    expect(printingInstructions({ ...short, lang: 'es' })).toContain('las hojas forman 5 cuadernillos: 4 de 2 hojas, el último de una hoja.');
    expect(printingInstructions({ ...short, lang: 'de' })).toContain('ergeben die Blätter 5 Lagen: 4 aus 2 Blättern, die letzte aus einem Blatt.');
    expect(printingInstructions({ ...booklet, lang: 'es', sheets: 6, pages: 24, signatureSheets: [4, 2] })).toContain('2 cuadernillos: el primero de 4 hojas, el último de 2 hojas.');
    expect(printingInstructions({ ...booklet, lang: 'de', sheets: 3, signatureSheets: [1, 1, 1] })).toContain('3 Lagen aus einem Blatt.');
    expect(printingInstructions({ ...booklet, lang: 'de', signatureSheets: [2, 2, 1] })).toContain('Falte jede Lage einzeln in der Mitte.');
  });

  it('uses the words of a regional variant, and English for a language it has no words in', () => {
    expect(printingInstructions({ ...booklet, lang: 'es-AR' })).toBe(printingInstructions({ ...booklet, lang: 'es' }));
    expect(printingInstructions({ ...booklet, lang: 'de-CH' })).toBe(printingInstructions({ ...booklet, lang: 'de' }));
    for (const lang of ['it', 'pt-BR', 'sw']) {
      expect(printingInstructions({ ...booklet, lang })).toBe(printingInstructions({ ...booklet, lang: 'en' }));
      expect(printingInstructions({ ...minizine, lang })).toBe(printingInstructions({ ...minizine, lang: 'en' }));
    }
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

  // A zine printed on several papers (paper: [A4, Letter]) has one file and one section of steps per paper.
  it('names the file it prints on a first line of its own, when given one', () => {
    const tete: InstructionsInput = { kind: 'tete-beche', lang: 'en', paperName: 'Letter', sheets: 3, duplex: 'short-edge', pages: [10, 9], languages: ['en', 'nl'] };
    for (const input of [booklet, minizine, { ...booklet, lang: 'en', signatureSheets: [2, 1] }, tete]) {
      const file = `tract-${input.kind}-letter.pdf`;
      const lettered = { ...input, paperName: 'Letter' };
      expect(printingInstructions({ ...lettered, file })).toBe(`${file}\n${printingInstructions(lettered)}`);
      expect(printingInstructions({ ...lettered, file: undefined })).not.toContain('.pdf');
    }
  });

  it('numbers one step per line and ends with a newline', () => {
    const signatures = { ...booklet, sheets: 9, pages: 36, signatureSheets: [2, 2, 2, 2, 1] };
    for (const lang of ['fr', 'en', 'nl', 'es', 'de'] as const) {
      for (const input of [booklet, minizine, signatures]) {
        const lines = printingInstructions({ ...input, lang }).trimEnd().split('\n');
        expect(lines.slice(1).every((line, i) => line.startsWith(`${i + 1}. `))).toBe(true);
        expect(printingInstructions({ ...input, lang }).endsWith('\n')).toBe(true);
      }
    }
  });
});

describe('printingInstructions, black-and-white set', () => {
  const LANGS = ['fr', 'en', 'nl', 'es', 'de'] as const;
  const titles = {
    booklet: {
      fr: 'Imprimer le livret en noir et blanc (20 pages, 5 feuilles A4)',
      en: 'Printing the booklet in black and white (20 pages, 5 sheets of A4)',
      nl: 'Het boekje in zwart-wit afdrukken (20 pagina’s, 5 vellen A4)',
      es: 'Imprimir el folleto en blanco y negro (20 páginas, 5 hojas A4)',
      de: 'Die Broschüre in Schwarzweiß drucken (20 Seiten, 5 Blatt A4)',
    },
    minizine: {
      fr: 'Imprimer le mini-zine en noir et blanc (8 pages sur une feuille A4)',
      en: 'Printing the mini-zine in black and white (8 pages on one sheet of A4)',
      nl: 'De minizine in zwart-wit afdrukken (8 pagina’s op één vel A4)',
      es: 'Imprimir el minizine en blanco y negro (8 páginas en una hoja A4)',
      de: 'Das Mini-Zine in Schwarzweiß drucken (8 Seiten auf einem Blatt A4)',
    },
    'tete-beche': {
      fr: 'Imprimer le livret tête-bêche en noir et blanc (',
      en: 'Printing the tête-bêche booklet in black and white (',
      nl: 'Het omkeerboekje in zwart-wit afdrukken (',
      es: 'Imprimir el folleto tête-bêche en blanco y negro (',
      de: 'Die Wendebroschüre in Schwarzweiß drucken (',
    },
  };
  const colourStep = {
    fr: 'Couleur\u00a0: choisissez «\u00a0Noir et blanc\u00a0» (ou «\u00a0Niveaux de gris\u00a0»), pour n’utiliser que le toner noir.',
    en: 'Colour: choose “Black and white” (or “Greyscale”), so that only black toner is used.',
    nl: 'Kleur: kies ‘Zwart-wit’ (of ‘Grijswaarden’), zodat alleen zwarte toner wordt gebruikt.',
    es: 'Color: elige «Blanco y negro» (o «Escala de grises»), para que solo se use tóner negro.',
    de: 'Farbe: wähle „Schwarzweiß“ (oder „Graustufen“), damit nur schwarzer Toner verwendet wird.',
  };
  const inputs = {
    booklet,
    minizine,
    'tete-beche': { kind: 'tete-beche', lang: 'fr', paperName: 'A4', sheets: 6, duplex: 'short-edge', pages: [24, 21], languages: ['fr', 'en'] } as InstructionsInput,
  };

  for (const lang of LANGS) {
    it(`says so in the title and asks for black and white after the paper, in ${lang}`, () => {
      for (const [kind, input] of Object.entries(inputs) as [keyof typeof inputs, InstructionsInput][]) {
        const colour = printingInstructions({ ...input, lang }).split('\n');
        const bw = printingInstructions({ ...input, lang, blackAndWhite: true } as InstructionsInput).split('\n');
        expect(bw[0], kind).toContain(titles[kind][lang]);
        expect(colour[0], kind).not.toContain(titles[kind][lang]);
        // The same steps, the colour step second, numbered on.
        const steps = (lines: string[]) => lines.slice(1).filter(Boolean).map((line) => line.replace(/^\d+\. /, ''));
        expect(steps(bw), kind).toEqual([steps(colour)[0], colourStep[lang], ...steps(colour).slice(1)]);
        expect(bw.slice(1).filter(Boolean).map((line) => Number(/^(\d+)\. /.exec(line)?.[1]))).toEqual(steps(bw).map((_, i) => i + 1));
      }
    });
  }

  it('leaves the colour set’s instructions as they were', () => {
    expect(printingInstructions({ ...booklet, blackAndWhite: false })).toBe(printingInstructions(booklet));
    expect(printingInstructions({ ...minizine, lang: 'en' })).toMatch(/^Printing the mini-zine \(8 pages on one sheet of A4\)\n1\. Paper: one sheet of A4, printed on one side only \(not two-sided\)\.\n2\. Scale/);
  });

  it('follows French typography in black and white too', () => {
    for (const input of Object.values(inputs)) {
      const text = printingInstructions({ ...input, blackAndWhite: true } as InstructionsInput);
      expect(text).not.toMatch(/ [:;!?»]/);
      expect(text).not.toMatch(/« /);
      expect(text).not.toMatch(/[^\u00a0][:;!?](\s|$)/);
    }
  });
});
