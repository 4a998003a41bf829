// Tête-bêche booklet: two reading PDFs of one trim (two languages of a zine) in
// one saddle-stitched booklet. A reads from one cover; turned over and upside
// down, B reads from the other; the texts meet in the middle. The order is
// teteBecheSides (order.ts), the geometry the booklet's sidePlacements.

import type { PDFEmbeddedPage } from 'pdf-lib';
import type { z } from 'zod';
import { teteBecheSides, type Source } from './order.ts';
import { BOOKLET_DEFAULTS, type bookletSettings } from './settings.ts';
import { bookletSideSize, sidePlacements } from './booklet.ts';
import { drawPlacement, embedReading, saveImposed } from './pdf.ts';
import { PAPER_SIZES, PT_PER_MM, type PaperName, type PaperSize } from './paper.ts';

/** Options of `imposeTeteBeche`: the booklet's duplex and paper thickness (one signature, left binding) and the paper. */
export type TeteBecheOptions = Pick<z.input<typeof bookletSettings>, 'duplex' | 'paperThicknessMm'> & {
  /** Sheet size (any orientation; sides are landscape) or a known name; A4 when omitted. */
  paper?: PaperSize | PaperName;
};

/** Largest difference in points between two page sizes still taken as one trim (0.1 mm). */
const SAME_TRIM_PT = 0.1 * PT_PER_MM;

/** "148 × 210 mm", to one decimal where needed. */
function describeTrim(page: PDFEmbeddedPage): string {
  const mm = (pt: number) => String(Math.round((pt / PT_PER_MM) * 10) / 10);
  return `${mm(page.width)} × ${mm(page.height)} mm`;
}

/** Refuses pages of unlike sizes: both texts fold onto one trim, so every page must have A's first page's size. */
function assertOneTrim(pages: Record<Source, PDFEmbeddedPage[]>): void {
  const first = pages.a[0]!;
  for (const source of ['a', 'b'] as const) {
    for (const [index, page] of pages[source].entries()) {
      if (Math.abs(page.width - first.width) > SAME_TRIM_PT || Math.abs(page.height - first.height) > SAME_TRIM_PT) {
        throw new RangeError(
          `a tête-bêche booklet needs one trim for both texts: page 1 of A is ${describeTrim(first)}, ` +
            `page ${index + 1} of ${source.toUpperCase()} is ${describeTrim(page)}; ` +
            `render both with the same \`trim\` in their front matter`,
        );
      }
    }
  }
}

/** Imposes two reading PDFs of one trim as a tête-bêche booklet: H landscape sides, front then back of each sheet. */
export async function imposeTeteBeche(
  readingA: Uint8Array,
  readingB: Uint8Array,
  { paper = PAPER_SIZES.A4, ...settings }: TeteBecheOptions = {},
): Promise<Uint8Array> {
  const { duplex, paperThicknessMm } = { ...BOOKLET_DEFAULTS, ...settings };
  // Both texts go into one document, each page embedded once.
  const a = await embedReading(readingA, { name: 'A' });
  const b = await embedReading(readingB, { name: 'B', into: a.doc });
  const pages: Record<Source, PDFEmbeddedPage[]> = { a: a.pages, b: b.pages };
  for (const source of ['a', 'b'] as const) {
    if (pages[source].length === 0) {
      throw new RangeError(`the reading PDF of ${source.toUpperCase()} has no pages: nothing to impose`);
    }
  }
  assertOneTrim(pages);
  const sideSize = bookletSideSize(paper);
  const trimSizeOf = (page: number, source: Source = 'a') => {
    const { width, height } = pages[source][page - 1]!;
    return { widthPt: width, heightPt: height };
  };
  for (const side of teteBecheSides(a.pages.length, b.pages.length, { duplex, paperThicknessMm })) {
    const output = a.doc.addPage([sideSize.widthPt, sideSize.heightPt]);
    for (const placement of sidePlacements(side, sideSize, trimSizeOf)) {
      // Every slot of a tête-bêche side names its text.
      drawPlacement(output, pages[placement.source ?? 'a'][placement.page - 1]!, placement);
    }
  }
  return saveImposed(a.doc);
}
