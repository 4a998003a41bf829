import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { PDFDict, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { auditPdf } from '../../scripts/pdf/audit.ts';
import { inspectJpeg, stripJpegMetadata } from '../../scripts/pdf/image-metadata.ts';
import { editionDate, finalizePdf, formatPdfDate } from '../../scripts/pdf/metadata.ts';
import { gpsJpeg, pdfWithJpeg, pdfWithXmp, run, suspiciousPdf, withTempDir } from './make.ts';
import { META } from './meta.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

describe('editionDate', () => {
  it('takes the front-matter day at midnight UTC', () => {
    expect(editionDate('2026-11-25', {}).toISOString()).toBe('2026-11-25T00:00:00.000Z');
    expect(editionDate(new Date('2026-11-25T00:00:00Z'), {}).toISOString()).toBe('2026-11-25T00:00:00.000Z');
  });

  it('prefers a valid SOURCE_DATE_EPOCH', () => {
    expect(editionDate('2026-11-25', { SOURCE_DATE_EPOCH: '1700000000' }).toISOString()).toBe('2023-11-14T22:13:20.000Z');
  });

  it('ignores an empty or malformed SOURCE_DATE_EPOCH', () => {
    for (const value of ['', 'yesterday', '-5', '1.5e9']) {
      expect(editionDate('2026-11-25', { SOURCE_DATE_EPOCH: value }).toISOString()).toBe('2026-11-25T00:00:00.000Z');
    }
  });

  it('names the fix for a date it cannot read', () => {
    expect(() => editionDate('25/11/2026', {})).toThrow(/YYYY-MM-DD/);
    expect(() => editionDate('2026-02-30', {})).toThrow(/YYYY-MM-DD/);
  });
});

describe('formatPdfDate', () => {
  it('writes UTC with a Z, never a local offset', () => {
    expect(formatPdfDate(new Date(Date.UTC(2026, 10, 25)))).toBe('D:20261125000000Z');
  });

  it('is the same instant the PDF date means', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(Date.UTC(1970, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }), (date) => {
        const whole = new Date(Math.floor(date.getTime() / 1000) * 1000);
        const text = formatPdfDate(whole);
        expect(text).toMatch(/^D:\d{14}Z$/);
        const [y, mo, d, h, mi, s] = /^D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/.exec(text)!.slice(1).map(Number);
        expect(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!)).toBe(whole.getTime());
      }),
    );
  });
});

describe('finalizePdf', () => {
  it('replaces the Info dictionary and sets /Lang', async () => {
    const doc = await PDFDocument.load(await finalizePdf(await suspiciousPdf(), META), { updateMetadata: false });
    expect(doc.getTitle()).toBe(META.title);
    expect(doc.getSubject()).toBe(META.subject);
    expect(doc.getAuthor()).toBe(META.author);
    expect(doc.getKeywords()).toBe('sécurité, vie privée');
    expect(doc.getCreator()).toBe('zinepress');
    expect(doc.getProducer()).toBe('zinepress');
    const info = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict);
    expect(info.lookup(PDFName.of('CreationDate'))?.toString()).toBe('(D:20261125000000Z)');
    expect(info.lookup(PDFName.of('ModDate'))?.toString()).toBe('(D:20261125000000Z)');
    expect(info.keys().map((k) => k.decodeText()).sort()).toEqual(
      ['Author', 'CreationDate', 'Creator', 'Keywords', 'ModDate', 'Producer', 'Subject', 'Title'],
    );
    expect(doc.catalog.lookup(PDFName.of('Lang'))?.toString()).toBe('(fr)');
  });

  it('leaves Author out when there is no publisher', async () => {
    const { author: _author, ...anonymous } = META;
    const doc = await PDFDocument.load(await finalizePdf(await suspiciousPdf(), anonymous), { updateMetadata: false });
    expect(doc.getAuthor()).toBeUndefined();
  });

  it('refuses a language that is not a tag', async () => {
    await expect(finalizePdf(await suspiciousPdf(), { ...META, lang: 'français' })).rejects.toThrow(/language tag/);
  });

  it('drops file: link actions and keeps the annotation', async () => {
    const output = await finalizePdf(await suspiciousPdf(), META);
    expect(latin1(output)).not.toContain('file:');
    expect(latin1(output)).not.toContain('/home/');
    const doc = await PDFDocument.load(output, { updateMetadata: false });
    expect(doc.getPage(0).node.Annots()?.size()).toBe(1);
  });

  it('removes the XMP stream, not just the reference to it', async () => {
    const output = await finalizePdf(await pdfWithXmp(), META);
    const doc = await PDFDocument.load(output, { updateMetadata: false });
    expect(doc.catalog.has(PDFName.of('Metadata'))).toBe(false);
    const streams = doc.context.enumerateIndirectObjects().filter(([, o]) => o instanceof PDFRawStream);
    expect(streams.some(([, s]) => (s as PDFRawStream).dict.lookup(PDFName.of('Type')) === PDFName.of('Metadata'))).toBe(false);
    expect(await auditPdf(output, { allowedDate: META.date })).toEqual([]);
  });

  it('strips EXIF and GPS from embedded JPEGs and keeps their pixels', async () => {
    const jpeg = await gpsJpeg();
    const output = await finalizePdf(await pdfWithJpeg(jpeg), META);
    expect(await auditPdf(output, { allowedDate: META.date })).toEqual([]);
    const doc = await PDFDocument.load(output, { updateMetadata: false });
    const image = doc.context
      .enumerateIndirectObjects()
      .map(([, o]) => o)
      .find((o): o is PDFRawStream => o instanceof PDFRawStream && o.dict.lookup(PDFName.of('Subtype')) === PDFName.of('Image'))!;
    const before = await sharp(jpeg).raw().toBuffer();
    const after = await sharp(image.contents).raw().toBuffer();
    expect(Buffer.compare(before, after)).toBe(0);
    expect((await sharp(image.contents).metadata()).exif).toBeUndefined();
  });

  it('sets both trailer IDs to the hash of the document saved with a zero ID', async () => {
    const output = latin1(await finalizePdf(await suspiciousPdf(), META));
    const match = /\/ID \[ <([0-9a-f]{32})> <([0-9a-f]{32})> \]/.exec(output);
    expect(match?.[1]).toBe(match?.[2]);
    const draft = Buffer.from(output.replace(match![0], `/ID [ <${'0'.repeat(32)}> <${'0'.repeat(32)}> ]`), 'latin1');
    expect(sha256(draft).slice(0, 32)).toBe(match![1]);
  });

  it('gives byte-identical output twice, and under another TZ, LANG, HOME and cwd', async () => {
    const input = await pdfWithJpeg(await gpsJpeg());
    const first = sha256(await finalizePdf(input, META));
    expect(sha256(await finalizePdf(input, META))).toBe(first);
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'in.pdf'), input);
      const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
      const child = resolve(import.meta.dirname, 'finalize-child.ts');
      const out = run(process.execPath, ['--import', tsx, child, join(dir, 'in.pdf')], {
        cwd: dir,
        env: { PATH: process.env.PATH, TZ: 'Pacific/Kiritimati', LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8', HOME: join(dir, 'home') },
      });
      const [hash, offset] = out.trim().split(' ');
      expect(offset).toBe('-840'); // the child really ran at UTC+14
      expect(hash).toBe(first);
    });
  });

  it('changes nothing in a PDF it already finalized', async () => {
    const once = await finalizePdf(await pdfWithJpeg(await gpsJpeg()), META);
    expect(sha256(await finalizePdf(once, META))).toBe(sha256(once));
  });

  it('passes qpdf --check', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'out.pdf'), await finalizePdf(await suspiciousPdf(), META));
      expect(run('qpdf', ['--check', join(dir, 'out.pdf')])).toContain('No syntax or stream encoding errors');
    });
  });
});

describe('stripJpegMetadata', () => {
  it('removes any EXIF text and keeps the pixels', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 40 }).filter((s) => /^[\x20-\x7e]+$/.test(s)), async (artist) => {
        const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#3a6' } })
          .jpeg()
          .withExif({ IFD0: { Artist: artist } })
          .toBuffer();
        const stripped = stripJpegMetadata(jpeg);
        expect(inspectJpeg(stripped)).toEqual([]);
        expect(stripJpegMetadata(stripped)).toBe(stripped);
        expect(Buffer.compare(await sharp(stripped).raw().toBuffer(), await sharp(jpeg).raw().toBuffer())).toBe(0);
      }),
      { numRuns: 15 },
    );
  });

  it('leaves bytes that are not a JPEG alone', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    expect(stripJpegMetadata(bytes)).toBe(bytes);
  });
});
