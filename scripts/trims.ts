// Trim (page) geometry, written once: each trim's page size and margins. The
// @page rule the browser lays out with, the printed size of images and the
// mini-zine's fit all come from this table; styles/trim/<trim>.css holds only
// the trim's typography (type sizes, cover padding).
import { landscape, PAPER_SIZES, PT_PER_MM, type PaperName } from './impose/paper.ts';

/** Page sizes a zine can be set in. */
export const TRIM_NAMES = ['A4', 'A5', 'A6', 'A7', 'Letter', 'half-Letter', 'phone'] as const;
/** A page (trim) size. */
export type TrimSize = (typeof TRIM_NAMES)[number];

/** Papers the impositions print on. */
export const PAPER_NAMES = ['A3', 'A4', 'A5', 'Letter', 'Legal', 'Tabloid'] as const satisfies readonly PaperName[];
/** A printer paper. */
export type PaperSize = (typeof PAPER_NAMES)[number];

/** Millimetres per inch. */
const MM_PER_IN = 25.4;

/** A trim's page and margins, in mm. */
export interface TrimGeometry {
  widthMm: number;
  heightMm: number;
  /** top, right, bottom, left, as CSS writes them. */
  marginsMm: [number, number, number, number];
}

/** A paper of PAPER_SIZES in mm, rounded to 0.01 mm (pdf-lib rounds its points). */
const paperMm = (name: PaperName) => ({
  widthMm: Math.round((PAPER_SIZES[name].widthPt / PT_PER_MM) * 100) / 100,
  heightMm: Math.round((PAPER_SIZES[name].heightPt / PT_PER_MM) * 100) / 100,
});
const inches = (...margins: [number, number, number, number]) => margins.map((m) => m * MM_PER_IN) as TrimGeometry['marginsMm'];

/** Each trim's geometry: the ISO and Letter papers of the same name, and half a Letter sheet. */
export const TRIMS: Record<TrimSize, TrimGeometry> = {
  A4: { ...paperMm('A4'), marginsMm: [20, 20, 22, 20] },
  A5: { ...paperMm('A5'), marginsMm: [16, 15, 18, 15] },
  A6: { ...paperMm('A6'), marginsMm: [11, 10, 13, 10] },
  A7: { ...paperMm('A7'), marginsMm: [7, 6, 8, 6] },
  Letter: { ...paperMm('Letter'), marginsMm: inches(0.8, 0.8, 0.9, 0.8) },
  'half-Letter': { widthMm: paperMm('Letter').heightMm / 2, heightMm: paperMm('Letter').widthMm, marginsMm: inches(0.6, 0.55, 0.7, 0.55) },
  // A phone held upright (9:16), narrow margins: read at fit-to-width, not printed.
  phone: { widthMm: 90, heightMm: 160, marginsMm: [7, 6, 8, 6] },
};

/** Width of a trim's text area in mm: the printed width of a full-width image. */
export function textWidthMm(trim: TrimSize): number {
  const { widthMm, marginsMm } = TRIMS[trim];
  return widthMm - marginsMm[1] - marginsMm[3];
}

/** Height of a trim's text area in mm. */
export function textHeightMm(trim: TrimSize): number {
  const { heightMm, marginsMm } = TRIMS[trim];
  return heightMm - marginsMm[0] - marginsMm[2];
}

/** Tallest an image is printed, in mm: 60 % of the text height, so a caption and a line of text fit beside it. */
export function imageMaxHeightMm(trim: TrimSize): number {
  return Math.floor(textHeightMm(trim) * 0.6);
}

/** "12.7mm": a length for CSS, to 0.01 mm. */
const cssMm = (mm: number) => `${Math.round(mm * 100) / 100}mm`;

/**
 * The @page rule and image cap of a trim. A length, never vh, for the image cap:
 * vh is the screen's height while Paged.js lays out but the page's when Chromium prints.
 */
export function trimCss(trim: TrimSize): string {
  const { widthMm, heightMm, marginsMm } = TRIMS[trim];
  return [
    `/* ${trim}: page geometry from scripts/trims.ts */`,
    `@page { size: ${cssMm(widthMm)} ${cssMm(heightMm)}; margin: ${marginsMm.map(cssMm).join(' ')}; }`,
    `:root { --image-max-height: ${cssMm(imageMaxHeightMm(trim))}; }`,
  ].join('\n');
}

/** One mini-zine cell in mm: an eighth of the landscape sheet (4 columns × 2 rows). */
export function minizineCellMm(paper: PaperSize): { widthMm: number; heightMm: number } {
  const sheet = landscape(PAPER_SIZES[paper]);
  return { widthMm: sheet.widthPt / 4 / PT_PER_MM, heightMm: sheet.heightPt / 2 / PT_PER_MM };
}

/** The scale a mini-zine prints a trim at on this paper (its pages are fitted into the cells). */
export function minizineScale(trim: TrimSize, paper: PaperSize): number {
  const cell = minizineCellMm(paper);
  const page = TRIMS[trim];
  return Math.min(cell.widthMm / page.widthMm, cell.heightMm / page.heightMm);
}

/** The trim that best fills a mini-zine cell of this paper: A4 → A7, A3 → A6, Letter → A7, Tabloid → A6. */
export function minizineTrim(paper: PaperSize): TrimSize {
  const misfit = (trim: TrimSize) => Math.abs(minizineScale(trim, paper) - 1);
  return TRIM_NAMES.reduce((best, trim) => (misfit(trim) < misfit(best) ? trim : best));
}
