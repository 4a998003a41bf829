// A photo with GPS and camera EXIF added to a zine leaves no trace in any output.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/build.ts';
import { auditPdf } from '../../scripts/pdf/audit.ts';

const secrets = { make: 'Canon', model: 'EOS 5D Mark IV', artist: 'Jeanne Dupont', serial: 'SN-0048151623' };
const contentDir = mkdtempSync(join(tmpdir(), 'zinepress-photo-content-'));
const outputDir = mkdtempSync(join(tmpdir(), 'zinepress-photo-out-'));
const warnings: string[] = [];

beforeAll(async () => {
  const dir = join(contentDir, 'photo');
  mkdirSync(join(dir, 'images'), { recursive: true });
  // 4000 px wide with GPS, camera, artist and serial: what a phone photo carries.
  const photo = await sharp({ create: { width: 4000, height: 2400, channels: 3, background: '#36a065' } })
    .jpeg()
    .withExif({
      IFD0: { Make: secrets.make, Model: secrets.model, Artist: secrets.artist },
      IFD2: { BodySerialNumber: secrets.serial },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '50/1 50/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '4/1 21/1 0/1' },
    })
    .toBuffer();
  writeFileSync(join(dir, 'images', 'manif.jpg'), photo);
  writeFileSync(
    join(dir, 'index.md'),
    ['---', 'title: Photo', 'lang: fr', 'edition: 1', 'date: 2026-11-25', 'budgetKb: 20', '---', '', '# Une photo', '', '![La manifestation](images/manif.jpg)', ''].join('\n'),
  );
  await build({ zines: ['photo'], contentDir, outputDir, log: (line) => warnings.push(line) });
});

describe('a photo with GPS EXIF in a zine', () => {
  it('is in the PDF, downsampled to 300 dpi at its printed width', () => {
    const list = execFileSync('pdfimages', ['-list', join(outputDir, 'photo', 'photo.pdf')], { encoding: 'utf8' });
    const rows = list.split('\n').slice(2).filter(Boolean);
    expect(rows).toHaveLength(1);
    const width = Number(rows[0]!.trim().split(/\s+/)[3]);
    // 118 mm of A5 text width at 300 dpi.
    expect(width).toBe(Math.floor((118 / 25.4) * 300));
  });

  it('leaves no EXIF, GPS, camera, artist or serial in any output file', async () => {
    const dir = join(outputDir, 'photo');
    for (const name of readdirSync(dir)) {
      const bytes = readFileSync(join(dir, name));
      // Decompressed, so nothing hides inside a Flate stream.
      const text = name.endsWith('.pdf') ? execFileSync('qpdf', ['--qdf', '--object-streams=disable', join(dir, name), '-']).toString('latin1') : bytes.toString('latin1');
      for (const secret of [...Object.values(secrets), 'Exif', 'GPS', 'http://ns.adobe.com']) {
        expect(text.includes(secret), `${secret} in ${name}`).toBe(false);
      }
      if (name.endsWith('.pdf')) expect(await auditPdf(new Uint8Array(bytes))).toEqual([]);
    }
    const extracted = mkdtempSync(join(tmpdir(), 'zinepress-pdfimages-'));
    execFileSync('pdfimages', ['-all', join(dir, 'photo.pdf'), join(extracted, 'img')]);
    for (const name of readdirSync(extracted)) {
      const metadata = await sharp(join(extracted, name)).metadata();
      expect(metadata.exif, name).toBeUndefined();
      expect(metadata.xmp, name).toBeUndefined();
    }
  });

  it('warns when the PDF is over its size budget, naming the heaviest image', () => {
    expect(warnings.join('\n')).toMatch(/photo\/index\.md: warning: the PDF is \d+ kB, over its budget of 20 kB; heaviest images: images\/manif\.jpg \(\d+ kB\)/);
  });
});

// Regressions, one zine: images counted from their width only printed at 387 ppi (a tall
// portrait) and 505 ppi (a photo turned by EXIF), as max-height prints them smaller; a
// drawing's "DejaVu Sans" text embedded the machine's font; a heading with the login
// ("Ne jamais travailler en root", built as root) failed the build's own audit.
describe('a zine with tall photos, a drawing with text, and the login as a word', () => {
  const tallDir = mkdtempSync(join(tmpdir(), 'zinepress-tall-content-'));
  const tallOut = mkdtempSync(join(tmpdir(), 'zinepress-tall-out-'));
  const tallWarnings: string[] = [];
  const pdf = join(tallOut, 'tall', 'tall.pdf');

  beforeAll(async () => {
    const dir = join(tallDir, 'tall');
    mkdirSync(join(dir, 'images'), { recursive: true });
    const flat = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#36a065' } });
    writeFileSync(join(dir, 'images', 'portrait.jpg'), await flat(1000, 1600).jpeg().toBuffer());
    writeFileSync(join(dir, 'images', 'turned.jpg'), await flat(3000, 2000).jpeg().withMetadata({ orientation: 6 }).toBuffer());
    writeFileSync(
      join(dir, 'images', 'schema.svg'),
      '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60" viewBox="0 0 200 60">' +
        '<text x="4" y="24" font-family="DejaVu Sans" font-size="18">Réseau</text>' +
        '<text x="4" y="50" style="font: bold 14px \'DejaVu Sans Mono\', monospace">Tor</text></svg>',
    );
    writeFileSync(
      join(dir, 'index.md'),
      ['---', 'title: Tall', 'lang: fr', 'edition: 1', 'date: 2026-11-25', 'impose: []', '---', '',
        `# Ne jamais travailler en ${userInfo().username}`, '', '![Un portrait](images/portrait.jpg)', '',
        '# Une photo tournée', '', '![Une photo](images/turned.jpg)', '', '# Un schéma', '', '![Un schéma](images/schema.svg)', ''].join('\n'),
    );
    // The build audits its own output and throws on any finding: getting a PDF is the first check.
    await build({ zines: ['tall'], contentDir: tallDir, outputDir: tallOut, log: (line) => tallWarnings.push(line) });
  });

  it('prints every photo at no more than maxImageDpi, at the size the CSS gives it', () => {
    const rows = execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      const [xPpi, yPpi] = row.trim().split(/\s+/).slice(12, 14).map(Number) as [number, number];
      expect(Math.max(xPpi, yPpi), row).toBeLessThanOrEqual(300 + 1); // + 1: pdfimages rounds
      expect(Math.min(xPpi, yPpi), row).toBeGreaterThanOrEqual(295); // and no pixel thrown away for nothing
    }
  });

  it("sets the drawing's text in the zine's fonts, none of the machine's, and says so", () => {
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean).map((row) => row.split(/\s+/)[0]!);
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) expect(font).toMatch(/^[A-Z]{6}\+(SourceSerif4|Archivo|SourceCodePro)/);
    // At the line of index.md that shows the drawing (line 19).
    expect(tallWarnings.join('\n')).toMatch(/index\.md:19: warning: removed from images\/schema\.svg: font-family DejaVu Sans \/ DejaVu Sans Mono \/ monospace \(the text is set in the zine's body font\)/);
  });
});
