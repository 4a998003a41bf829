// Saddle-stitch booklet: two reading pages on each side of a landscape sheet,
// in the order of order.ts, with creep compensation. Each reading page is
// embedded once and reused, so the booklet stays about the size of the reading PDF.

import type { z } from 'zod';
import { bookletSides, type Side, type Source } from './order.ts';
import { BOOKLET_DEFAULTS, type bookletSettings } from './settings.ts';
import { halfLayout, halfRect, placementFor, turnRect, type Placement } from './layout.ts';
import { drawPlacement, embedReading, saveImposed } from './pdf.ts';
import { PAPER_SIZES, landscape, mmToPt, paperSize, type PaperName, type PaperSize } from './paper.ts';

/** Options of `imposeBooklet`: the settings (defaults filled in when left out) and the paper. */
export type BookletOptions = z.input<typeof bookletSettings> & {
  /** Sheet size (any orientation; sides are landscape) or a known name; A4 when omitted, as for the mini-zine. */
  paper?: PaperSize | PaperName;
};

/** One drawn page of a booklet side, in output coordinates. */
export interface BookletPlacement extends Placement {
  page: number;
  /** Tête-bêche only: the text the page comes from. */
  source?: Source;
}

/** The output side size: the paper, landscape. */
export function bookletSideSize(paper: PaperSize | PaperName): PaperSize {
  return landscape(typeof paper === 'string' ? paperSize(paper) : paper);
}

/** Where each reading page of a side is drawn: pure geometry, also used by the tests. */
export function sidePlacements(
  side: Side,
  sideSize: PaperSize,
  trimSizeOf: (page: number, source?: Source) => PaperSize,
): BookletPlacement[] {
  const { widthPt, heightPt } = sideSize;
  const placements: BookletPlacement[] = [];
  for (const half of ['left', 'right'] as const) {
    const slot = side[half];
    // Blank slots draw nothing: a page without content cannot even be embedded.
    if (slot.page === null) continue;
    const trim = trimSizeOf(slot.page, slot.source);
    const layout = halfLayout(half, trim.widthPt, trim.heightPt, widthPt, heightPt, mmToPt(slot.creepMm));
    // Clipping to the page's own half keeps a large creep shift from spilling over the spine.
    const cell = halfRect(half, widthPt, heightPt);
    // A turned side is the reader's side rotated about its centre: its left slot lands on the right.
    const pageRect = slot.rotated ? turnRect(layout.pageRect, widthPt, heightPt) : layout.pageRect;
    const clip = slot.rotated ? turnRect(cell, widthPt, heightPt) : cell;
    // A turned page (tête-bêche) turns in place, in the same rectangle; on a turned side the two turns cancel.
    const placement = placementFor(pageRect, layout.scale, clip, slot.rotated !== (slot.turned ?? false));
    const { page, source } = slot;
    placements.push({ page, ...(source && { source }), ...placement });
  }
  return placements;
}

/** Imposes a reading PDF as a saddle-stitched booklet: N/2 landscape sides, front then back of each sheet. */
export async function imposeBooklet(
  reading: Uint8Array,
  { paper = PAPER_SIZES.A4, ...settings }: BookletOptions = {},
): Promise<Uint8Array> {
  // Defaults from the one schema; the values as given (the front matter bounds them, tests go beyond).
  const { duplex, blanks, paperThicknessMm, signaturePages, binding } = { ...BOOKLET_DEFAULTS, ...settings };
  const { doc, pages } = await embedReading(reading);
  if (pages.length === 0) throw new RangeError('the reading PDF has no pages: nothing to impose');
  const trimSizes = pages.map((page) => ({ widthPt: page.width, heightPt: page.height }));
  const sideSize = bookletSideSize(paper);
  const sides = bookletSides(pages.length, {
    blanks,
    duplex,
    binding,
    paperThicknessMm,
    signaturePages,
  });
  for (const side of sides) {
    const output = doc.addPage([sideSize.widthPt, sideSize.heightPt]);
    for (const placement of sidePlacements(side, sideSize, (page) => trimSizes[page - 1]!)) {
      drawPlacement(output, pages[placement.page - 1]!, placement);
    }
  }
  return saveImposed(doc);
}
