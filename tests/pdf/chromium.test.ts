// A real Chromium print, audited before and after finalizePdf, and read back
// with tools that did not write it (poppler, qpdf, pdfjs-dist).
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditPdf } from '../../scripts/pdf/audit.ts';
import type { Finding } from '../../scripts/pdf/audit.ts';
import { finalizePdf } from '../../scripts/pdf/metadata.ts';
import { gpsJpeg, printWithChromium, run, withTempDir } from './make.ts';
import { META } from './meta.ts';

const HTML = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Brouillon</title></head>
<body>
  <h1 id="se-proteger">Se protéger</h1>
  <p>Un guide en français. <a href="https://example.org/">Un lien</a>, <a href="#suite">un renvoi</a>,
     <a href="notes.html">un fichier voisin</a>.</p>
  <img src="photo.jpg" width="64" height="48" alt="Une photo">
  <h2 id="suite" style="break-before: page">La suite</h2>
  <p>Deuxième page.</p>
  <h2 id="fin">La fin</h2>
</body></html>`;

let chromiumPdf: Uint8Array;
let finalPdf: Uint8Array;

beforeAll(async () => {
  chromiumPdf = await printWithChromium(HTML, { 'photo.jpg': await gpsJpeg() });
  finalPdf = await finalizePdf(chromiumPdf, META);
}, 60_000);

const find = (findings: Finding[], kind: string, where?: string) =>
  findings.filter((f) => f.kind === kind && (where === undefined || f.where === where));

/** Runs a poppler/qpdf command on bytes written to a temporary file. */
async function onFile(pdf: Uint8Array, command: string, args: string[]): Promise<string> {
  return withTempDir(async (dir) => {
    await writeFile(join(dir, 'f.pdf'), pdf);
    return run(command, [...args, join(dir, 'f.pdf')]);
  });
}

async function openWithPdfjs(pdf: Uint8Array) {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs.getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, verbosity: 0 }).promise;
}

describe('a Chromium print', () => {
  it('names the browser, Skia and the wall-clock time, and leaks the local path of a link', async () => {
    const findings = await auditPdf(chromiumPdf, { allowedDate: META.date });
    expect(find(findings, 'info-tool', 'Info /Creator')[0]?.detail).toMatch(/HeadlessChrome\/\d+/);
    expect(find(findings, 'info-tool', 'Info /Producer')[0]?.detail).toMatch(/Skia\/PDF/);
    expect(find(findings, 'date', 'Info /CreationDate')).toHaveLength(1);
    expect(find(findings, 'file-link')[0]?.detail).toMatch(/file:\/\/\/.*\/notes\.html/);
  });

  it('copies the JPEG verbatim, GPS and all (so finalizePdf must strip it)', async () => {
    const findings = await auditPdf(chromiumPdf, { allowedDate: META.date });
    expect(find(findings, 'image-gps')).toHaveLength(1);
  });

  it('has an outline built from the headings', async () => {
    const doc = await openWithPdfjs(chromiumPdf);
    expect((await doc.getOutline())?.map((item) => item.title)).toEqual(['Se protéger']);
  });
});

describe('the finalized print', () => {
  it('passes the audit', async () => {
    expect(await auditPdf(finalPdf, { allowedDate: META.date })).toEqual([]);
  });

  it('shows only edition metadata to pdfinfo', async () => {
    const info = await onFile(finalPdf, 'pdfinfo', ['-isodates']);
    expect(info).toMatch(/^Title: +Se défendre en ligne$/m);
    expect(info).toMatch(/^Subject: +Guide pratique$/m);
    expect(info).toMatch(/^Keywords: +sécurité, vie privée$/m);
    expect(info).toMatch(/^Author: +Collectif Zine$/m);
    expect(info).toMatch(/^Creator: +zinepress$/m);
    expect(info).toMatch(/^Producer: +zinepress$/m);
    expect(info).toMatch(/^CreationDate: +2026-11-25T00:00:00Z$/m);
    expect(info).toMatch(/^ModDate: +2026-11-25T00:00:00Z$/m);
    expect(info).toMatch(/^Metadata Stream: +no$/m);
    expect(info).toMatch(/^Custom Metadata: +no$/m);
    expect(info).toMatch(/^Tagged: +yes$/m);
    expect(info).toMatch(/^Pages: +2$/m);
    expect(info).not.toMatch(/chrom|skia|mozilla|pdf-lib/i);
  });

  it('passes qpdf --check', async () => {
    expect(await onFile(finalPdf, 'qpdf', ['--check'])).toContain('No syntax or stream encoding errors');
  });

  it('keeps the outline, the tags, /Lang and the web link; drops the file: link', async () => {
    const doc = await openWithPdfjs(finalPdf);
    const outline = await doc.getOutline();
    expect(outline?.map((item) => item.title)).toEqual(['Se protéger']);
    expect(outline?.[0]?.items.map((item) => item.title)).toEqual(['La suite', 'La fin']);
    // Each bookmark still lands on its own page.
    const pageOf = async (dest: unknown) => doc.getPageIndex((dest as [{ num: number; gen: number }])[0]);
    expect(await pageOf(outline?.[0]?.items[0]?.dest)).toBe(1);
    expect((await doc.getMetadata()).info).toMatchObject({ Language: 'fr', IsXFAPresent: false });
    expect(await doc.getMarkInfo()).toMatchObject({ Marked: true });
    const annotations = await (await doc.getPage(1)).getAnnotations();
    const links = annotations.filter((a) => a.subtype === 'Link');
    expect(links.map((a) => a.url).filter(Boolean)).toEqual(['https://example.org/']);
    expect(links.some((a) => a.dest === 'suite')).toBe(true); // the internal renvoi, by name through /Dests
    expect(JSON.stringify(annotations)).not.toContain('file:');
  });

  it('holds an image without EXIF, as pdfimages extracts it', async () => {
    const jpeg = await withTempDir(async (dir) => {
      await writeFile(join(dir, 'f.pdf'), finalPdf);
      run('pdfimages', ['-all', join(dir, 'f.pdf'), join(dir, 'img')]);
      return readFile(join(dir, 'img-000.jpg'));
    });
    const metadata = await sharp(jpeg).metadata();
    expect([metadata.width, metadata.height]).toEqual([64, 48]);
    expect(metadata.exif).toBeUndefined();
    expect(metadata.xmp).toBeUndefined();
    expect(Buffer.from(finalPdf).toString('latin1')).not.toMatch(/Exif\0\0|Jeanne|Canon|SN12345/);
  });
});
