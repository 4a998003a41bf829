// Printing instructions in the zine's language, naming the options as print
// dialogs do: the duplex edge is the first thing people get wrong.

import { canonicalTag, wordsLanguage, type WordsLang } from '../languages.ts';
import { padCount, type Duplex } from './order.ts';

/** Languages the instructions are written in; any other gets English. */
export type InstructionsLang = WordsLang;

/** What every printing needs said: the language, the paper, the sheets and the duplex edge. */
interface PrintingInput {
  /** The zine's language tag; a language without instructions gets English. */
  lang: string;
  /** Paper name as the print dialog shows it, e.g. "A4" or "Letter". */
  paperName: string;
  /** Sheets of paper to print on (1 for a mini-zine). */
  sheets: number;
  /** Ignored for a mini-zine, which is printed on one side. */
  duplex: Duplex;
  /** The PDF these steps print, named on a line of its own before them: one file of several papers (`tract-booklet-letter.pdf`). */
  file?: string;
  /** The black-and-white set's file (`<zine>-booklet-bw.pdf`): the title says so, and a step asks for black toner only. */
  blackAndWhite?: boolean;
}

/** A booklet or a mini-zine of one text. */
export interface ZineInstructionsInput extends PrintingInput {
  kind: 'booklet' | 'minizine';
  /** Reading pages in the zine. */
  pages: number;
  /** Booklet only: sheets in each signature, in printing order; more than one replaces the stack-and-staple steps. */
  signatureSheets?: number[];
}

/** A tête-bêche booklet: two texts, A's first, each reading from its own cover. */
export interface TeteBecheInstructionsInput extends PrintingInput {
  kind: 'tete-beche';
  /** The languages of A and B: tags ("fr", "pt-BR"), named in the instructions' language, or names, kept as they are. */
  languages: [string, string];
  /** Reading pages of A and of B. */
  pages: [number, number];
}

/** The print-shop PDF: what to tell the shop. */
export interface PressInstructionsInput {
  kind: 'press';
  /** The zine's language tag; a language without instructions gets English. */
  lang: string;
  /** The trim's name ("A5") and its size in mm. */
  trim: string;
  widthMm: number;
  heightMm: number;
  /** The bleed on every side, in mm. */
  bleedMm: number;
  /** Pages in the PDF. */
  pages: number;
  /** The paper the zine suggests, e.g. "A4"; without one, the shop helps choose. */
  paperName?: string;
  /** In colour, or in black and white (`colour: bw`). */
  colour: 'colour' | 'bw';
  /** A saddle-stitched booklet is wanted: where the blank pages that make a multiple of 4 go. */
  booklet?: { blanks: 'before-back-cover' | 'end' };
}

/** What to explain: which imposition, on what paper, how many sheets and pages; or what a print shop needs to know. */
export type InstructionsInput = ZineInstructionsInput | TeteBecheInstructionsInput | PressInstructionsInput;

type Texts = (input: ZineInstructionsInput) => string[];

/** "1 feuille", "5 feuilles": the count with the right form of the word. */
function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** How to word the signatures: "5 cahiers de 2 feuilles", "5 cahiers : 4 de 2 feuilles, le dernier d’une feuille". */
interface SignatureWords {
  /** The signature count with its noun: "5 cahiers". */
  count: (signatures: number) => string;
  /** "of N sheets" after a count or an ordinal: "de 2 feuilles", "d’une feuille". */
  of: (sheets: number) => string;
  first: string;
  last: string;
  /** Separator before the breakdown: "\u00a0: " in French. */
  colon: string;
  /** Joins a list's last item: "et", "and", "en". */
  and: string;
  /** "of 2, 3 and 1 sheets", for signatures of unlike sizes. */
  ofEach: (list: string) => string;
}

const signatureWords: Record<InstructionsLang, SignatureWords> = {
  fr: {
    count: (n) => plural(n, 'cahier', 'cahiers'),
    of: (sheets) => (sheets === 1 ? 'd’une feuille' : `de ${sheets} feuilles`),
    first: 'le premier',
    last: 'le dernier',
    colon: '\u00a0: ',
    and: 'et',
    ofEach: (list) => `de ${list} feuilles`,
  },
  en: {
    count: (n) => plural(n, 'signature', 'signatures'),
    of: (sheets) => `of ${plural(sheets, 'sheet', 'sheets')}`,
    first: 'the first',
    last: 'the last',
    colon: ': ',
    and: 'and',
    ofEach: (list) => `of ${list} sheets`,
  },
  nl: {
    count: (n) => plural(n, 'katern', 'katernen'),
    of: (sheets) => `van ${plural(sheets, 'vel', 'vellen')}`,
    first: 'het eerste',
    last: 'het laatste',
    colon: ': ',
    and: 'en',
    ofEach: (list) => `van ${list} vellen`,
  },
  es: {
    count: (n) => plural(n, 'cuadernillo', 'cuadernillos'),
    of: (sheets) => (sheets === 1 ? 'de una hoja' : `de ${sheets} hojas`),
    first: 'el primero',
    last: 'el último',
    colon: ': ',
    and: 'y',
    ofEach: (list) => `de ${list} hojas`,
  },
  de: {
    count: (n) => plural(n, 'Lage', 'Lagen'),
    of: (sheets) => (sheets === 1 ? 'aus einem Blatt' : `aus ${sheets} Blättern`),
    first: 'die erste',
    last: 'die letzte',
    colon: ': ',
    and: 'und',
    ofEach: (list) => `aus ${list} Blättern`,
  },
};

/** The signatures and their sheets in words, the shorter last one said apart. */
function describeSignatures(sheets: number[], lang: InstructionsLang): string {
  const words = signatureWords[lang];
  const count = words.count(sheets.length);
  const [first] = sheets as [number, ...number[]];
  const last = sheets[sheets.length - 1]!;
  const leading = sheets.slice(0, -1);
  if (sheets.every((s) => s === first)) return `${count} ${words.of(first)}`;
  if (leading.every((s) => s === first)) {
    const head = leading.length === 1 ? words.first : String(leading.length);
    return `${count}${words.colon}${head} ${words.of(first)}, ${words.last} ${words.of(last)}`;
  }
  // signatureSizes never makes this (only the last one is shorter); say each in order anyway.
  return `${count}${words.colon}${words.ofEach(`${leading.join(', ')} ${words.and} ${last}`)}`;
}

/** The binding steps (after paper, duplex and scale) of one stack folded at once. */
const stackSteps: Record<InstructionsLang, string[]> = {
  fr: [
    'Empilez les feuilles dans l’ordre d’impression, celle qui porte la page 1 à l’extérieur.',
    'Pliez toute la pile en deux d’un seul coup, puis agrafez deux fois sur la pliure (c’est plus facile avec une agrafeuse à bras long).',
  ],
  en: [
    'Stack the sheets in printing order, the one with page 1 on the outside.',
    'Fold the whole stack in half at once, then staple twice along the fold (a long-reach stapler helps).',
  ],
  nl: [
    'Leg de vellen in de volgorde van afdrukken, het vel met pagina 1 aan de buitenkant.',
    'Vouw de hele stapel in één keer dubbel en niet hem twee keer op de vouw (een nietmachine met lange arm helpt).',
  ],
  es: [
    'Apila las hojas en el orden de impresión, con la que lleva la página 1 por fuera.',
    'Dobla toda la pila por la mitad de una vez y grápala dos veces sobre el pliegue (una grapadora de brazo largo ayuda).',
  ],
  de: [
    'Lege die Blätter in der Druckreihenfolge aufeinander, das Blatt mit Seite 1 außen.',
    'Falte den ganzen Stapel auf einmal in der Mitte und hefte ihn mit zwei Klammern im Falz (mit einem Langarmhefter geht es leichter).',
  ],
};

/** The binding steps of a booklet in several signatures: each folded apart, then put together. */
const signatureSteps: Record<InstructionsLang, (description: string) => string[]> = {
  fr: (description) => [
    `Dans l’ordre d’impression, les feuilles forment ${description}. Gardez chaque cahier à part, sa première feuille imprimée à l’extérieur.`,
    'Pliez chaque cahier en deux, séparément.',
    'Placez les cahiers pliés l’un derrière l’autre, dans l’ordre (le premier devant), pliures alignées.',
    'Reliez-les au dos\u00a0: cousez ou collez le long des pliures, ou agrafez à travers le côté, près de la pliure.',
  ],
  en: (description) => [
    `In printing order, the sheets form ${description}. Keep each signature apart, its first printed sheet on the outside.`,
    'Fold each signature in half on its own.',
    'Put the folded signatures one behind the other, in order (the first in front), folds aligned.',
    'Bind them at the spine: sew or glue along the folds, or staple through the side, close to the fold.',
  ],
  nl: (description) => [
    `In de volgorde van afdrukken vormen de vellen ${description}. Houd elk katern apart, met het eerst afgedrukte vel aan de buitenkant.`,
    'Vouw elk katern apart dubbel.',
    'Leg de gevouwen katernen achter elkaar, op volgorde (het eerste vooraan), de vouwen gelijk.',
    'Bind ze aan de rug: naai of lijm langs de vouwen, of zet nietjes door de zijkant, vlak bij de vouw.',
  ],
  es: (description) => [
    `En el orden de impresión, las hojas forman ${description}. Mantén cada cuadernillo aparte, con su primera hoja impresa por fuera.`,
    'Dobla cada cuadernillo por la mitad, por separado.',
    'Coloca los cuadernillos doblados uno detrás de otro, en orden (el primero delante), con los pliegues alineados.',
    'Únelos por el lomo: cóselos o pégalos a lo largo de los pliegues, o grápalos por el lateral, cerca del pliegue.',
  ],
  de: (description) => [
    `In der Druckreihenfolge ergeben die Blätter ${description}. Halte jede Lage getrennt, ihr zuerst gedrucktes Blatt außen.`,
    'Falte jede Lage einzeln in der Mitte.',
    'Lege die gefalteten Lagen der Reihe nach hintereinander (die erste vorne), die Falze bündig.',
    'Binde sie am Rücken: nähe oder klebe sie entlang der Falze, oder hefte sie seitlich nahe am Falz zusammen.',
  ],
};

/** What the titles of the black-and-white set add: "Printing the booklet in black and white". */
const blackAndWhiteWords: Record<InstructionsLang, string> = {
  fr: ' en noir et blanc',
  en: ' in black and white',
  nl: ' in zwart-wit',
  es: ' en blanco y negro',
  de: ' in Schwarzweiß',
};

/** The words a title adds for the black-and-white set, or nothing. */
const inBlackAndWhite = (input: PrintingInput, lang: InstructionsLang) => (input.blackAndWhite ? blackAndWhiteWords[lang] : '');

/** The black-and-white set's step after the paper: the print dialog's colour setting, as dialogs name it. */
const colourStep: Record<InstructionsLang, string> = {
  fr: 'Couleur\u00a0: choisissez «\u00a0Noir et blanc\u00a0» (ou «\u00a0Niveaux de gris\u00a0»), pour n’utiliser que le toner noir.',
  en: 'Colour: choose “Black and white” (or “Greyscale”), so that only black toner is used.',
  nl: 'Kleur: kies ‘Zwart-wit’ (of ‘Grijswaarden’), zodat alleen zwarte toner wordt gebruikt.',
  es: 'Color: elige «Blanco y negro» (o «Escala de grises»), para que solo se use tóner negro.',
  de: 'Farbe: wähle „Schwarzweiß“ (oder „Graustufen“), damit nur schwarzer Toner verwendet wird.',
};

/** The steps with the colour step after the first (the paper) for the black-and-white set. */
function withColourStep(steps: string[], input: PrintingInput, lang: InstructionsLang): string[] {
  return input.blackAndWhite ? [steps[0]!, colourStep[lang], ...steps.slice(1)] : steps;
}

/** Paper, duplex and scale: the first steps of both booklets, unnumbered. */
const printSteps: Record<InstructionsLang, (input: PrintingInput) => string[]> = {
  fr: ({ paperName, sheets, duplex }) => [
    `Papier\u00a0: ${paperName}, ${plural(sheets, 'feuille', 'feuilles')}.`,
    `Recto verso\u00a0: choisissez «\u00a0${duplex === 'short-edge' ? 'Retourner sur le bord court' : 'Retourner sur le bord long'}\u00a0».`,
    'Échelle\u00a0: taille réelle (100\u00a0%). Décochez «\u00a0Ajuster à la page\u00a0».',
  ],
  en: ({ paperName, sheets, duplex }) => [
    `Paper: ${paperName}, ${plural(sheets, 'sheet', 'sheets')}.`,
    `Two-sided: choose “${duplex === 'short-edge' ? 'Flip on short edge' : 'Flip on long edge'}”.`,
    'Scale: actual size (100%). Turn off “Fit to page”.',
  ],
  nl: ({ paperName, sheets, duplex }) => [
    `Papier: ${paperName}, ${plural(sheets, 'vel', 'vellen')}.`,
    `Dubbelzijdig: kies ‘${duplex === 'short-edge' ? 'Omslaan langs korte zijde' : 'Omslaan langs lange zijde'}’.`,
    'Schaal: werkelijke grootte (100\u00a0%). Zet ‘Aanpassen aan pagina’ uit.',
  ],
  // "Dar la vuelta por el borde corto/largo": Chrome's and CUPS's words; Adobe's dialog says "Voltear en el borde…".
  es: ({ paperName, sheets, duplex }) => [
    `Papel: ${paperName}, ${plural(sheets, 'hoja', 'hojas')}.`,
    `Doble cara: elige «${duplex === 'short-edge' ? 'Dar la vuelta por el borde corto' : 'Dar la vuelta por el borde largo'}» (en algunos diálogos, «${duplex === 'short-edge' ? 'Voltear en el borde corto' : 'Voltear en el borde largo'}»).`,
    'Escala: tamaño real (100\u00a0%). Desactiva «Ajustar a la página».',
  ],
  // German counts sheets of paper as "5 Blatt"; dialogs say "spiegeln" (Adobe, Windows) or "wenden" (others).
  de: ({ paperName, sheets, duplex }) => [
    `Papier: ${paperName}, ${sheets} Blatt.`,
    `Beidseitig drucken: wähle „${duplex === 'short-edge' ? 'An kurzer Kante spiegeln' : 'An langer Kante spiegeln'}“ (in manchen Druckdialogen „${duplex === 'short-edge' ? 'An kurzer Kante wenden' : 'An langer Kante wenden'}“).`,
    'Skalierung: tatsächliche Größe (100\u00a0%). Schalte „An Seite anpassen“ aus.',
  ],
};

/** The booklet's title line. */
const bookletTitle: Record<InstructionsLang, (input: ZineInstructionsInput) => string> = {
  fr: (input) => `Imprimer le livret${inBlackAndWhite(input, 'fr')} (${plural(input.pages, 'page', 'pages')}, ${plural(input.sheets, 'feuille', 'feuilles')} ${input.paperName})`,
  en: (input) => `Printing the booklet${inBlackAndWhite(input, 'en')} (${plural(input.pages, 'page', 'pages')}, ${plural(input.sheets, 'sheet', 'sheets')} of ${input.paperName})`,
  nl: (input) => `Het boekje${inBlackAndWhite(input, 'nl')} afdrukken (${plural(input.pages, 'pagina', 'pagina’s')}, ${plural(input.sheets, 'vel', 'vellen')} ${input.paperName})`,
  es: (input) => `Imprimir el folleto${inBlackAndWhite(input, 'es')} (${plural(input.pages, 'página', 'páginas')}, ${plural(input.sheets, 'hoja', 'hojas')} ${input.paperName})`,
  de: (input) => `Die Broschüre${inBlackAndWhite(input, 'de')} drucken (${plural(input.pages, 'Seite', 'Seiten')}, ${input.sheets} Blatt ${input.paperName})`,
};

/** The tête-bêche booklet's words: title, stacking step and what the folded booklet does; `a` and `b` are the languages' names. */
interface TeteBecheWords {
  title: (input: TeteBecheInstructionsInput, a: string, b: string) => string;
  stack: string;
  result: (a: string, b: string) => string;
}

const teteBeche: Record<InstructionsLang, TeteBecheWords> = {
  fr: {
    title: ({ paperName, sheets, pages: [pagesA, pagesB], blackAndWhite }, a, b) =>
      `Imprimer le livret tête-bêche${blackAndWhite ? blackAndWhiteWords.fr : ''} (${plural(pagesA, 'page', 'pages')} en ${a}, ${pagesB} en ${b}, ${plural(sheets, 'feuille', 'feuilles')} ${paperName})`,
    stack: 'Empilez les feuilles dans l’ordre d’impression, celle qui porte les deux couvertures à l’extérieur.',
    result: (a, b) =>
      `Une couverture se lit en ${a}. Retournez le livret et mettez-le tête en bas\u00a0: l’autre couverture se lit en ${b}. Les deux textes se rejoignent au milieu.`,
  },
  en: {
    title: ({ paperName, sheets, pages: [pagesA, pagesB], blackAndWhite }, a, b) =>
      `Printing the tête-bêche booklet${blackAndWhite ? blackAndWhiteWords.en : ''} (${plural(pagesA, 'page', 'pages')} in ${a}, ${pagesB} in ${b}, ${plural(sheets, 'sheet', 'sheets')} of ${paperName})`,
    stack: 'Stack the sheets in printing order, the one with both covers on the outside.',
    result: (a, b) =>
      `One cover reads in ${a}. Turn the booklet over and upside down: the other cover reads in ${b}. The two texts meet in the middle.`,
  },
  // An "omkeerboek" is the Dutch name of a tête-bêche book.
  nl: {
    title: ({ paperName, sheets, pages: [pagesA, pagesB], blackAndWhite }, a, b) =>
      `Het omkeerboekje${blackAndWhite ? blackAndWhiteWords.nl : ''} afdrukken (${plural(pagesA, 'pagina', 'pagina’s')} in het ${a}, ${pagesB} in het ${b}, ${plural(sheets, 'vel', 'vellen')} ${paperName})`,
    stack: 'Leg de vellen in de volgorde van afdrukken, het vel met de twee omslagen aan de buitenkant.',
    result: (a, b) =>
      `De ene omslag is in het ${a}. Draai het boekje om en zet het op zijn kop: de andere omslag is in het ${b}. De twee teksten ontmoeten elkaar in het midden.`,
  },
  es: {
    title: ({ paperName, sheets, pages: [pagesA, pagesB], blackAndWhite }, a, b) =>
      `Imprimir el folleto tête-bêche${blackAndWhite ? blackAndWhiteWords.es : ''} (${plural(pagesA, 'página', 'páginas')} en ${a}, ${pagesB} en ${b}, ${plural(sheets, 'hoja', 'hojas')} ${paperName})`,
    stack: 'Apila las hojas en el orden de impresión, con la que lleva las dos portadas por fuera.',
    result: (a, b) =>
      `Una portada se lee en ${a}. Da la vuelta al folleto y ponlo cabeza abajo: la otra portada se lee en ${b}. Los dos textos se encuentran en el centro.`,
  },
  // A "Wendebuch" is the German name of a tête-bêche book.
  de: {
    title: ({ paperName, sheets, pages: [pagesA, pagesB], blackAndWhite }, a, b) =>
      `Die Wendebroschüre${blackAndWhite ? blackAndWhiteWords.de : ''} drucken (${plural(pagesA, 'Seite', 'Seiten')} auf ${a}, ${pagesB} auf ${b}, ${sheets} Blatt ${paperName})`,
    stack: 'Lege die Blätter in der Druckreihenfolge aufeinander, das Blatt mit beiden Titelseiten außen.',
    result: (a, b) =>
      `Die eine Titelseite ist auf ${a}. Drehe die Broschüre um und stelle sie auf den Kopf: die andere Titelseite ist auf ${b}. Die beiden Texte treffen sich in der Mitte.`,
  },
};

/** The words of what to tell a print shop; `size` is "148 × 210 mm (A5)", `blanks` the pages to add for a booklet. */
interface PressWords {
  title: (input: PressInstructionsInput) => string;
  trim: (size: string) => string;
  bleed: (mm: string) => string;
  pages: (pages: number) => string;
  colour: Record<PressInstructionsInput['colour'], string>;
  paper: (paperName: string | undefined) => string;
  binding: (pages: number, blanks: number, where: 'before-back-cover' | 'end') => string;
}

const press: Record<InstructionsLang, PressWords> = {
  fr: {
    title: ({ pages, trim }) => `Ce qu’il faut dire à l’imprimerie (${plural(pages, 'page', 'pages')}, ${trim})`,
    trim: (size) => `Format fini (après coupe)\u00a0: ${size}.`,
    bleed: (mm) => `Fond perdu\u00a0: ${mm} de chaque côté\u00a0; les traits de coupe, au-delà, montrent où couper.`,
    pages: (pages) => `Pages\u00a0: ${pages}, une par page du PDF, dans l’ordre de lecture, la couverture en premier.`,
    colour: {
      colour: 'Couleur\u00a0: en couleur. Le PDF est en RVB\u00a0: l’imprimerie le convertit pour sa machine.',
      bw: 'Couleur\u00a0: noir et blanc. Le PDF est en couleur\u00a0: demandez-le imprimé en niveaux de gris.',
    },
    paper: (paperName) =>
      paperName
        ? `Papier\u00a0: ${paperName}, comme le livret du zine\u00a0; grammage et finition à choisir avec l’imprimerie.`
        : 'Papier\u00a0: à choisir avec l’imprimerie (format des feuilles, grammage, finition).',
    binding: (pages, blanks, where) =>
      blanks === 0
        ? `Reliure\u00a0: livret piqué à cheval (plié, agrafé dans le pli)\u00a0; ${pages} pages, un multiple de 4.`
        : `Reliure\u00a0: livret piqué à cheval (plié, agrafé dans le pli), qui demande un multiple de 4 pages\u00a0: faites ajouter ${plural(blanks, 'page blanche', 'pages blanches')} ${where === 'end' ? 'à la fin' : 'avant la quatrième de couverture'} (${pages + blanks} pages en tout).`,
  },
  en: {
    title: ({ pages, trim }) => `What to tell the print shop (${plural(pages, 'page', 'pages')}, ${trim})`,
    trim: (size) => `Trim size (the finished page): ${size}.`,
    bleed: (mm) => `Bleed: ${mm} on every side; the crop marks, outside it, show where to cut.`,
    pages: (pages) => `Pages: ${pages}, one per page of the PDF, in reading order, the cover first.`,
    colour: {
      colour: 'Colour: in colour. The PDF is RGB: the shop converts it for its press.',
      bw: 'Colour: black and white. The PDF is in colour: ask for it to be printed in greyscale.',
    },
    paper: (paperName) =>
      paperName
        ? `Paper: ${paperName}, as for the zine’s booklet; choose the weight and finish with the shop.`
        : 'Paper: choose it with the shop (sheet size, weight, finish).',
    binding: (pages, blanks, where) =>
      blanks === 0
        ? `Binding: saddle-stitched booklet (folded, stapled through the fold); ${pages} pages, a multiple of 4.`
        : `Binding: saddle-stitched booklet (folded, stapled through the fold), which takes a multiple of 4 pages: ask for ${plural(blanks, 'blank page', 'blank pages')} ${where === 'end' ? 'at the end' : 'before the back cover'} (${pages + blanks} pages in all).`,
  },
  nl: {
    title: ({ pages, trim }) => `Wat je de drukkerij vertelt (${plural(pages, 'pagina', 'pagina’s')}, ${trim})`,
    trim: (size) => `Eindformaat (na het snijden): ${size}.`,
    bleed: (mm) => `Afloop: ${mm} aan elke kant; de snijtekens daarbuiten geven aan waar gesneden wordt.`,
    pages: (pages) => `Pagina’s: ${pages}, één per pagina van de pdf, in leesvolgorde, de omslag eerst.`,
    colour: {
      colour: 'Kleur: in kleur. De pdf is in RGB: de drukkerij zet hem om voor haar machine.',
      bw: 'Kleur: zwart-wit. De pdf is in kleur: vraag hem in grijstinten af te drukken.',
    },
    paper: (paperName) =>
      paperName
        ? `Papier: ${paperName}, zoals voor het boekje van de zine; kies gewicht en afwerking samen met de drukkerij.`
        : 'Papier: kies het samen met de drukkerij (formaat van de vellen, gewicht, afwerking).',
    binding: (pages, blanks, where) =>
      blanks === 0
        ? `Binding: boekje met zadelsteek (gevouwen, in de vouw geniet); ${pages} pagina’s, een veelvoud van 4.`
        : `Binding: boekje met zadelsteek (gevouwen, in de vouw geniet), dat een veelvoud van 4 pagina’s vraagt: vraag om ${plural(blanks, 'lege pagina', 'lege pagina’s')} ${where === 'end' ? 'aan het eind' : 'vóór de achteromslag'} (${pages + blanks} pagina’s in totaal).`,
  },
  es: {
    title: ({ pages, trim }) => `Qué decirle a la imprenta (${plural(pages, 'página', 'páginas')}, ${trim})`,
    trim: (size) => `Formato final (una vez cortado): ${size}.`,
    bleed: (mm) => `Sangrado: ${mm} por cada lado; las marcas de corte, por fuera, indican dónde cortar.`,
    pages: (pages) => `Páginas: ${pages}, una por página del PDF, en orden de lectura, la portada primero.`,
    colour: {
      colour: 'Color: a color. El PDF está en RGB: la imprenta lo convierte para su máquina.',
      bw: 'Color: blanco y negro. El PDF está en color: pide que lo impriman en escala de grises.',
    },
    paper: (paperName) =>
      paperName
        ? `Papel: ${paperName}, como el folleto del zine; elige el gramaje y el acabado con la imprenta.`
        : 'Papel: elígelo con la imprenta (tamaño de las hojas, gramaje, acabado).',
    binding: (pages, blanks, where) =>
      blanks === 0
        ? `Encuadernación: folleto grapado a caballete (doblado, grapado por el pliegue); ${pages} páginas, un múltiplo de 4.`
        : `Encuadernación: folleto grapado a caballete (doblado, grapado por el pliegue), que requiere un múltiplo de 4 páginas: pide ${plural(blanks, 'página', 'páginas')} en blanco ${where === 'end' ? 'al final' : 'antes de la contraportada'} (${pages + blanks} páginas en total).`,
  },
  de: {
    title: ({ pages, trim }) => `Was du der Druckerei sagst (${plural(pages, 'Seite', 'Seiten')}, ${trim})`,
    trim: (size) => `Endformat (beschnitten): ${size}.`,
    bleed: (mm) => `Beschnittzugabe: ${mm} an jeder Seite; die Schnittmarken außerhalb davon zeigen, wo geschnitten wird.`,
    pages: (pages) => `Seiten: ${pages}, eine je Seite des PDFs, in Lesereihenfolge, die Titelseite zuerst.`,
    colour: {
      colour: 'Farbe: farbig. Das PDF ist in RGB: die Druckerei wandelt es für ihre Maschine um.',
      bw: 'Farbe: schwarz-weiß. Das PDF ist farbig: bitte um einen Druck in Graustufen.',
    },
    paper: (paperName) =>
      paperName
        ? `Papier: ${paperName}, wie für die Broschüre des Zines; stimme Grammatur und Oberfläche mit der Druckerei ab.`
        : 'Papier: wähle es mit der Druckerei aus (Bogenformat, Grammatur, Oberfläche).',
    binding: (pages, blanks, where) =>
      blanks === 0
        ? `Bindung: Rückstichheftung (gefalzt, im Falz geheftet); ${pages} Seiten, ein Vielfaches von 4.`
        : `Bindung: Rückstichheftung (gefalzt, im Falz geheftet), die ein Vielfaches von 4 Seiten braucht: lass ${plural(blanks, 'leere Seite', 'leere Seiten')} ${where === 'end' ? 'am Ende' : 'vor der Rückseite'} einfügen (${pages + blanks} Seiten insgesamt).`,
  },
};

/** Millimetres as the language writes them: "215,9" in French, "215.9" in English; a no-break space before the unit. */
function millimetres(lang: InstructionsLang, ...lengths: number[]): string {
  const number = new Intl.NumberFormat(lang, { maximumFractionDigits: 1, useGrouping: false });
  return `${lengths.map((mm) => number.format(mm)).join('\u00a0×\u00a0')}\u00a0mm`;
}

/** What to tell a print shop: trim, bleed, pages, colour, paper and, for a booklet, the binding. */
function pressLines(input: PressInstructionsInput, lang: InstructionsLang): [string, string[]] {
  const words = press[lang];
  const steps = [
    words.trim(`${millimetres(lang, input.widthMm, input.heightMm)} (${input.trim})`),
    words.bleed(millimetres(lang, input.bleedMm)),
    words.pages(input.pages),
    words.colour[input.colour],
    words.paper(input.paperName),
  ];
  if (input.booklet) steps.push(words.binding(input.pages, padCount(input.pages) - input.pages, input.booklet.blanks));
  return [words.title(input), steps];
}

/** A language tag named in `lang` ("en" in French: "anglais"); anything else is taken as a name already. */
function languageNameIn(lang: InstructionsLang, language: string): string {
  const tag = canonicalTag(language);
  if (tag === undefined) return language;
  try {
    return new Intl.DisplayNames([lang], { type: 'language' }).of(tag) ?? language;
  } catch {
    return language;
  }
}

/** The mini-zine's title, then its steps, unnumbered. */
const minizine: Record<InstructionsLang, Texts> = {
  fr: (input) => [
    `Imprimer le mini-zine${inBlackAndWhite(input, 'fr')} (${plural(input.pages, 'page', 'pages')} sur une feuille ${input.paperName})`,
    `Papier\u00a0: une feuille ${input.paperName}, imprimée d’un seul côté (pas de recto verso).`,
    'Échelle\u00a0: taille réelle (100\u00a0%). Décochez «\u00a0Ajuster à la page\u00a0».',
    'Marquez les plis\u00a0: pliez la feuille en deux dans la longueur, dépliez, puis pliez-la en huit cases le long des repères\u00a0; dépliez.',
    'Pliez la feuille en deux dans la largeur et coupez depuis la pliure, le long de la ligne du milieu, jusqu’au pli suivant\u00a0: la fente va d’un repère de coupe à l’autre.',
    'Dépliez, repliez dans la longueur, puis poussez les deux bouts vers le centre\u00a0: la fente s’ouvre et les pages se rangent. Refermez le zine, la page 1 dessus.',
  ],
  en: (input) => [
    `Printing the mini-zine${inBlackAndWhite(input, 'en')} (${plural(input.pages, 'page', 'pages')} on one sheet of ${input.paperName})`,
    `Paper: one sheet of ${input.paperName}, printed on one side only (not two-sided).`,
    'Scale: actual size (100%). Turn off “Fit to page”.',
    'Crease the folds: fold the sheet in half lengthwise, unfold, then fold it into eight panels along the marks; unfold.',
    'Fold the sheet in half widthwise and cut from the fold along the middle line up to the next fold: the slit runs between the cut marks.',
    'Unfold, fold lengthwise again and push both ends toward the centre: the slit opens and the pages fall into place. Close the zine with page 1 on top.',
  ],
  nl: (input) => [
    `De minizine${inBlackAndWhite(input, 'nl')} afdrukken (${plural(input.pages, 'pagina', 'pagina’s')} op één vel ${input.paperName})`,
    `Papier: één vel ${input.paperName}, enkelzijdig afgedrukt (niet dubbelzijdig).`,
    'Schaal: werkelijke grootte (100\u00a0%). Zet ‘Aanpassen aan pagina’ uit.',
    'Vouw de vouwlijnen voor: vouw het vel in de lengte dubbel, vouw open, vouw het daarna langs de merktekens in acht vakken; vouw open.',
    'Vouw het vel in de breedte dubbel en knip vanaf de vouw over de middellijn tot aan de volgende vouw: de snede loopt tussen de knipmerken.',
    'Vouw open, vouw opnieuw in de lengte en duw beide uiteinden naar het midden: de snede gaat open en de pagina’s vallen op hun plaats. Sluit de zine met pagina 1 bovenop.',
  ],
  es: (input) => [
    `Imprimir el minizine${inBlackAndWhite(input, 'es')} (${plural(input.pages, 'página', 'páginas')} en una hoja ${input.paperName})`,
    `Papel: una hoja ${input.paperName}, impresa por una sola cara (no a doble cara).`,
    'Escala: tamaño real (100\u00a0%). Desactiva «Ajustar a la página».',
    'Marca los pliegues: dobla la hoja por la mitad a lo largo, despliégala y dóblala en ocho paneles siguiendo las marcas; vuelve a desplegarla.',
    'Dobla la hoja por la mitad a lo ancho y corta desde el pliegue, por la línea central, hasta el pliegue siguiente: el corte va de una marca de corte a la otra.',
    'Despliégala, vuelve a doblarla a lo largo y empuja los dos extremos hacia el centro: el corte se abre y las páginas se colocan en su sitio. Cierra el zine con la página 1 encima.',
  ],
  de: (input) => [
    `Das Mini-Zine${inBlackAndWhite(input, 'de')} drucken (${plural(input.pages, 'Seite', 'Seiten')} auf einem Blatt ${input.paperName})`,
    `Papier: ein Blatt ${input.paperName}, nur einseitig bedruckt (nicht beidseitig).`,
    'Skalierung: tatsächliche Größe (100\u00a0%). Schalte „An Seite anpassen“ aus.',
    'Falze vorknicken: falte das Blatt der Länge nach in der Mitte, klappe es auf und falte es dann entlang der Markierungen in acht Felder; klappe es wieder auf.',
    'Falte das Blatt der Breite nach in der Mitte und schneide vom Falz aus entlang der Mittellinie bis zum nächsten Falz: der Schlitz verläuft zwischen den Schnittmarken.',
    'Klappe es auf, falte es wieder der Länge nach und schiebe beide Enden zur Mitte: der Schlitz öffnet sich und die Seiten legen sich an ihren Platz. Schließe das Zine mit Seite 1 oben.',
  ],
};

/** How to print, fold and bind the imposed PDF, in the zine's language, one step per line. */
export function printingInstructions(input: InstructionsInput): string {
  // The build warns once about a language without words; here English just stands in.
  const lang = wordsLanguage(input.lang) ?? 'en';
  if (input.kind === 'press') {
    const [title, steps] = pressLines(input, lang);
    return [title, ...steps.map((step, i) => `${i + 1}. ${step}`)].join('\n') + '\n';
  }
  const file = input.file === undefined ? [] : [input.file];
  const [title, steps] = input.kind === 'tete-beche' ? teteBecheLines(input, lang) : input.kind === 'minizine' ? minizineLines(input, lang) : bookletLines(input, lang);
  return [...file, title, ...withColourStep(steps, input, lang).map((step, i) => `${i + 1}. ${step}`)].join('\n') + '\n';
}

/** The mini-zine's title and steps. */
function minizineLines(input: ZineInstructionsInput, lang: InstructionsLang): [string, string[]] {
  const [title, ...steps] = minizine[lang](input);
  return [title!, steps];
}

/** The booklet's title and steps: print, then fold one stack at once or each signature apart. */
function bookletLines(input: ZineInstructionsInput, lang: InstructionsLang): [string, string[]] {
  const signatures = input.signatureSheets ?? [];
  // One signature is the plain stack: fold it all at once and staple.
  const binding =
    signatures.length > 1
      ? signatureSteps[lang](describeSignatures(signatures, lang))
      : stackSteps[lang];
  return [bookletTitle[lang](input), [...printSteps[lang](input), ...binding]];
}

/** The tête-bêche booklet's title and steps: print, stack with the covers outside, fold and staple, then how it reads. */
function teteBecheLines(input: TeteBecheInstructionsInput, lang: InstructionsLang): [string, string[]] {
  const [a, b] = input.languages.map((language) => languageNameIn(lang, language)) as [string, string];
  const words = teteBeche[lang];
  // Folding and stapling are the booklet's own last step.
  const foldAndStaple = stackSteps[lang][1]!;
  return [words.title(input, a, b), [...printSteps[lang](input), words.stack, foldAndStaple, words.result(a, b)]];
}
