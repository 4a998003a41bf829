// Reads and strips the metadata that image files carry next to their pixels:
// JPEG APPn/COM segments (EXIF with GPS, camera serials, XMP, IPTC) and PNG
// text/EXIF/time chunks. Chromium copies a JPEG into the PDF byte for byte
// when it does not need to re-encode it, so this matters inside PDFs too.

/** One marker segment of a JPEG, bytes [start, end) including the marker. */
export interface JpegSegment {
  marker: number;
  start: number;
  end: number;
  /** The segment's content after the length field (empty for standalone markers). */
  payload: Uint8Array;
}

/** A JPEG split into marker segments, entropy-coded data, and whatever follows EOI. */
export interface JpegLayout {
  /** Every piece of the file in order; a piece without marker is entropy-coded data. */
  pieces: { marker?: number; start: number; end: number }[];
  segments: JpegSegment[];
  /** Offset just past EOI (the file length when there is no EOI). */
  endOfImage: number;
}

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const COM = 0xfe;
const APP0 = 0xe0;
const APP2 = 0xe2;
const APP14 = 0xee;

const ascii = (bytes: Uint8Array, start = 0, end = bytes.length) =>
  Buffer.from(bytes.buffer, bytes.byteOffset + start, Math.max(0, Math.min(end, bytes.length) - start)).toString('latin1');

/** True when bytes start like a JPEG file (SOI marker). */
export function isJpeg(bytes: Uint8Array): boolean {
  return bytes.length > 3 && bytes[0] === 0xff && bytes[1] === SOI && bytes[2] === 0xff;
}

/** Splits a JPEG into marker segments; undefined when it is not a well-formed JPEG. */
export function parseJpeg(bytes: Uint8Array): JpegLayout | undefined {
  if (!isJpeg(bytes)) return undefined;
  const pieces: JpegLayout['pieces'] = [{ marker: SOI, start: 0, end: 2 }];
  const segments: JpegSegment[] = [];
  let pos = 2;
  while (pos < bytes.length) {
    if (bytes[pos] !== 0xff) return undefined;
    const start = pos;
    while (pos < bytes.length && bytes[pos] === 0xff) pos++; // fill bytes
    if (pos >= bytes.length) return undefined;
    const marker = bytes[pos++]!;
    if (marker === EOI) {
      pieces.push({ marker, start, end: pos });
      return { pieces, segments, endOfImage: pos };
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      pieces.push({ marker, start, end: pos });
      continue;
    }
    if (pos + 2 > bytes.length) return undefined;
    const length = (bytes[pos]! << 8) | bytes[pos + 1]!;
    const end = pos + length;
    if (length < 2 || end > bytes.length) return undefined;
    pieces.push({ marker, start, end });
    segments.push({ marker, start, end, payload: bytes.subarray(pos + 2, end) });
    pos = end;
    if (marker === SOS) {
      // Entropy-coded data runs to the next marker that is not a stuffed 0xFF00 or a restart.
      const dataStart = pos;
      while (pos + 1 < bytes.length) {
        if (bytes[pos] === 0xff) {
          const next = bytes[pos + 1]!;
          if (next !== 0x00 && next !== 0xff && !(next >= 0xd0 && next <= 0xd7)) break;
        }
        pos++;
      }
      if (pos + 1 >= bytes.length) pos = bytes.length;
      pieces.push({ start: dataStart, end: pos });
    }
  }
  return { pieces, segments, endOfImage: bytes.length };
}

/** Segments a JPEG decoder needs and that identify no one: JFIF, the ICC profile, Adobe's colour transform. */
function isHarmlessAppSegment(segment: JpegSegment): boolean {
  if (segment.marker === APP0) return ascii(segment.payload, 0, 5) === 'JFIF\0';
  if (segment.marker === APP2) return ascii(segment.payload, 0, 12) === 'ICC_PROFILE\0';
  if (segment.marker === APP14) return ascii(segment.payload, 0, 5) === 'Adobe';
  return false;
}

function isMetadataSegment(marker: number): boolean {
  return (marker >= 0xe0 && marker <= 0xef) || marker === COM;
}

/**
 * Returns the JPEG without EXIF, XMP, IPTC, comments, other APPn and data after
 * EOI; the pixels are untouched. Returns the same array when there is nothing to
 * strip or the bytes are not a JPEG it can parse.
 */
export function stripJpegMetadata(bytes: Uint8Array): Uint8Array {
  const layout = parseJpeg(bytes);
  if (!layout) return bytes;
  const keep = layout.pieces.filter((piece) => {
    if (piece.marker === undefined || !isMetadataSegment(piece.marker)) return true;
    const segment = layout.segments.find((s) => s.start === piece.start);
    return segment !== undefined && isHarmlessAppSegment(segment);
  });
  const keptLength = keep.reduce((sum, piece) => sum + piece.end - piece.start, 0);
  if (keep.length === layout.pieces.length && layout.endOfImage === bytes.length) return bytes;
  const out = new Uint8Array(keptLength);
  let offset = 0;
  for (const piece of keep) {
    out.set(bytes.subarray(piece.start, piece.end), offset);
    offset += piece.end - piece.start;
  }
  return out;
}

/** One piece of metadata found in an image file. */
export interface ImageMetadataFinding {
  kind: 'image-exif' | 'image-gps' | 'image-xmp' | 'image-iptc' | 'image-comment' | 'image-metadata' | 'image-text' | 'image-trailing-data';
  detail: string;
}

const EXIF_TAGS: Record<number, string> = {
  0x010e: 'ImageDescription', 0x010f: 'Make', 0x0110: 'Model', 0x0131: 'Software', 0x0132: 'DateTime',
  0x013b: 'Artist', 0x8298: 'Copyright', 0x8769: 'ExifIFD', 0x8825: 'GPS', 0x9c9d: 'XPAuthor',
  0xa430: 'CameraOwnerName', 0xa431: 'BodySerialNumber', 0xa435: 'LensSerialNumber', 0x9003: 'DateTimeOriginal',
  0x927c: 'MakerNote', 0x9286: 'UserComment',
};

/** Names of the notable tags in an EXIF block (IFD0 and the Exif sub-IFD), and whether a GPS IFD with entries is present. */
export function inspectExif(tiff: Uint8Array): { tags: string[]; gps: boolean } {
  const tags = new Set<string>();
  let gps = false;
  const little = ascii(tiff, 0, 2) === 'II';
  if (!little && ascii(tiff, 0, 2) !== 'MM') return { tags: ['unreadable'], gps: false };
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const u16 = (at: number) => (at + 2 <= tiff.length ? view.getUint16(at, little) : 0);
  const u32 = (at: number) => (at + 4 <= tiff.length ? view.getUint32(at, little) : 0);
  const readIfd = (offset: number, depth: number) => {
    if (depth > 3 || offset < 8 || offset + 2 > tiff.length) return;
    const count = u16(offset);
    for (let i = 0; i < count && i < 1000; i++) {
      const entry = offset + 2 + i * 12;
      if (entry + 12 > tiff.length) return;
      const tag = u16(entry);
      const name = EXIF_TAGS[tag];
      if (tag === 0x8825) {
        const gpsOffset = u32(entry + 8);
        if (gpsOffset + 2 <= tiff.length && u16(gpsOffset) > 0) gps = true;
      } else if (tag === 0x8769) {
        readIfd(u32(entry + 8), depth + 1);
      } else if (name) {
        tags.add(name);
      }
    }
  };
  readIfd(u32(4), 0);
  if (gps) tags.add('GPS');
  return { tags: [...tags], gps };
}

/** Lists identifying metadata in a JPEG file's segments and after its end. */
export function inspectJpeg(bytes: Uint8Array): ImageMetadataFinding[] {
  const layout = parseJpeg(bytes);
  const findings: ImageMetadataFinding[] = [];
  if (!layout) return findings;
  for (const segment of layout.segments) {
    if (!isMetadataSegment(segment.marker) || isHarmlessAppSegment(segment)) continue;
    const head = ascii(segment.payload, 0, 40);
    const app = segment.marker === COM ? 'COM' : `APP${segment.marker - 0xe0}`;
    if (segment.marker === 0xe1 && head.startsWith('Exif\0')) {
      const exif = inspectExif(segment.payload.subarray(6));
      findings.push({ kind: 'image-exif', detail: `JPEG EXIF block (${exif.tags.join(', ') || 'no notable tags'})` });
      if (exif.gps) findings.push({ kind: 'image-gps', detail: 'JPEG EXIF has GPS coordinates' });
    } else if (segment.marker === 0xe1 && head.startsWith('http://ns.adobe.com/x')) {
      findings.push({ kind: 'image-xmp', detail: 'JPEG carries an XMP packet' });
    } else if (segment.marker === 0xed) {
      findings.push({ kind: 'image-iptc', detail: 'JPEG carries a Photoshop/IPTC block' });
    } else if (segment.marker === COM) {
      findings.push({ kind: 'image-comment', detail: `JPEG comment "${ascii(segment.payload, 0, 60).replace(/[^\x20-\x7e]/g, '.')}"` });
    } else {
      findings.push({ kind: 'image-metadata', detail: `JPEG ${app} segment "${head.split('\0')[0]!.replace(/[^\x20-\x7e]/g, '.')}"` });
    }
  }
  if (bytes.length - layout.endOfImage > 16) {
    findings.push({ kind: 'image-trailing-data', detail: `${bytes.length - layout.endOfImage} bytes after the JPEG end (an appended preview?)` });
  }
  return findings;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** True when bytes start with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

/** Lists PNG chunks that carry text, EXIF, XMP or a timestamp. */
export function inspectPng(bytes: Uint8Array): ImageMetadataFinding[] {
  const findings: ImageMetadataFinding[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 8;
  while (pos + 8 <= bytes.length) {
    const length = view.getUint32(pos);
    const type = ascii(bytes, pos + 4, pos + 8);
    const data = bytes.subarray(pos + 8, Math.min(bytes.length, pos + 8 + length));
    if (type === 'eXIf') {
      const exif = inspectExif(data);
      findings.push({ kind: 'image-exif', detail: `PNG eXIf chunk (${exif.tags.join(', ') || 'no notable tags'})` });
      if (exif.gps) findings.push({ kind: 'image-gps', detail: 'PNG eXIf has GPS coordinates' });
    } else if (type === 'tEXt' || type === 'iTXt' || type === 'zTXt') {
      const keyword = ascii(data, 0, 80).split('\0')[0]!;
      const kind = keyword === 'XML:com.adobe.xmp' ? 'image-xmp' : 'image-text';
      findings.push({ kind, detail: `PNG ${type} chunk "${keyword.replace(/[^\x20-\x7e]/g, '.')}"` });
    } else if (type === 'tIME') {
      findings.push({ kind: 'image-metadata', detail: 'PNG tIME chunk (last-modified time)' });
    }
    pos += 12 + length;
    if (type === 'IEND') break;
  }
  if (bytes.length - pos > 16) {
    findings.push({ kind: 'image-trailing-data', detail: `${bytes.length - pos} bytes after the PNG end` });
  }
  return findings;
}
