// The pdf-lib side shared by the booklet and the mini-zine: load the reading
// PDF, embed each page once, draw a placement clipped to its cell, save
// without any metadata stamp.

import { inflateSync } from 'node:zlib';
import {
  PDFArray,
  PDFContentStream,
  PDFDict,
  PDFDocument,
  PDFRawStream,
  PDFRef,
  PDFStream,
  clip,
  degrees,
  endPath,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  type PDFContext,
  type PDFEmbeddedPage,
  type PDFPage,
} from 'pdf-lib';
import { pdfName } from '../pdf/objects.ts';
import type { Placement } from './layout.ts';

/** A reading PDF ready to be imposed: its pages embedded once into a new, empty document (or a given one). */
export interface EmbeddedReading {
  doc: PDFDocument;
  /** Index i holds reading page i + 1. */
  pages: PDFEmbeddedPage[];
}

/** Options of `embedReading`, for imposing several reading PDFs together. */
export interface EmbedOptions {
  /** The document to embed into (one already holding another reading PDF); a new, empty one when omitted. */
  into?: PDFDocument;
  /** Names the reading PDF in errors: "B" gives "reading page 3 of B". */
  name?: string;
}

/** Loads the reading PDF and embeds every page once (shared fonts are copied once too). */
export async function embedReading(reading: Uint8Array, { into, name }: EmbedOptions = {}): Promise<EmbeddedReading> {
  const source = await PDFDocument.load(reading, { updateMetadata: false });
  // No Producer, Creator or dates: the metadata stage sets them, and the bytes stay reproducible.
  const doc = into ?? (await PDFDocument.create({ updateMetadata: false }));
  const sourcePages = source.getPages();
  for (const [index, page] of sourcePages.entries()) {
    if (page.getRotation().angle % 360 !== 0) {
      throw new Error(
        `reading page ${index + 1}${name === undefined ? '' : ` of ${name}`} has a /Rotate of ${page.getRotation().angle}°; ` +
          `impose only unrotated pages (the reading PDF from the render stage has none)`,
      );
    }
  }
  // pdf-lib's default box assumes the MediaBox starts at (0, 0); pass the visible box explicitly.
  const boxes = sourcePages.map((page) => {
    const { x, y, width, height } = page.getCropBox();
    return { left: x, bottom: y, right: x + width, top: y + height };
  });
  const pages = await doc.embedPages(sourcePages, boxes);
  for (const page of pages) keepEncodedContents(page);
  return { doc, pages };
}

/** What pdf-lib's page embedder holds, of which keepEncodedContents needs this much. */
interface PageEmbedder {
  page: { normalizedEntries(): { Contents?: PDFArray; Resources?: PDFDict }; context: PDFContext };
  boundingBox: { left: number; bottom: number; right: number; top: number };
  transformationMatrix: number[];
  embedIntoContext(context: PDFContext, ref?: PDFRef): Promise<PDFRef>;
  decodeContents(contents: PDFArray): Uint8Array;
}

/**
 * pdf-lib embeds a page by decoding its content streams and compressing them again:
 * most of the time an imposition takes. A page with one Flate-compressed content
 * stream (every page Chromium writes) becomes its form XObject as it is, bytes
 * untouched; any other page goes through pdf-lib's own embedding.
 *
 * pdf-lib wraps each page it loads between a `q` stream and a `Q` stream of its own;
 * a form XObject is painted inside a saved graphics state anyway (PDF 32000-1, 8.10.1),
 * so the two are left out and the page's own stream is the one kept.
 */
function keepEncodedContents(embedded: PDFEmbeddedPage): void {
  const embedder = (embedded as unknown as { embedder: PageEmbedder }).embedder;
  const embedWithPdfLib = embedder.embedIntoContext.bind(embedder);
  inflateWithZlib(embedder);
  embedder.embedIntoContext = async (context, ref) => {
    const { Contents, Resources } = embedder.page.normalizedEntries();
    const source = embedder.page.context;
    const refs = Contents ? Array.from({ length: Contents.size() }, (_, index) => Contents.get(index)) : [];
    // The source document is never saved: asking for its q and Q streams, which the wrapping made, adds nothing that lands.
    const wrapped = refs.length === 3 && refs[0] === source.getPushGraphicsStateContentStream() && refs[2] === source.getPopGraphicsStateContentStream();
    const own = wrapped ? [refs[1]] : refs;
    const only = own.length === 1 ? source.lookup(own[0]) : undefined;
    if (!isPlainFlate(only)) return embedWithPdfLib(context, ref);
    const { left, bottom, right, top } = embedder.boundingBox;
    const dict = context.obj({
      Type: 'XObject',
      Subtype: 'Form',
      FormType: 1,
      BBox: [left, bottom, right, top],
      Matrix: embedder.transformationMatrix,
      Resources,
      Filter: 'FlateDecode',
      Length: only.contents.length,
    });
    const xObject = PDFRawStream.of(dict, only.contents);
    if (ref) {
      context.assign(ref, xObject);
      return ref;
    }
    return context.register(xObject);
  };
}

/**
 * A page that cannot be kept as it is (several streams of its own) goes through
 * pdf-lib's embedding, which decodes Flate in JavaScript: zlib gives the same bytes
 * several times faster. Anything but a plain Flate stream, or one zlib refuses, is
 * left to pdf-lib, which joins the decoded streams with a newline, as here.
 */
function inflateWithZlib(embedder: PageEmbedder): void {
  const decodeWithPdfLib = embedder.decodeContents.bind(embedder);
  embedder.decodeContents = (contents) => {
    const parts: Uint8Array[] = [];
    for (let i = 0; i < contents.size(); i++) {
      const stream = contents.lookup(i);
      if (stream instanceof PDFContentStream) {
        parts.push(stream.getUnencodedContents(), NEWLINE);
        continue;
      }
      if (!isPlainFlate(stream)) return decodeWithPdfLib(contents);
      try {
        parts.push(inflateSync(stream.contents), NEWLINE);
      } catch {
        return decodeWithPdfLib(contents);
      }
    }
    const joined = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
    let offset = 0;
    for (const part of parts) {
      joined.set(part, offset);
      offset += part.length;
    }
    return joined;
  };
}

const NEWLINE = Uint8Array.of(0x0a);

/** A stream compressed with Flate and nothing else: what both shortcuts above can read or keep. */
function isPlainFlate(stream: unknown): stream is PDFRawStream {
  return stream instanceof PDFRawStream && stream.dict.get(pdfName('Filter')) === pdfName('FlateDecode') && !stream.dict.has(pdfName('DecodeParms'));
}

/** Draws an embedded page as placed, painting nothing outside the placement's clip rectangle. */
export function drawPlacement(page: PDFPage, embedded: PDFEmbeddedPage, placement: Placement): void {
  const { clip: area } = placement;
  page.pushOperators(
    pushGraphicsState(),
    rectangle(area.xPt, area.yPt, area.widthPt, area.heightPt),
    clip(),
    endPath(),
  );
  page.drawPage(embedded, {
    x: placement.xPt,
    y: placement.yPt,
    xScale: placement.scale,
    yScale: placement.scale,
    rotate: degrees(placement.rotateDeg),
  });
  page.pushOperators(popGraphicsState());
}

/** Saves without object streams (poppler, qpdf and pdfjs read it alike) and without unused objects. */
export async function saveImposed(doc: PDFDocument): Promise<Uint8Array> {
  // Pages are embedded lazily, at flush: embed them before looking for orphans.
  await doc.flush();
  dropUnreachable(doc);
  return doc.save({ useObjectStreams: false });
}

/**
 * Deletes the objects nothing points to. Embedding copies each reading page's
 * content streams, then keeps only a decoded copy in the form XObject: the
 * originals would otherwise be saved too, one orphan per page.
 */
function dropUnreachable(doc: PDFDocument): void {
  const { context } = doc;
  const reachable = new Set<PDFRef>();
  const pending: unknown[] = [context.trailerInfo.Root, context.trailerInfo.Info];
  while (pending.length > 0) {
    const object = pending.pop();
    if (object instanceof PDFRef) {
      if (reachable.has(object)) continue;
      reachable.add(object);
      pending.push(context.lookup(object));
    } else if (object instanceof PDFDict) {
      pending.push(...object.values());
    } else if (object instanceof PDFArray) {
      pending.push(...object.asArray());
    } else if (object instanceof PDFStream) {
      pending.push(object.dict);
    }
  }
  let largest = 0;
  for (const [ref] of context.enumerateIndirectObjects()) {
    if (!reachable.has(ref)) context.delete(ref);
    else largest = Math.max(largest, ref.objectNumber);
  }
  // The trailer's /Size must be one more than the highest object number left.
  context.largestObjectNumber = largest;
}
