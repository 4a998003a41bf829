// A photo with GPS and camera EXIF added to a zine leaves no trace in any output.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
