import os from 'node:os';
import { PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { auditPdf, formatFindings, parsePdfDate } from '../../scripts/pdf/audit.ts';
import type { Finding } from '../../scripts/pdf/audit.ts';
import { finalizePdf } from '../../scripts/pdf/metadata.ts';
import {
  encrypted,
  gpsJpeg,
  pdfWithInfo,
  pdfWithJpeg,
  pdfWithXmp,
  pngWithText,
  suspiciousPdf,
  withIncrementalUpdate,
} from './make.ts';
import { META } from './meta.ts';

const kinds = (findings: Finding[]) => [...new Set(findings.map((f) => f.kind))].sort();
const clean = { allowedDate: META.date };

describe('auditPdf', () => {
  it('finds a JavaScript OpenAction, a file:// link and an embedded file', async () => {
    const findings = await auditPdf(await suspiciousPdf(), clean);
    expect(kinds(findings)).toEqual(expect.arrayContaining(['javascript', 'file-link', 'embedded-file', 'path']));
    expect(findings.find((f) => f.kind === 'file-link')?.detail).toContain('file:///home/jeanne/notes/sources.html');
    expect(findings.find((f) => f.kind === 'javascript')?.where).toMatch(/^obj \d+ 0/);
  });

  it('finds a link that runs a script or opens embedded data', async () => {
    for (const uri of ['javascript:alert(1)', 'VBScript:x', 'data:text/html,hi']) {
      const doc = await PDFDocument.create();
      const page = doc.addPage();
      const action = doc.context.obj({ S: 'URI', URI: PDFString.of(uri) });
      page.node.set(PDFName.of('Annots'), doc.context.obj([doc.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [0, 0, 10, 10], A: action })]));
      const findings = await auditPdf(await doc.save(), clean);
      expect(findings.find((f) => f.kind === 'script-link')?.detail, uri).toContain(uri);
    }
  });

  it("finds pdf-lib's own Producer and the wall-clock dates it stamps", async () => {
    const findings = await auditPdf(await suspiciousPdf(), clean);
    expect(findings).toContainEqual(expect.objectContaining({ kind: 'info-tool', where: 'Info /Producer' }));
    expect(findings).toContainEqual(expect.objectContaining({ kind: 'date', where: 'Info /CreationDate' }));
  });

  it('finds EXIF and GPS in a JPEG embedded verbatim', async () => {
    const findings = await auditPdf(await pdfWithJpeg(await gpsJpeg()), clean);
    expect(kinds(findings)).toEqual(expect.arrayContaining(['image-exif', 'image-gps']));
    expect(findings.find((f) => f.kind === 'image-exif')?.detail).toMatch(/Make.*Artist.*BodySerialNumber/);
  });

  it('finds text chunks in a PNG attached to the document', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([100, 100]);
    await doc.attach(await pngWithText('Author', 'Jeanne Martin'), 'photo.png', { mimeType: 'image/png' });
    const findings = await auditPdf(await doc.save(), clean);
    expect(kinds(findings)).toEqual(expect.arrayContaining(['embedded-file', 'image-text']));
  });

  it('finds any XMP stream, and the dates in it', async () => {
    const findings = await auditPdf(await pdfWithXmp(), clean);
    expect(findings).toContainEqual(expect.objectContaining({ kind: 'xmp' }));
    expect(findings).toContainEqual(expect.objectContaining({ kind: 'date', detail: expect.stringContaining('time-zone offset') }));
  });

  it('finds paths, custom fields, local offsets and the names of this machine in Info', async () => {
    const user = os.userInfo().username;
    const pdf = await pdfWithInfo({
      Title: 'Notes',
      Author: user,
      Creator: 'LibreOffice 7.4',
      Company: 'Collectif',
      SourceFile: 'C:\\Users\\jeanne\\Documents\\guide.odt',
      // As a program writes it (login@host); a host name that is a word of a sentence is text, not a trace.
      Subject: `jeanne@${os.hostname()}`,
      CreationDate: "D:20261125093000+01'00'",
    });
    const findings = await auditPdf(pdf, clean);
    expect(kinds(findings)).toEqual(expect.arrayContaining(['info-tool', 'info-custom', 'path', 'date']));
    // Names of two letters or fewer are not looked for: they would match by chance.
    if (user.length > 2) expect(findings).toContainEqual(expect.objectContaining({ kind: 'user-name', where: 'Info /Author' }));
    expect(findings).toContainEqual(expect.objectContaining({ kind: 'date', detail: expect.stringContaining('time-zone offset') }));
    if (os.hostname().length > 2) expect(findings).toContainEqual(expect.objectContaining({ kind: 'host-name', where: 'Info /Subject' }));
  });

  it('does not take a path inside a web address for a local one', async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage([100, 100]);
    const link = doc.context.obj({
      Type: 'Annot', Subtype: 'Link', Rect: [0, 0, 10, 10],
      A: { S: 'URI', URI: PDFString.of('https://example.org/home/tmp/guide') },
    });
    page.node.set(PDFName.of('Annots'), doc.context.obj([doc.context.register(link)]));
    const findings = await auditPdf(await finalizePdf(await doc.save(), META), clean);
    expect(findings).toEqual([]);
  });

  it('without an edition date, flags dates that have a time of day', async () => {
    expect(await auditPdf(await pdfWithInfo({ CreationDate: 'D:20261125000000Z' }))).toEqual([]);
    expect(kinds(await auditPdf(await pdfWithInfo({ CreationDate: 'D:20261125182407Z' })))).toEqual(['date']);
  });

  it('reports an earlier revision left behind by an incremental update', async () => {
    const pdf = withIncrementalUpdate(await finalizePdf(await suspiciousPdf(), META), '(/home/jeanne/old-title)');
    expect(kinds(await auditPdf(pdf, clean))).toEqual(expect.arrayContaining(['incremental-update', 'path']));
  });

  it('gives a finding, not a crash, for garbage, truncation and encryption', async () => {
    expect(kinds(await auditPdf(new TextEncoder().encode('not a pdf at all')))).toEqual(['unreadable']);
    expect(kinds(await auditPdf(new Uint8Array()))).toEqual(['unreadable']);
    const whole = await finalizePdf(await suspiciousPdf(), META);
    for (const fraction of [0.2, 0.5, 0.9]) {
      const truncated = await auditPdf(whole.subarray(0, Math.floor(whole.length * fraction)));
      expect(kinds(truncated).some((kind) => kind === 'truncated' || kind === 'unreadable')).toBe(true);
    }
    expect(kinds(await auditPdf(await encrypted(whole)))).toEqual(['encrypted']);
  });

  it('finds nothing in a finalized PDF', async () => {
    for (const make of [suspiciousPdf, pdfWithXmp, async () => pdfWithJpeg(await gpsJpeg())]) {
      const output = await finalizePdf(await make(), META);
      const findings = (await auditPdf(output, clean)).filter((f) => f.kind !== 'javascript' && f.kind !== 'embedded-file');
      expect(findings).toEqual([]);
    }
  });
});

/** A one-page PDF whose bookmark, structure element, Info title and link carry `text`; more Info fields from `info`. */
async function pdfWithHeading(text: string, { uri, info = {} }: { uri?: string; info?: Record<string, string> } = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const page = doc.addPage([200, 200]);
  const { context } = doc;
  const outlines = context.nextRef();
  const item = context.register(context.obj({ Title: PDFHexString.fromText(text), Parent: outlines, Dest: [page.ref, 'Fit'] }));
  context.assign(outlines, context.obj({ Type: 'Outlines', First: item, Last: item, Count: 1 }));
  doc.catalog.set(PDFName.of('Outlines'), outlines);
  const root = context.nextRef();
  const heading = context.obj({ Type: 'StructElem', S: 'H1', P: root, T: PDFHexString.fromText(text), ActualText: PDFHexString.fromText(text) });
  context.assign(root, context.obj({ Type: 'StructTreeRoot', K: context.register(heading) }));
  doc.catalog.set(PDFName.of('StructTreeRoot'), root);
  const link = context.obj({
    Type: 'Annot', Subtype: 'Link', Rect: [0, 0, 10, 10],
    A: { S: 'URI', URI: PDFString.of(uri ?? `https://example.org/?q=${encodeURIComponent(text)}`) },
  });
  page.node.set(PDFName.of('Annots'), context.obj([context.register(link)]));
  const fields = { Title: text, Creator: 'zinepress', Producer: 'zinepress', ...info };
  doc.context.trailerInfo.Info = context.register(context.obj(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, PDFHexString.fromText(v)]))));
  return doc.save();
}

describe("this machine's user and host names (built as root, a heading said \"root\")", () => {
  const user = os.userInfo().username;
  const host = os.hostname();
  const found = (findings: Finding[]) => findings.filter((f) => f.kind === 'user-name' || f.kind === 'host-name' || f.kind === 'path');

  it('are words like any other in bookmarks, tags, links and the title', async () => {
    for (const word of [user, host, 'root']) {
      const pdf = await pdfWithHeading(`Ne jamais travailler en ${word}, ni sur ${word}.local`);
      expect(await auditPdf(pdf, clean), word).toEqual([]);
      // A zine may be called by the word alone.
      expect(await auditPdf(await pdfWithHeading(word, { info: { Subject: word, Keywords: word } }), clean), word).toEqual([]);
    }
  });

  it('are found in paths, file: URLs and login@host, wherever they are', async () => {
    const cases: [string, { uri?: string; info?: Record<string, string> }][] = [
      [`/home/${user}/x`, { uri: `file:///home/${user}/x` }],
      ['/root/x', { info: { Subject: 'source: /root/x' } }],
      [`/home/${user}/x`, { info: { Keywords: `/home/${user}/x/guide.md` } }],
      [`C:\\Users\\${user}`, { info: { Title: `C:\\Users\\${user}\\Documents\\guide.odt` } }],
      [`${user}@${host}`, { info: { Producer: `${user}@${host}` } }],
    ];
    for (const [label, options] of cases) {
      expect(found(await auditPdf(await pdfWithHeading('Un titre', options), clean)), label).not.toEqual([]);
    }
    if (user.length > 2) {
      const findings = await auditPdf(await pdfWithHeading('Un titre', { uri: `file:///srv/builds/${user}/zine.html` }), clean);
      expect(findings).toContainEqual(expect.objectContaining({ kind: 'user-name', detail: `this machine's user name "${user}"` }));
      // A whole metadata value, or a word of a producer string, is a machine's doing too.
      expect(kinds(await auditPdf(await pdfWithHeading('Un titre', { info: { Author: user } }), clean))).toEqual(['user-name']);
      expect(kinds(await auditPdf(await pdfWithHeading('Un titre', { info: { Creator: `zinepress for ${user}` } }), clean))).toEqual(['user-name']);
    }
  });

  it('are found as the login of a machine but not of a mail address', async () => {
    if (user.length <= 2) return;
    expect(kinds(await auditPdf(await pdfWithHeading(`Écrire à ${user}@riseup.net`), clean))).toEqual([]);
    expect(kinds(await auditPdf(await pdfWithHeading(`git: ${user}@atelier.(none)`), clean))).toEqual(['user-name']);
  });
});

describe('formatFindings', () => {
  it('prints one line per finding: file: kind: detail (where)', () => {
    const text = formatFindings('out/zine.pdf', [
      { kind: 'info-tool', detail: 'Producer names software or a version: "Skia/PDF m156"', where: 'Info /Producer' },
      { kind: 'unreadable', detail: 'could not be read' },
    ]);
    expect(text).toBe(
      'out/zine.pdf: info-tool: Producer names software or a version: "Skia/PDF m156" (Info /Producer)\n' +
        'out/zine.pdf: unreadable: could not be read',
    );
    expect(formatFindings('x.pdf', [])).toBe('');
  });
});

describe('parsePdfDate', () => {
  it('reads UTC, offsets and partial dates', () => {
    expect(parsePdfDate('D:20261125000000Z')?.date.toISOString()).toBe('2026-11-25T00:00:00.000Z');
    expect(parsePdfDate("D:20261125182407+00'00'")).toEqual({ date: new Date('2026-11-25T18:24:07Z'), offsetMinutes: 0 });
    expect(parsePdfDate("D:20261125100000+02'00'")?.date.toISOString()).toBe('2026-11-25T08:00:00.000Z');
    expect(parsePdfDate('D:2026')?.date.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(parsePdfDate('yesterday')).toBeUndefined();
  });
});
