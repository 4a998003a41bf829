// Small helpers over pdf-lib's low-level objects, shared by metadata and audit.
import { deflateSync, inflateSync, constants as zlibConstants } from 'node:zlib';
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFRawStream,
  PDFRef,
  PDFStream,
  PDFString,
} from 'pdf-lib';
import type { PDFContext, PDFObject, PDFPage } from 'pdf-lib';

const nameObjects = new Map<string, PDFName>();
const nameTexts = new Map<PDFName, string>();

/**
 * The name object for `text`. pdf-lib keeps one object per name, but finds it through
 * a regular expression: the passes over a tag tree or a whole file ask for the same
 * few names thousands of times, so they are kept here.
 */
export function pdfName(text: string): PDFName {
  let name = nameObjects.get(text);
  if (!name) nameObjects.set(text, (name = PDFName.of(text)));
  return name;
}

/** The text of a name object (its decodeText, which pdf-lib decodes byte by byte each time), kept likewise. */
export function nameText(name: PDFName): string {
  let text = nameTexts.get(name);
  if (text === undefined) nameTexts.set(name, (text = name.decodeText()));
  return text;
}

/** Calls visit on object and every direct object inside it (dict values, array items, stream dicts); refs are not followed. */
export function walkObject(object: PDFObject | undefined, visit: (node: PDFObject) => void): void {
  if (object === undefined) return;
  visit(object);
  if (object instanceof PDFStream) {
    walkObject(object.dict, visit);
  } else if (object instanceof PDFDict) {
    for (const [, value] of object.entries()) walkObject(value, visit);
  } else if (object instanceof PDFArray) {
    for (const item of object.asArray()) walkObject(item, visit);
  }
}

/** The text of a PDF string object (PDFDocEncoding or UTF-16), or undefined for anything else. */
export function decodeText(object: PDFObject | undefined): string | undefined {
  if (!(object instanceof PDFString) && !(object instanceof PDFHexString)) return undefined;
  try {
    return object.decodeText();
  } catch {
    return object.asString();
  }
}

/** True for an action dictionary /S /URI whose target is a file: URI (a local path). */
export function isActionWithFileUri(action: PDFObject | undefined): boolean {
  if (!(action instanceof PDFDict)) return false;
  if (action.lookup(PDFName.of('S')) !== PDFName.of('URI')) return false;
  const uri = decodeText(action.lookup(PDFName.of('URI')));
  return uri !== undefined && /^\s*file:/i.test(uri);
}

/** Filters whose output is an image file format: decoding stops there. */
const IMAGE_FILTERS = new Set(['DCTDecode', 'DCT', 'JPXDecode', 'JBIG2Decode', 'CCITTFaxDecode', 'CCF']);

/** Result of decoding a stream's filters up to the first image codec. */
export interface DecodedStream {
  bytes: Uint8Array;
  /** The image codec the bytes are in (e.g. "DCTDecode"), if decoding stopped at one. */
  imageFilter?: string;
}

/** Most a single stream may inflate to; past it the stream counts as undecodable (zip bomb). */
export const MAX_DECODED_BYTES = 256 * 1024 * 1024;

/** Decodes the general-purpose filters of a stream (Flate, LZW, ASCIIHex, ASCII85, RunLength); throws on anything unknown or corrupt. */
export function decodeStream(stream: PDFRawStream): DecodedStream {
  const filter = stream.dict.lookup(pdfName('Filter'));
  const filters = filter instanceof PDFArray ? filter.asArray() : filter ? [filter] : [];
  let bytes = stream.contents;
  for (const item of filters) {
    if (!(item instanceof PDFName)) throw new Error('filter is not a name');
    const name = nameText(item);
    if (IMAGE_FILTERS.has(name)) return { bytes, imageFilter: name };
    if (name === 'FlateDecode' || name === 'Fl') {
      // Sync flush: a truncated stream still yields what it has.
      bytes = inflateSync(bytes, { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: MAX_DECODED_BYTES });
    } else if (['LZWDecode', 'LZW', 'ASCIIHexDecode', 'AHx', 'ASCII85Decode', 'A85', 'RunLengthDecode', 'RL'].includes(name)) {
      const single = stream.dict.clone();
      single.set(PDFName.of('Filter'), item);
      single.delete(PDFName.of('DecodeParms'));
      bytes = decodePDFRawStream(PDFRawStream.of(single, bytes)).decode();
    } else {
      throw new Error(`unknown filter /${name}`);
    }
    if (bytes.length > MAX_DECODED_BYTES) throw new Error('decodes to more than 256 MiB');
  }
  return { bytes };
}

/** The content streams of a page, each with its reference, in drawing order. */
export function contentStreams(page: PDFPage): [PDFRef, PDFRawStream][] {
  const contents = page.node.get(PDFName.of('Contents'));
  const refs = contents instanceof PDFRef ? [contents] : contents instanceof PDFArray ? contents.asArray().filter((item) => item instanceof PDFRef) : [];
  return refs.flatMap((ref) => {
    const stream = page.doc.context.lookup(ref);
    return stream instanceof PDFRawStream ? [[ref, stream] as [PDFRef, PDFRawStream]] : [];
  });
}

/**
 * The text (latin1) of page content streams, for passes that read and rewrite them
 * in turn (soft hyphens, then tags): each stream is inflated once, however many
 * passes read it, and deflated once by `save`, only if one of them changed it.
 */
export class ContentTexts {
  readonly #context: PDFContext;
  readonly #texts = new Map<string, { ref: PDFRef; stream: PDFRawStream; text: string; changed: boolean }>();

  constructor(context: PDFContext) {
    this.#context = context;
  }

  /** The stream's text as the passes before left it; throws when it cannot be decoded. */
  read(ref: PDFRef, stream: PDFRawStream): string {
    let entry = this.#texts.get(ref.tag);
    if (!entry) {
      entry = { ref, stream, text: Buffer.from(decodeStream(stream).bytes).toString('latin1'), changed: false };
      this.#texts.set(ref.tag, entry);
    }
    return entry.text;
  }

  /** Changes the text of a stream read before; written into the document by `save`. */
  write(ref: PDFRef, text: string): void {
    const entry = this.#texts.get(ref.tag);
    if (!entry) throw new Error(`content stream ${ref.tag} written before it was read`);
    entry.text = text;
    entry.changed = true;
  }

  /** Puts every changed text, deflated, in place of its stream. */
  save(): void {
    for (const { ref, stream, text, changed } of this.#texts.values()) {
      if (changed) replaceStream(this.#context, ref, stream, text);
    }
    this.#texts.clear();
  }
}

/** Puts `text` (latin1), deflated, in place of the stream at `ref`: same dictionary, its filters replaced. */
export function replaceStream(context: PDFContext, ref: PDFRef, stream: PDFRawStream, text: string): void {
  const bytes = deflateSync(Buffer.from(text, 'latin1'));
  const dict = stream.dict.clone(context);
  dict.set(PDFName.of('Filter'), PDFName.of('FlateDecode'));
  dict.delete(PDFName.of('DecodeParms'));
  dict.set(PDFName.of('Length'), context.obj(bytes.length));
  context.assign(ref, PDFRawStream.of(dict, bytes));
}
