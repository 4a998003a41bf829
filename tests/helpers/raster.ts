// Pages as pixels, rendered by poppler (not the writer of the PDFs), and where a
// PDF's images lie on its pages, read with pdfjs-dist.
import { execFileSync } from 'node:child_process';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** One rendered page: its size in pixels, and `channels` bytes a pixel, rows from the top. */
export interface Raster {
  width: number;
  height: number;
  channels: 1 | 3;
  data: Buffer;
  /** Pixels per PDF point. */
  scale: number;
}

/** Every page of a PDF at `dpi`, in colour (PPM, three bytes a pixel) or in grey (PGM, one). */
export function rasterPages(path: string, dpi: number, mode: 'colour' | 'grey'): Raster[] {
  const out = execFileSync('pdftoppm', ['-r', String(dpi), ...(mode === 'grey' ? ['-gray'] : []), path], { maxBuffer: 1024 * 1024 * 1024 });
  const pages: Raster[] = [];
  // One binary PPM or PGM after the other: "P6\n<width> <height>\n<max>\n" then the pixels.
  for (let offset = 0; offset < out.length; ) {
    const header = /^P([56])\s+(\d+)\s+(\d+)\s+255\s/.exec(out.subarray(offset, offset + 64).toString('latin1'));
    if (!header) throw new Error('pdftoppm did not return a PPM or PGM image');
    const channels = header[1] === '6' ? 3 : 1;
    const [width, height] = [Number(header[2]), Number(header[3])];
    const start = offset + header[0].length;
    const end = start + width * height * channels;
    pages.push({ width, height, channels, data: out.subarray(start, end), scale: dpi / 72 });
    offset = end;
  }
  return pages;
}

/** A rectangle on a page in PDF points, y from the top (as pdftotext -bbox gives words). */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

type Matrix = [number, number, number, number, number, number];
const multiply = ([a, b, c, d, e, f]: Matrix, [a2, b2, c2, d2, e2, f2]: Matrix): Matrix => [
  a * a2 + b * c2,
  a * b2 + b * d2,
  c * a2 + d * c2,
  c * b2 + d * d2,
  e * a2 + f * c2 + e2,
  e * b2 + f * d2 + f2,
];

/** Where each page's images are drawn (the unit square of each image through its transform), form XObjects followed. */
export async function imageBoxes(bytes: Uint8Array): Promise<Box[][]> {
  const doc = await getDocument({ data: bytes.slice(), verbosity: 0 }).promise;
  const images = new Set<number>([OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintImageMaskXObject, OPS.paintImageXObjectRepeat, OPS.paintSolidColorImageMask]);
  const pages: Box[][] = [];
  for (let number = 1; number <= doc.numPages; number++) {
    const page = await doc.getPage(number);
    const [, , , top] = page.view as [number, number, number, number];
    const list = await page.getOperatorList();
    let ctm: Matrix = [1, 0, 0, 1, 0, 0];
    const stack: Matrix[] = [];
    const boxes: Box[] = [];
    for (const [index, op] of list.fnArray.entries()) {
      const args = list.argsArray[index] as unknown[];
      if (op === OPS.save || op === OPS.paintFormXObjectBegin) stack.push(ctm);
      if (op === OPS.restore || op === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
      if (op === OPS.transform) ctm = multiply(args as Matrix, ctm);
      if (op === OPS.paintFormXObjectBegin && Array.isArray(args[0])) ctm = multiply(args[0] as Matrix, ctm);
      if (images.has(op)) {
        const corners = [[0, 0], [1, 0], [0, 1], [1, 1]].map(([u, v]) => [ctm[0] * u! + ctm[2] * v! + ctm[4], ctm[1] * u! + ctm[3] * v! + ctm[5]] as const);
        const xs = corners.map(([x]) => x);
        const ys = corners.map(([, y]) => y);
        boxes.push({ x: Math.min(...xs), y: top - Math.max(...ys), width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) });
      }
    }
    pages.push(boxes);
  }
  await doc.destroy();
  return pages;
}
