// Mini-zine: up to 8 reading pages on one side of one sheet, 4 × 2 cells, the
// top row upside down; one cut and a few folds make an 8-page zine.

import { grayscale, type PDFPage } from 'pdf-lib';
import type { z } from 'zod';
import { MINIZINE_DEFAULTS, type minizineSettings } from './settings.ts';
import { minizineCells, type BlankPlacement, type MinizineCell } from './order.ts';
import { fitInCell, placementFor, type Placement, type Rect } from './layout.ts';
import { drawPlacement, embedReading, saveImposed } from './pdf.ts';
import { PAPER_SIZES, landscape, mmToPt, paperSize, type PaperName, type PaperSize } from './paper.ts';

/** Options of `imposeMinizine`: the settings (defaults filled in when left out) and the paper. */
export type MinizineOptions = z.input<typeof minizineSettings> & {
  /** Sheet size or name, used landscape; default A4. */
  paper?: PaperSize | PaperName;
};

/** One drawn page of the mini-zine, in output coordinates. */
export interface MinizinePlacement extends Placement {
  page: number;
}

/** The rectangle of a grid cell on a landscape sheet: bottom row at y = 0, columns from the left. */
export function cellRect(cell: Pick<MinizineCell, 'row' | 'column'>, sheet: PaperSize): Rect {
  const widthPt = sheet.widthPt / 4;
  const heightPt = sheet.heightPt / 2;
  return { xPt: cell.column * widthPt, yPt: cell.row === 'top' ? heightPt : 0, widthPt, heightPt };
}

/** Where each reading page is drawn: scaled to fit its cell, centred, the top row turned 180°. */
export function minizinePlacements(
  pageCount: number,
  sheet: PaperSize,
  trimSizeOf: (page: number) => PaperSize,
  { blanks = MINIZINE_DEFAULTS.blanks }: { blanks?: BlankPlacement } = {},
): MinizinePlacement[] {
  return minizineCells(pageCount, { blanks }).flatMap((cell) => {
    if (cell.page === null) return [];
    const area = cellRect(cell, sheet);
    const trim = trimSizeOf(cell.page);
    const { scale, ...pageRect } = fitInCell(trim.widthPt, trim.heightPt, area, { enlarge: true });
    return [{ page: cell.page, ...placementFor(pageRect, scale, area, cell.rotated) }];
  });
}

const GUIDE_LENGTH_PT = mmToPt(6);
const CUT_MARK_PT = mmToPt(4);

/** Fold ticks (dashed) at the sheet edges and cut ticks (solid) at both ends of the cut. */
function drawGuides(page: PDFPage, { widthPt: w, heightPt: h }: PaperSize): void {
  const style = { thickness: 0.25, color: grayscale(0.5) };
  const dashed = { ...style, dashArray: [2, 2] };
  for (const x of [w / 4, w / 2, (3 * w) / 4]) {
    page.drawLine({ start: { x, y: 0 }, end: { x, y: GUIDE_LENGTH_PT }, ...dashed });
    page.drawLine({ start: { x, y: h }, end: { x, y: h - GUIDE_LENGTH_PT }, ...dashed });
  }
  page.drawLine({ start: { x: 0, y: h / 2 }, end: { x: GUIDE_LENGTH_PT, y: h / 2 }, ...dashed });
  page.drawLine({ start: { x: w, y: h / 2 }, end: { x: w - GUIDE_LENGTH_PT, y: h / 2 }, ...dashed });
  // The cut runs from W/4 to 3W/4 along the middle; mark only its ends, on the page edges' seam.
  page.drawLine({ start: { x: w / 4, y: h / 2 }, end: { x: w / 4 + CUT_MARK_PT, y: h / 2 }, ...style });
  page.drawLine({ start: { x: (3 * w) / 4, y: h / 2 }, end: { x: (3 * w) / 4 - CUT_MARK_PT, y: h / 2 }, ...style });
}

/** Imposes a reading PDF of at most 8 pages as a one-sided mini-zine sheet. */
export async function imposeMinizine(
  reading: Uint8Array,
  { paper = PAPER_SIZES.A4, ...settings }: MinizineOptions = {},
): Promise<Uint8Array> {
  const { guides, blanks } = { ...MINIZINE_DEFAULTS, ...settings };
  const { doc, pages } = await embedReading(reading);
  if (pages.length === 0) throw new RangeError('the reading PDF has no pages: nothing to impose');
  const sheet = landscape(typeof paper === 'string' ? paperSize(paper) : paper);
  const placements = minizinePlacements(
    pages.length,
    sheet,
    (page) => ({ widthPt: pages[page - 1]!.width, heightPt: pages[page - 1]!.height }),
    { blanks },
  );
  const output = doc.addPage([sheet.widthPt, sheet.heightPt]);
  for (const placement of placements) drawPlacement(output, pages[placement.page - 1]!, placement);
  if (guides) drawGuides(output, sheet);
  return saveImposed(doc);
}
