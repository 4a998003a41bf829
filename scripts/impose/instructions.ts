// Printing instructions in the zine's language, naming the options as print
// dialogs do: the duplex edge is the first thing people get wrong.

import type { Duplex } from './order.ts';

/** Languages the instructions are written in. */
export type InstructionsLang = 'fr' | 'en' | 'nl';

/** What to explain: which imposition, on what paper, how many sheets and pages. */
export interface InstructionsInput {
  kind: 'booklet' | 'minizine';
  lang: InstructionsLang;
  /** Paper name as the print dialog shows it, e.g. "A4" or "Letter". */
  paperName: string;
  /** Sheets of paper to print on (1 for a mini-zine). */
  sheets: number;
  /** Ignored for a mini-zine, which is printed on one side. */
  duplex: Duplex;
  /** Reading pages in the zine. */
  pages: number;
}

type Texts = (input: InstructionsInput) => string[];

/** "1 feuille", "5 feuilles": the count with the right form of the word. */
function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

const booklet: Record<InstructionsLang, Texts> = {
  fr: ({ paperName, sheets, duplex, pages }) => [
    `Imprimer le livret (${plural(pages, 'page', 'pages')}, ${plural(sheets, 'feuille', 'feuilles')} ${paperName})`,
    `1. Papier\u00a0: ${paperName}, ${plural(sheets, 'feuille', 'feuilles')}.`,
    `2. Recto verso\u00a0: choisissez «\u00a0${duplex === 'short-edge' ? 'Retourner sur le bord court' : 'Retourner sur le bord long'}\u00a0».`,
    '3. Échelle\u00a0: taille réelle (100\u00a0%). Décochez «\u00a0Ajuster à la page\u00a0».',
    '4. Empilez les feuilles dans l’ordre d’impression, celle qui porte la page 1 à l’extérieur.',
    '5. Pliez toute la pile en deux d’un seul coup, puis agrafez deux fois sur la pliure (c’est plus facile avec une agrafeuse à bras long).',
  ],
  en: ({ paperName, sheets, duplex, pages }) => [
    `Printing the booklet (${plural(pages, 'page', 'pages')}, ${plural(sheets, 'sheet', 'sheets')} of ${paperName})`,
    `1. Paper: ${paperName}, ${plural(sheets, 'sheet', 'sheets')}.`,
    `2. Two-sided: choose “${duplex === 'short-edge' ? 'Flip on short edge' : 'Flip on long edge'}”.`,
    '3. Scale: actual size (100%). Turn off “Fit to page”.',
    '4. Stack the sheets in printing order, the one with page 1 on the outside.',
    '5. Fold the whole stack in half at once, then staple twice along the fold (a long-reach stapler helps).',
  ],
  nl: ({ paperName, sheets, duplex, pages }) => [
    `Het boekje afdrukken (${plural(pages, 'pagina', 'pagina’s')}, ${plural(sheets, 'vel', 'vellen')} ${paperName})`,
    `1. Papier: ${paperName}, ${plural(sheets, 'vel', 'vellen')}.`,
    `2. Dubbelzijdig: kies ‘${duplex === 'short-edge' ? 'Omslaan langs korte zijde' : 'Omslaan langs lange zijde'}’.`,
    '3. Schaal: werkelijke grootte (100\u00a0%). Zet ‘Aanpassen aan pagina’ uit.',
    '4. Leg de vellen in de volgorde van afdrukken, het vel met pagina 1 aan de buitenkant.',
    '5. Vouw de hele stapel in één keer dubbel en niet hem twee keer op de vouw (een nietmachine met lange arm helpt).',
  ],
};

const minizine: Record<InstructionsLang, Texts> = {
  fr: ({ paperName }) => [
    `Imprimer le mini-zine (8 pages sur une feuille ${paperName})`,
    `1. Papier\u00a0: une feuille ${paperName}, imprimée d’un seul côté (pas de recto verso).`,
    '2. Échelle\u00a0: taille réelle (100\u00a0%). Décochez «\u00a0Ajuster à la page\u00a0».',
    '3. Marquez les plis\u00a0: pliez la feuille en deux dans la longueur, dépliez, puis pliez-la en huit cases le long des repères\u00a0; dépliez.',
    '4. Pliez la feuille en deux dans la largeur et coupez depuis la pliure, le long de la ligne du milieu, jusqu’au pli suivant\u00a0: la fente va d’un repère de coupe à l’autre.',
    '5. Dépliez, repliez dans la longueur, puis poussez les deux bouts vers le centre\u00a0: la fente s’ouvre et les pages se rangent. Refermez le zine, la page 1 dessus.',
  ],
  en: ({ paperName }) => [
    `Printing the mini-zine (8 pages on one sheet of ${paperName})`,
    `1. Paper: one sheet of ${paperName}, printed on one side only (not two-sided).`,
    '2. Scale: actual size (100%). Turn off “Fit to page”.',
    '3. Crease the folds: fold the sheet in half lengthwise, unfold, then fold it into eight panels along the marks; unfold.',
    '4. Fold the sheet in half widthwise and cut from the fold along the middle line up to the next fold: the slit runs between the cut marks.',
    '5. Unfold, fold lengthwise again and push both ends toward the centre: the slit opens and the pages fall into place. Close the zine with page 1 on top.',
  ],
  nl: ({ paperName }) => [
    `De minizine afdrukken (8 pagina’s op één vel ${paperName})`,
    `1. Papier: één vel ${paperName}, enkelzijdig afgedrukt (niet dubbelzijdig).`,
    '2. Schaal: werkelijke grootte (100\u00a0%). Zet ‘Aanpassen aan pagina’ uit.',
    '3. Vouw de vouwlijnen voor: vouw het vel in de lengte dubbel, vouw open, vouw het daarna langs de merktekens in acht vakken; vouw open.',
    '4. Vouw het vel in de breedte dubbel en knip vanaf de vouw over de middellijn tot aan de volgende vouw: de snede loopt tussen de knipmerken.',
    '5. Vouw open, vouw opnieuw in de lengte en duw beide uiteinden naar het midden: de snede gaat open en de pagina’s vallen op hun plaats. Sluit de zine met pagina 1 bovenop.',
  ],
};

/** How to print, fold and bind the imposed PDF, in the zine's language, one step per line. */
export function printingInstructions(input: InstructionsInput): string {
  const texts = input.kind === 'booklet' ? booklet : minizine;
  return texts[input.lang](input).join('\n') + '\n';
}
