import zlib from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { cleanImage } from '../../scripts/images/clean.ts';
import { ZineError } from '../../scripts/errors.ts';
import {
  EXIF,
  exiftoolTags,
  includesText,
  jpegMarkers,
  makeLeakyJpeg,
  pngChunks,
  SECRETS,
  withPngChunks,
  XMP_PACKET,
} from './helpers.ts';

const METADATA_GROUPS = /^(IFD\d|ExifIFD|GPS|XMP|IPTC|ICC|Photoshop|MakerNotes|InteropIFD|Comment|PNG-(?!pHYs))/;

async function noise(widthPx: number, heightPx: number, channels: 3 | 4 = 3) {
  return sharp({
    create: { width: widthPx, height: heightPx, channels, background: { r: 120, g: 90, b: 60, alpha: 1 }, noise: { type: 'gaussian', mean: 128, sigma: 40 } },
  });
}

async function expectImageError(bytes: Uint8Array, name: string, message: RegExp) {
  const error = await cleanImage(bytes, { name }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ZineError);
  const imageError = error as ZineError;
  expect(imageError.message).toContain(name);
  expect(imageError.message).toMatch(message);
  expect(imageError.file).toBe(name);
  expect(imageError.hint?.length).toBeGreaterThan(20);
}

describe('cleanImage: a leaky camera JPEG', () => {
  it('the fixture really carries every secret (else the test proves nothing)', async () => {
    const leaky = await makeLeakyJpeg();
    const metadata = await sharp(leaky).metadata();
    expect(metadata.exif).toBeDefined();
    expect(metadata.xmp).toBeDefined();
    expect(metadata.icc).toBeDefined();
    expect(metadata.iptc).toBeDefined();
    expect(metadata.orientation).toBe(6);
    for (const secret of [SECRETS.make, SECRETS.artist, SECRETS.serial, SECRETS.xmpNamespace, SECRETS.comment, 'Exif']) {
      expect(includesText(leaky, secret), secret).toBe(true);
    }
    expect(jpegMarkers(leaky)).toEqual(expect.arrayContaining([0xe1, 0xe2, 0xed, 0xfe]));
  });

  it('strips EXIF, GPS, XMP, IPTC, comments and ICC, and applies the orientation', async () => {
    const leaky = await makeLeakyJpeg();
    const cleaned = await cleanImage(leaky, { name: 'images/march.jpg' });

    expect(cleaned.mime).toBe('image/jpeg');
    expect(cleaned.originalBytes).toBe(leaky.length);
    // Orientation 6: stored 400×300, shown 300×400 with the stored left (red) on top.
    expect([cleaned.widthPx, cleaned.heightPx]).toEqual([300, 400]);
    const metadata = await sharp(cleaned.bytes).metadata();
    expect([metadata.width, metadata.height]).toEqual([300, 400]);
    expect(metadata.orientation).toBeUndefined();
    expect(metadata.exif).toBeUndefined();
    expect(metadata.xmp).toBeUndefined();
    expect(metadata.iptc).toBeUndefined();
    expect(metadata.icc).toBeUndefined();
    expect(metadata.comments).toBeUndefined();
    expect(metadata.space).toBe('srgb');

    const { data } = await sharp(cleaned.bytes).raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => [...data.subarray((y * 300 + x) * 3, (y * 300 + x) * 3 + 3)];
    expect(pixel(150, 50)[0]).toBeGreaterThan(150); // red on top
    expect(pixel(150, 350)[2]).toBeGreaterThan(150); // blue below

    for (const secret of ['Exif', 'GPS', SECRETS.make, SECRETS.artist, SECRETS.serial, SECRETS.xmpNamespace, SECRETS.comment, 'Photoshop', 'ICC_PROFILE']) {
      expect(includesText(cleaned.bytes, secret), secret).toBe(false);
    }
    // Only the segments needed to draw pixels: no APPn other than JFIF, no COM.
    const markers = jpegMarkers(cleaned.bytes);
    expect(markers.filter((marker) => (marker >= 0xe1 && marker <= 0xef) || marker === 0xfe)).toEqual([]);
  });

  it('exiftool finds no metadata in the cleaned JPEG', async () => {
    const leaky = await makeLeakyJpeg();
    const before = exiftoolTags(leaky, 'jpg');
    expect(before['GPS:GPSLatitude']).toBeDefined();
    expect(before['ExifIFD:SerialNumber']).toBe(SECRETS.serial);

    const cleaned = await cleanImage(leaky, { name: 'march.jpg' });
    const after = exiftoolTags(cleaned.bytes, 'jpg');
    expect(Object.keys(after).filter((key) => METADATA_GROUPS.test(key))).toEqual([]);
    const text = JSON.stringify(after);
    for (const secret of [SECRETS.make, SECRETS.artist, SECRETS.serial, SECRETS.comment, '48 deg']) {
      expect(text).not.toContain(secret);
    }
  });
});

describe('cleanImage: PNG text chunks', () => {
  async function leakyPng() {
    const png = await sharp({ create: { width: 64, height: 64, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0.5 } } }).png().toBuffer();
    const exif = (await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } }).jpeg().withExif(EXIF).toBuffer().then((jpeg) => sharp(jpeg).metadata())).exif!;
    return withPngChunks(png, [
      { type: 'tEXt', data: Buffer.from(`Author\0${SECRETS.artist}`, 'latin1') },
      { type: 'iTXt', data: Buffer.concat([Buffer.from('XML:com.adobe.xmp\0\0\0\0\0', 'latin1'), Buffer.from(XMP_PACKET)]) },
      { type: 'eXIf', data: exif.subarray(6) }, // without the "Exif\0\0" prefix JPEG uses
      { type: 'tIME', data: Buffer.from([0x07, 0xe9, 11, 25, 18, 30, 0]) },
    ]);
  }

  it('drops tEXt, iTXt, eXIf and tIME and keeps transparency', async () => {
    const leaky = await leakyPng();
    expect(pngChunks(leaky)).toEqual(expect.arrayContaining(['tEXt', 'iTXt', 'eXIf', 'tIME']));
    expect((await sharp(leaky).metadata()).exif).toBeDefined();

    const cleaned = await cleanImage(leaky, { name: 'logo.png' });
    expect(cleaned.mime).toBe('image/png');
    const chunks = pngChunks(cleaned.bytes);
    expect(chunks.filter((type) => !['IHDR', 'PLTE', 'tRNS', 'IDAT', 'IEND', 'pHYs'].includes(type))).toEqual([]);
    for (const secret of [SECRETS.artist, SECRETS.make, SECRETS.xmpNamespace, 'Exif']) {
      expect(includesText(cleaned.bytes, secret), secret).toBe(false);
    }
    const metadata = await sharp(cleaned.bytes).metadata();
    expect(metadata.hasAlpha).toBe(true);
    expect(metadata.exif ?? metadata.xmp ?? metadata.icc).toBeUndefined();
  });

  it('exiftool finds no metadata in the cleaned PNG', async () => {
    const leaky = await leakyPng();
    expect(JSON.stringify(exiftoolTags(leaky, 'png'))).toContain(SECRETS.artist);
    const after = exiftoolTags((await cleanImage(leaky, { name: 'logo.png' })).bytes, 'png');
    expect(Object.keys(after).filter((key) => METADATA_GROUPS.test(key))).toEqual([]);
    expect(JSON.stringify(after)).not.toContain(SECRETS.artist);
  });
});

describe('cleanImage: size', () => {
  it('downsamples a 6000 px photo to 1299 px: 110 mm at 300 dpi', async () => {
    // Noise scaled up ×10: full of detail, and quick to make (6000 × 2000 noise is not).
    const texture = await (await noise(600, 200)).png().toBuffer();
    const big = await sharp(texture).resize({ width: 6000, kernel: 'nearest' }).jpeg({ quality: 95 }).toBuffer();
    const cleaned = await cleanImage(big, { name: 'big.jpg' });
    expect(cleaned.widthPx).toBe(1299);
    expect(cleaned.heightPx).toBe(433);
    expect((await sharp(cleaned.bytes).metadata()).width).toBe(1299);
    expect(cleaned.bytes.byteLength).toBeLessThan(big.length / 5);
  });

  it('honours printedWidthMm and maxDpi', async () => {
    const image = await (await noise(2000, 1000)).png().toBuffer();
    const cleaned = await cleanImage(image, { name: 'x.png', printedWidthMm: 50, maxDpi: 150 });
    expect(cleaned.widthPx).toBe(295); // 50 / 25.4 × 150 = 295.3
  });

  it('never upsamples', async () => {
    const small = await (await noise(200, 100)).jpeg().toBuffer();
    const cleaned = await cleanImage(small, { name: 'small.jpg' });
    expect([cleaned.widthPx, cleaned.heightPx]).toEqual([200, 100]);
  });

  /** One colour: only the size matters here, and noise this large is slow to make. */
  const flat = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#36a065' } });

  // Regression: a portrait printed 105 mm high (the CSS max-height) is 66 mm wide, not 118:
  // counted from the width, 1000 × 1600 px stayed whole and printed at 387 ppi.
  it('counts the pixels of a tall image from printedHeightMm, as max-height prints it', async () => {
    const portrait = await flat(1000, 1600).jpeg().toBuffer();
    const cleaned = await cleanImage(portrait, { name: 'portrait.jpg', printedWidthMm: 118, printedHeightMm: 105 });
    expect([cleaned.widthPx, cleaned.heightPx]).toEqual([775, 1240]); // 105 / 25.4 × 300 = 1240.2
    // A wide image is still limited by its width.
    const wide = await flat(2000, 1000).jpeg().toBuffer();
    expect((await cleanImage(wide, { name: 'wide.jpg', printedWidthMm: 118, printedHeightMm: 105 })).widthPx).toBe(1393);
  });

  it('measures height after EXIF orientation: a landscape file shown upright is tall', async () => {
    const turned = await flat(3000, 2000).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const cleaned = await cleanImage(turned, { name: 'turned.jpg', printedWidthMm: 118, printedHeightMm: 105 });
    expect(cleaned.heightPx).toBe(1240);
    expect(cleaned.widthPx).toBeLessThan(cleaned.heightPx);
  });
});

describe('cleanImage: output format', () => {
  it('keeps line art with few colours as an exact palette PNG', async () => {
    const raw = Buffer.alloc(120 * 80 * 3, 255);
    for (let i = 0; i < raw.length; i += 9) raw[i] = 0; // a few stripes
    const art = await sharp(raw, { raw: { width: 120, height: 80, channels: 3 } }).png().toBuffer();
    const cleaned = await cleanImage(art, { name: 'map.png' });
    expect(cleaned.mime).toBe('image/png');
    expect((await sharp(cleaned.bytes).metadata()).isPalette).toBe(true);
    const before = await sharp(art).raw().toBuffer();
    const after = await sharp(cleaned.bytes).removeAlpha().raw().toBuffer();
    expect(after.equals(before)).toBe(true);
  });

  it('turns an opaque photo saved as PNG into a JPEG', async () => {
    const photo = await (await noise(600, 400)).png().toBuffer();
    const cleaned = await cleanImage(photo, { name: 'photo.png' });
    expect(cleaned.mime).toBe('image/jpeg');
  });

  it('keeps a screenshot with anti-aliased edges as PNG (regression: it became a blurry JPEG)', async () => {
    const shapes = Array.from({ length: 60 }, (_, i) => `<circle cx="${20 + (i % 12) * 95}" cy="${60 + Math.floor(i / 12) * 150}" r="${30 + (i % 7) * 5}" fill="none" stroke="${i % 3 ? '#222' : '#2255cc'}" stroke-width="1.5"/>`);
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800"><rect width="1200" height="800" fill="#fff"/>${shapes.join('')}</svg>`;
    const screenshot = await sharp(Buffer.from(svg)).png().toBuffer();
    const { data } = await sharp(screenshot).raw().toBuffer({ resolveWithObject: true });
    expect(new Set(Array.from({ length: data.length / 4 }, (_, i) => data.readUInt32LE(i * 4))).size).toBeGreaterThan(256);
    const cleaned = await cleanImage(screenshot, { name: 'screenshot.png' });
    expect(cleaned.mime).toBe('image/png');
  });

  it('keeps transparency as PNG even with many colours', async () => {
    const photo = await (await noise(300, 200, 4)).ensureAlpha(0.5).png().toBuffer();
    const cleaned = await cleanImage(photo, { name: 'cutout.png' });
    expect(cleaned.mime).toBe('image/png');
    expect((await sharp(cleaned.bytes).metadata()).hasAlpha).toBe(true);
  });

  it('reads WebP, TIFF, AVIF and the first frame of an animated GIF', async () => {
    const base = await noise(64, 48);
    for (const [name, bytes] of [
      ['a.webp', await base.clone().webp().toBuffer()],
      ['a.tiff', await base.clone().tiff().toBuffer()],
      ['a.avif', await base.clone().avif().toBuffer()],
    ] as const) {
      const cleaned = await cleanImage(bytes, { name });
      expect([cleaned.widthPx, cleaned.heightPx], name).toEqual([64, 48]);
    }
    // Two 10×10 frames: white, then black.
    const frames = Buffer.concat([Buffer.alloc(300, 255), Buffer.alloc(300, 0)]);
    const gif = await sharp(frames, { raw: { width: 10, height: 20, channels: 3, pageHeight: 10 } }).gif().toBuffer();
    expect((await sharp(gif).metadata()).pages).toBe(2);
    const cleaned = await cleanImage(gif, { name: 'a.gif' });
    expect([cleaned.widthPx, cleaned.heightPx]).toEqual([10, 10]);
    expect((await sharp(cleaned.bytes).raw().toBuffer())[0]).toBe(255);
  });
});

describe('cleanImage: determinism', () => {
  it('gives the same bytes for the same input, JPEG and PNG', async () => {
    const jpeg = await makeLeakyJpeg(1600, 1200);
    const png = await (await noise(300, 200, 4)).ensureAlpha(0.5).png().toBuffer();
    for (const input of [jpeg, png]) {
      const first = await cleanImage(input, { name: 'a' });
      const second = await cleanImage(Uint8Array.from(input), { name: 'b' });
      expect(Buffer.from(first.bytes).equals(Buffer.from(second.bytes))).toBe(true);
    }
  });
});

describe('cleanImage: files it refuses', () => {
  it('an empty file', async () => {
    await expectImageError(new Uint8Array(0), 'images/empty.jpg', /empty/);
  });

  it('a truncated JPEG', async () => {
    const jpeg = await (await noise(400, 300)).jpeg().toBuffer();
    await expectImageError(jpeg.subarray(0, jpeg.length / 2), 'images/cut.jpg', /damaged/);
  });

  it('random bytes', async () => {
    await expectImageError(Buffer.from('ffd8ffe0deadbeef'.repeat(20), 'hex'), 'images/garbage.jpg', /damaged|not an image/);
  });

  it('a text file renamed .jpg', async () => {
    await expectImageError(Buffer.from('Meet at 6pm behind the library.\n'), 'images/notes.jpg', /not an image/);
  });

  it('a PDF', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
    await expectImageError(pdf, 'images/flyer.jpg', /not an image|PDF/);
  });

  it('a decompression bomb: a PNG header claiming 20000 × 20000 px', async () => {
    const png = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#fff' } }).png().toBuffer();
    png.writeUInt32BE(20_000, 16);
    png.writeUInt32BE(20_000, 20);
    png.writeUInt32BE(zlib.crc32(png.subarray(12, 29)), 29);
    await expectImageError(png, 'images/bomb.png', /larger than 100 megapixels/);
  });

  it('an SVG passed as a bitmap', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    await expectImageError(svg, 'images/logo.jpg', /SVG/);
  });
});
