// Rewrites what Chromium stamps on a PDF (user agent, Skia version, wall-clock
// dates, page URL as title) into edition metadata, so the file says nothing
// about the machine, the person or the moment it was built, and the same input
// always gives byte-identical output.
import { createHash } from 'node:crypto';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFRawStream,
  PDFRef,
  PDFStream,
  PDFString,
} from 'pdf-lib';
import type { PDFContext, PDFObject } from 'pdf-lib';
import { stripJpegMetadata } from './image-metadata.ts';
import { ContentTexts, isActionWithFileUri, pdfName, walkObject } from './objects.ts';
import { mendOutline } from './outline.ts';
import { dropUnusedSoftHyphens } from './soft-hyphens.ts';
import { tidyTags } from './tags.ts';

/** What the finished PDF says about itself. */
export interface PdfMeta {
  title: string;
  subject?: string;
  /** The publisher, never a person's login; left out when absent. */
  author?: string;
  keywords?: string[];
  /** BCP 47 language tag of the text, e.g. "fr". */
  lang: string;
  /** The edition date (see editionDate); used for CreationDate and ModDate. */
  date: Date;
  /** The headings' text as written: a bookmark whose heading wraps gets back the space Chromium drops at the break. */
  headings?: string[];
}

/** The one tool name written as Creator and Producer: no versions, no browser. */
export const TOOL_NAME = 'zinepress';

const LANG_TAG = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/;

/** Rewrites Info, Lang, bookmarks, unused soft hyphens, tags, XMP, file: links, JPEG metadata and trailer /ID of a Chromium PDF, deterministically. */
export async function finalizePdf(pdf: Uint8Array, meta: PdfMeta): Promise<Uint8Array> {
  if (!LANG_TAG.test(meta.lang)) {
    throw new Error(`finalizePdf: "${meta.lang}" is not a language tag; set lang in the front matter (e.g. "fr").`);
  }
  const date = formatPdfDate(meta.date);
  // updateMetadata: false, or pdf-lib stamps its own Producer/Creator and the current time.
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const { context } = doc;

  // Reuse the old Info's object number: finalizing a finalized PDF changes nothing.
  const info = buildInfo(context, meta, date);
  const oldInfo = context.trailerInfo.Info;
  if (oldInfo instanceof PDFRef) context.assign(oldInfo, info);
  else context.trailerInfo.Info = context.register(info);
  doc.catalog.set(PDFName.of('Lang'), PDFString.of(meta.lang));
  // Chromium's bookmarks drop the space where a heading wraps and nest by heading level.
  mendOutline(doc, meta.title, meta.headings);
  // Both passes rewrite the pages' contents: each stream is inflated and deflated once for the two.
  const texts = new ContentTexts(context);
  dropUnusedSoftHyphens(doc, texts);
  // Tags without Paged.js's page boxes; margin boxes and decoration as artifacts.
  tidyTags(doc, texts);
  texts.save();
  // Readers show the Info title, not the file name, in the window's title bar.
  doc.catalog.getOrCreateViewerPreferences().setDisplayDocTitle(true);

  for (const [ref, object] of context.enumerateIndirectObjects()) {
    if (object instanceof PDFRawStream && isJpegImage(object)) {
      const stripped = stripJpegMetadata(object.contents);
      if (stripped !== object.contents) context.assign(ref, PDFRawStream.of(object.dict, stripped));
    }
    const dict = object instanceof PDFStream ? object.dict : object;
    walkObject(dict, (node) => {
      if (!(node instanceof PDFDict)) return;
      // XMP and application private data could contradict Info or name the browser.
      node.delete(pdfName('Metadata'));
      node.delete(pdfName('PieceInfo'));
      // A link to a local file would leak its path; the text of the link stays.
      const action = node.lookup(pdfName('A'));
      if (isActionWithFileUri(action)) node.delete(pdfName('A'));
    });
  }
  // pdf-lib writes every object it holds, referenced or not: drop what the
  // edits above orphaned (old Info, XMP streams, file: actions).
  removeUnreachable(context);

  // Saved with a zero /ID, whose bytes are hashed; /ID has a fixed length, so
  // writing the hash over the placeholder gives what a second save would.
  const placeholder = PDFHexString.of('00'.repeat(16));
  context.trailerInfo.ID = context.obj([placeholder, placeholder]);
  const draft = await save(doc);
  const id = createHash('sha256').update(draft).digest('hex').slice(0, 32);
  return withId(draft, id);
}

/** The saved PDF with its trailer's placeholder /ID [<00…> <00…>] replaced by `id` (32 hex digits). */
function withId(pdf: Uint8Array, id: string): Uint8Array {
  const zeros = '0'.repeat(32);
  const placeholder = new TextEncoder().encode(`/ID [ <${zeros}> <${zeros}> ]`);
  // The trailer is at the end: search backwards.
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const at = text.lastIndexOf(placeholder);
  if (at < 0) throw new Error('finalizePdf: the saved PDF has no placeholder /ID in its trailer');
  const out = new Uint8Array(pdf);
  const bytes = new TextEncoder().encode(`/ID [ <${id}> <${id}> ]`);
  out.set(bytes, at);
  return out;
}

/** SOURCE_DATE_EPOCH (seconds) when set and valid, else the front-matter date at 00:00:00 UTC. */
export function editionDate(dateFromFrontMatter: string | Date, env: NodeJS.ProcessEnv = process.env): Date {
  const epoch = env.SOURCE_DATE_EPOCH?.trim();
  if (epoch && /^\d{1,15}$/.test(epoch)) {
    const fromEpoch = new Date(Number(epoch) * 1000);
    if (!Number.isNaN(fromEpoch.getTime())) return fromEpoch;
  }
  if (dateFromFrontMatter instanceof Date) {
    if (Number.isNaN(dateFromFrontMatter.getTime())) throw new Error('editionDate: the front-matter date is not a valid date.');
    // YAML parsers give midnight UTC for a bare date; keep only the UTC day either way.
    const d = dateFromFrontMatter;
    return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  }
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateFromFrontMatter.trim());
  const day = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (!match || !day || day.getUTCDate() !== Number(match[3]) || day.getUTCMonth() !== Number(match[2]) - 1) {
    throw new Error(`editionDate: date "${dateFromFrontMatter}" in the front matter is not YYYY-MM-DD; write e.g. date: 2026-11-25.`);
  }
  return day;
}

/** Formats a date as a PDF date string in UTC ("D:20261125000000Z"), whatever the machine's time zone. */
export function formatPdfDate(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new Error('finalizePdf: meta.date is not a valid date.');
  const year = date.getUTCFullYear();
  if (year < 0 || year > 9999) throw new Error(`finalizePdf: year ${year} cannot be written in a PDF date.`);
  const two = (n: number) => String(n).padStart(2, '0');
  return `D:${String(year).padStart(4, '0')}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}` +
    `${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}Z`;
}

function buildInfo(context: PDFContext, meta: PdfMeta, date: string): PDFDict {
  // A fresh dictionary, so no key Chromium (or anyone) added survives.
  const info = context.obj({});
  const text = (value: string) => PDFHexString.fromText(value); // UTF-16BE: accents survive
  info.set(PDFName.of('Title'), text(meta.title));
  if (meta.subject) info.set(PDFName.of('Subject'), text(meta.subject));
  if (meta.author) info.set(PDFName.of('Author'), text(meta.author));
  if (meta.keywords?.length) info.set(PDFName.of('Keywords'), text(meta.keywords.join(', ')));
  info.set(PDFName.of('Creator'), PDFString.of(TOOL_NAME));
  info.set(PDFName.of('Producer'), PDFString.of(TOOL_NAME));
  // Raw strings rather than setCreationDate, so the format is ours to guarantee.
  info.set(PDFName.of('CreationDate'), PDFString.of(date));
  info.set(PDFName.of('ModDate'), PDFString.of(date));
  return info;
}

function isJpegImage(stream: PDFRawStream): boolean {
  if (stream.dict.lookup(PDFName.of('Subtype')) !== PDFName.of('Image')) return false;
  const filter = stream.dict.lookup(PDFName.of('Filter'));
  const filters = filter instanceof PDFArray ? filter.asArray() : [filter];
  // Only a lone DCTDecode: then the stream bytes are the JPEG file itself.
  return filters.length === 1 && (filters[0] === PDFName.of('DCTDecode') || filters[0] === PDFName.of('DCT'));
}

function removeUnreachable(context: PDFContext): void {
  const reachable = new Set<string>();
  const pending: PDFObject[] = [];
  const roots = [context.trailerInfo.Root, context.trailerInfo.Info, context.trailerInfo.Encrypt];
  for (const root of roots) if (root) pending.push(root);
  while (pending.length > 0) {
    const object = pending.pop();
    walkObject(object, (node) => {
      if (!(node instanceof PDFRef) || reachable.has(node.tag)) return;
      reachable.add(node.tag);
      const target = context.lookup(node);
      if (target) pending.push(target);
    });
  }
  for (const [ref] of context.enumerateIndirectObjects()) {
    if (!reachable.has(ref.tag)) context.delete(ref);
  }
}

function save(doc: PDFDocument): Promise<Uint8Array> {
  // Classic xref table: Chromium writes PDF 1.4, which has no object streams.
  return doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false });
}
