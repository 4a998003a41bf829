// Builders for the PDFs and images the pdf tests audit: each made on the spot,
// so no fixture can drift from what it claims to contain.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import sharp from 'sharp';

/** A small JPEG whose EXIF names a camera, an artist, a serial number and a place (Paris). */
export function gpsJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 60, b: 30 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'Canon', Model: 'EOS 5D', Artist: 'Jeanne Martin' },
      IFD2: { BodySerialNumber: 'SN12345' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 7/1' },
    })
    .toBuffer();
}

/** A one-page PDF (made by pdf-lib) that draws the given JPEG, whose bytes pdf-lib keeps verbatim. */
export async function pdfWithJpeg(jpeg: Uint8Array): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const image = await doc.embedJpg(jpeg);
  doc.addPage([200, 200]).drawImage(image, { x: 10, y: 10, width: 64, height: 48 });
  return doc.save();
}

/** A PDF with a JavaScript OpenAction, a file:// link annotation and an embedded file. */
export async function suspiciousPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([200, 200]);
  const { context } = doc;
  const js = context.obj({ Type: 'Action', S: 'JavaScript', JS: PDFString.of("app.alert('hi')") });
  doc.catalog.set(PDFName.of('OpenAction'), context.register(js));
  const link = context.obj({
    Type: 'Annot',
    Subtype: 'Link',
    Rect: [10, 10, 100, 30],
    Border: [0, 0, 0],
    A: { Type: 'Action', S: 'URI', URI: PDFString.of('file:///home/jeanne/notes/sources.html') },
  });
  page.node.set(PDFName.of('Annots'), context.obj([context.register(link)]));
  await doc.attach(new TextEncoder().encode('contacts'), 'contacts.txt', { mimeType: 'text/plain' });
  return doc.save();
}

/** A PDF whose catalog points at an XMP packet naming the browser. */
export async function pdfWithXmp(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([200, 200]);
  const xmp = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/"><xmp:CreatorTool>HeadlessChrome/156</xmp:CreatorTool><xmp:CreateDate>2026-11-25T18:24:07+01:00</xmp:CreateDate></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
  const stream = doc.context.flateStream(new TextEncoder().encode(xmp), { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(stream));
  return doc.save();
}

/** A PDF with hand-set Info fields (raw, so nothing reformats them). */
export async function pdfWithInfo(fields: Record<string, string>): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.addPage([200, 200]);
  const info = doc.context.obj({});
  for (const [key, value] of Object.entries(fields)) {
    info.set(PDFName.of(key), key.endsWith('Date') ? PDFString.of(value) : PDFHexString.fromText(value));
  }
  doc.context.trailerInfo.Info = doc.context.register(info);
  return doc.save();
}

/** A PNG carrying a tEXt chunk (as image editors write "Author" or "Comment"). */
export async function pngWithText(keyword: string, text: string): Promise<Buffer> {
  const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#888' } }).png().toBuffer();
  const data = Buffer.from(`${keyword}\0${text}`, 'latin1');
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write('tEXt', 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  return Buffer.concat([png.subarray(0, 33), chunk, png.subarray(33)]); // after the 8-byte signature + IHDR
}

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** Encrypts a PDF with qpdf (AES-256), as a stranger's file might be. */
export async function encrypted(pdf: Uint8Array): Promise<Uint8Array> {
  return withTempDir(async (dir) => {
    await writeFile(join(dir, 'in.pdf'), pdf);
    run('qpdf', ['--encrypt', 'user', 'owner', '256', '--', join(dir, 'in.pdf'), join(dir, 'out.pdf')]);
    return new Uint8Array(await readFile(join(dir, 'out.pdf')));
  });
}

/** Appends a second revision (an incremental update) holding one more object. */
export function withIncrementalUpdate(pdf: Uint8Array, objectText: string): Uint8Array {
  const update = `\n999 0 obj\n${objectText}\nendobj\nxref\n999 1\n${String(pdf.length + 1).padStart(10, '0')} 00000 n \ntrailer\n<< /Size 1000 >>\nstartxref\n0\n%%EOF\n`;
  return new Uint8Array(Buffer.concat([Buffer.from(pdf), Buffer.from(update, 'latin1')]));
}

/** Where the browser is: CHROMIUM_PATH, else Debian's chromium. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Prints an HTML page (with its assets) to PDF with the chromium command line, as a build would before finalizePdf. */
export async function printWithChromium(html: string, assets: Record<string, Uint8Array> = {}): Promise<Uint8Array> {
  if (!existsSync(CHROMIUM)) throw new Error(`No browser at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH.`);
  return withTempDir(async (dir) => {
    await writeFile(join(dir, 'x.html'), html);
    for (const [name, bytes] of Object.entries(assets)) await writeFile(join(dir, name), bytes);
    run(CHROMIUM, [
      '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', `--user-data-dir=${join(dir, 'profile')}`, '--no-pdf-header-footer',
      // Chromium 156 accepts this switch: it builds /Outlines from h1–h6, like page.pdf({ outline: true }).
      '--generate-pdf-document-outline', `--print-to-pdf=${join(dir, 'x.pdf')}`, `file://${join(dir, 'x.html')}`,
    ]);
    return new Uint8Array(await readFile(join(dir, 'x.pdf')));
  });
}

/** Runs a command and returns its stdout; throws with its stderr when it fails. */
export function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): string {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 60_000, ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.error ?? ''}${result.stderr}`);
  }
  return result.stdout;
}

/** Runs fn with a fresh temporary folder, removed afterwards. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'zinepress-pdf-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

