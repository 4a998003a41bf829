// Reads PDFs back with poppler, a tool that did not write them.

import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'zinepress-poppler-'));
let counter = 0;

/** Writes PDF bytes to a temporary file and returns its path. */
export function writeTempPdf(bytes: Uint8Array, name = 'file'): string {
  const path = join(dir, `${name}-${counter++}.pdf`);
  writeFileSync(path, bytes);
  return path;
}

/** Page count and size of page 1..n as pdfinfo reports them (pt). */
export function pdfInfo(path: string): { pages: number; sizes: { widthPt: number; heightPt: number }[] } {
  const out = execFileSync('pdfinfo', ['-f', '1', '-l', '100000', path], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(out)?.[1]);
  const sizes = [...out.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => ({
    widthPt: Number(m[1]),
    heightPt: Number(m[2]),
  }));
  return { pages, sizes };
}

const run = promisify(execFile);

/** Text inside a region of one page (PDF points, y from the top as pdftotext counts it). */
export async function textInRegion(
  path: string,
  page: number,
  region: { x: number; y: number; width: number; height: number },
): Promise<string> {
  // Asynchronous so that callers can read many regions at once: each run mostly waits.
  const { stdout } = await run(
    'pdftotext',
    [
      '-f', String(page), '-l', String(page),
      '-x', String(Math.round(region.x)), '-y', String(Math.round(region.y)),
      '-W', String(Math.round(region.width)), '-H', String(Math.round(region.height)),
      '-layout', path, '-',
    ],
    { encoding: 'utf8' },
  );
  return stdout.replace(/\f/g, '').trim();
}

/** A word as `pdftotext -bbox` reports it: box in points, y from the top of the page. */
export interface BboxWord {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Every word of every page with its box, via `pdftotext -bbox`. */
export function wordsByPage(path: string): BboxWord[][] {
  const html = execFileSync('pdftotext', ['-bbox', path, '-'], { encoding: 'utf8' });
  return html.split(/<page /).slice(1).map((chunk) =>
    [...chunk.matchAll(/<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)<\/word>/g)].map(
      (m) => ({ text: m[5]!, xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]) }),
    ),
  );
}

/** A greyscale raster of one page at 72 dpi (one pixel per point), via pdftoppm. */
export function rasterGray(path: string, page: number): { width: number; height: number; at: (x: number, y: number) => number } {
  const pgm = execFileSync('pdftoppm', ['-f', String(page), '-l', String(page), '-r', '72', '-gray', path], {
    maxBuffer: 64 * 1024 * 1024,
  });
  // Binary PGM: "P5\n<width> <height>\n<max>\n" then one byte per pixel, rows from the top.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('pdftoppm did not return a PGM image');
  const [, width, height] = header.map(Number) as [number, number, number, number];
  const offset = header[0].length;
  return { width, height, at: (x, y) => pgm[offset + y * width + x]! };
}

/** The words of each page grouped into rectangular regions (y from the top), joined by spaces: one poppler run. */
export function textInRegions(
  path: string,
  regionsOf: (pageIndex: number) => { x: number; y: number; width: number; height: number }[],
): string[][] {
  return wordsByPage(path).map((words, pageIndex) =>
    regionsOf(pageIndex).map((region) =>
      words
        .filter((word) => {
          const cx = (word.xMin + word.xMax) / 2;
          const cy = (word.yMin + word.yMax) / 2;
          return cx >= region.x && cx < region.x + region.width && cy >= region.y && cy < region.y + region.height;
        })
        .map((word) => word.text)
        .join(' '),
    ),
  );
}
