// The print-shop PDF: the press rendition (styles/press.css: bleed and crop
// marks) with the trim and bleed written into each page, where a shop's
// preflight reads them (docs/printing.md).
import { PDFDocument, PDFName } from 'pdf-lib';
import { printingInstructions } from '../impose/instructions.ts';
import { PT_PER_MM } from '../impose/paper.ts';
import { finalizePdf } from '../pdf/metadata.ts';
import { TRIMS, type TrimSize } from '../trims.ts';
import type { OutputForm } from './form.ts';

/** The bleed, on every side, in mm: what print shops ask for. styles/press.css says the same (`--bleed`). */
export const BLEED_MM = 3;

/**
 * From the trim to the edge of the sheet, in points: the bleed, a gap, then the
 * crop marks. Paged.js draws its marks inside what it calls the bleed, so
 * styles/press.css gives it this (`@page { bleed: 30pt }`) and the marks stop 5 mm
 * from the trim. 30 pt is 40 CSS pixels: with the page on a whole pixel, Chromium
 * rounds its content to the same positions as in the reading PDF (at 10 mm, 37.8 px,
 * the back cover's rule moved 0.6 pt).
 */
export const SHEET_MARGIN_PT = 30;

/** A page box as the PDF writes it: left, bottom, right, top, in points from the bottom left corner. */
export type Box = [number, number, number, number];

/** To 0.001 pt: short numbers in the file, far below what a cutter can tell. */
const round = (pt: number) => Math.round(pt * 1000) / 1000;

/**
 * The trim and bleed boxes of a press page `mediaHeight` points tall. Chromium
 * sets the page's content from its top left corner and rounds the page's size to
 * about a point, so the trim is measured from the top left, at its exact size.
 */
export function pressBoxes(trim: TrimSize, mediaHeight: number): { trim: Box; bleed: Box } {
  const { widthMm, heightMm } = TRIMS[trim];
  const margin = SHEET_MARGIN_PT;
  const width = widthMm * PT_PER_MM;
  const height = heightMm * PT_PER_MM;
  const bleed = BLEED_MM * PT_PER_MM;
  const top = mediaHeight - margin;
  const around = (by: number): Box => [margin - by, top - height - by, margin + width + by, top + by].map(round) as Box;
  return { trim: around(0), bleed: around(bleed) };
}

/** `<zine>-press.pdf`: each page on a sheet with 3 mm of bleed and crop marks, TrimBox and BleedBox set. */
export const press: OutputForm = {
  name: 'press',
  description: 'a PDF for a print shop: 3 mm bleed, crop marks, trim and bleed boxes (press: true or --press)',
  chosen: 'always',
  renditions: ['press'],
  async make({ zine, fileName, config, reading, pageCount, meta }) {
    const doc = await PDFDocument.load(reading, { updateMetadata: false });
    for (const page of doc.getPages()) {
      const { trim, bleed } = pressBoxes(config.trim, page.getMediaBox().height);
      // Written as arrays: page.setTrimBox adds the width to the left edge and may write 623.7339999999999.
      page.node.set(PDFName.of('TrimBox'), doc.context.obj(trim));
      page.node.set(PDFName.of('BleedBox'), doc.context.obj(bleed));
    }
    const boxed = await doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false });
    const { widthMm, heightMm } = TRIMS[config.trim];
    return {
      files: [{ name: fileName(`${zine}-press`, 'pdf'), kind: 'press', pages: pageCount, bytes: await finalizePdf(boxed, meta) }],
      instructions: printingInstructions({
        kind: 'press',
        lang: config.lang,
        trim: config.trim,
        widthMm,
        heightMm,
        bleedMm: BLEED_MM,
        pages: pageCount,
        // A booklet is wanted: its paper is the zine's suggestion, and the shop binds it so.
        paperName: config.impose.includes('booklet') ? config.paper.join(' / ') : undefined,
        colour: config.colour.includes('colour') ? 'colour' : 'bw',
        booklet: config.impose.includes('booklet') ? { blanks: config.booklet.blanks } : undefined,
      }),
    };
  },
};
