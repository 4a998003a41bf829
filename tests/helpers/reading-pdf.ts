// Reading PDFs made with pdf-lib for the imposition tests: each page shows
// "PAGE k" (or another prefix, "A k") in large Helvetica, centred, plus a line of body text.

import {
  PDFDocument,
  PDFName,
  StandardFonts,
  concatTransformationMatrix,
  drawObject,
  popGraphicsState,
  pushGraphicsState,
  rgb,
} from 'pdf-lib';
import { PAPER_SIZES } from '../../scripts/impose/paper.ts';

/** Options of `makeReadingPdf`. */
export interface ReadingPdfOptions {
  widthPt?: number;
  heightPt?: number;
  /** Extra lines of body text per page, to give the pages weight. */
  bodyLines?: number;
  /** Bytes of one incompressible image drawn on every page: a resource shared by all pages, like a font. */
  sharedImageBytes?: number;
  /** Pages painted solid black (the label stays, in white), to see where a page spills. */
  filled?: (page: number) => boolean;
  /** The label's first word: "A" labels the pages "A 1", "A 2"… (two texts of a tête-bêche booklet). */
  labelPrefix?: string;
}

/** Font size of the "PAGE k" label. */
export const LABEL_SIZE = 36;

/** A reading PDF of n pages, page k labelled "PAGE k" (or "<prefix> k") centred horizontally at mid-height. */
export async function makeReadingPdf(
  n: number,
  {
    widthPt = PAPER_SIZES.A5.widthPt,
    heightPt = PAPER_SIZES.A5.heightPt,
    bodyLines = 0,
    sharedImageBytes = 0,
    filled = () => false,
    labelPrefix = 'PAGE',
  }: ReadingPdfOptions = {},
): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const image = sharedImageBytes > 0 ? doc.context.register(sharedImage(doc, sharedImageBytes)) : undefined;
  for (let k = 1; k <= n; k++) {
    const page = doc.addPage([widthPt, heightPt]);
    if (filled(k)) page.drawRectangle({ x: 0, y: 0, width: widthPt, height: heightPt, color: rgb(0, 0, 0) });
    if (image) {
      page.node.setXObject(PDFName.of('Shared'), image);
      page.pushOperators(
        pushGraphicsState(),
        concatTransformationMatrix(40, 0, 0, 40, 20, 20),
        drawObject('Shared'),
        popGraphicsState(),
      );
    }
    const label = `${labelPrefix} ${k}`;
    const labelWidth = font.widthOfTextAtSize(label, LABEL_SIZE);
    page.drawText(label, {
      x: (widthPt - labelWidth) / 2,
      y: heightPt / 2,
      size: LABEL_SIZE,
      font,
      color: filled(k) ? rgb(1, 1, 1) : rgb(0, 0, 0),
    });
    for (let line = 0; line < bodyLines; line++) {
      page.drawText('lorem ipsum dolor sit amet consectetur', { x: 30, y: heightPt - 40 - line * 12, size: 9, font });
    }
  }
  return doc.save({ useObjectStreams: false });
}

/** A grey image stream of about `bytes` bytes of noise (a fixed seed: the same every run). */
function sharedImage(doc: PDFDocument, bytes: number) {
  const side = Math.ceil(Math.sqrt(bytes));
  const data = new Uint8Array(side * side);
  let seed = 12345;
  for (let i = 0; i < data.length; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    data[i] = seed >>> 23;
  }
  return doc.context.stream(data, {
    Type: 'XObject',
    Subtype: 'Image',
    Width: side,
    Height: side,
    ColorSpace: 'DeviceGray',
    BitsPerComponent: 8,
  });
}
