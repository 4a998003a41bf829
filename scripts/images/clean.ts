import sharp from 'sharp';
import type { Metadata, OutputInfo, Sharp, SharpOptions } from 'sharp';
import type { ZineError } from '../errors.ts';
import { imageError } from './errors.ts';

export type CleanImageOptions = {
  /** File name used in error messages, e.g. "images/march.jpg". */
  name: string;
  /** Highest resolution worth printing; pixels beyond it are thrown away. */
  maxDpi?: number;
  /** Widest the image is ever printed: the text width (textWidthMm in scripts/config.ts). */
  printedWidthMm?: number;
  /**
   * Tallest the image is ever printed: the CSS max-height (imageMaxHeightMm in scripts/config.ts).
   * A tall image is printed this high and narrower than printedWidthMm, so fewer pixels suffice.
   * Default: no limit but the width.
   */
  printedHeightMm?: number;
  /**
   * Grey, for the black-and-white rendition: luma, then stretched so that the
   * darkest 1 % of the pixels print black and the lightest 1 % white (toGrey).
   */
  greyscale?: boolean;
};

export type CleanedImage = {
  bytes: Uint8Array;
  mime: 'image/jpeg' | 'image/png';
  widthPx: number;
  heightPx: number;
  originalBytes: number;
};

/** Raster formats read by the prebuilt libvips that ships with sharp; HEIF only with AV1 (AVIF). */
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'tiff', 'heif']);

const INPUT_OPTIONS: SharpOptions = {
  // Refuse truncated or corrupt pixel data instead of printing half an image.
  failOn: 'error',
  // 100 megapixels: a decompression bomb must not eat the build machine.
  limitInputPixels: 100_000_000,
  // First frame of animated GIF/WebP, first page of TIFF.
  pages: 1,
};

const JPEG_QUALITY = 82;

/**
 * Re-encodes an image for print: EXIF orientation applied, every metadata block
 * (EXIF, GPS, XMP, IPTC, comments, thumbnails, ICC) dropped, sRGB, at most
 * `maxDpi` at its printed size: as the CSS does, that is within `printedWidthMm`
 * and `printedHeightMm`, aspect kept. Same input bytes give the same output bytes.
 */
export async function cleanImage(
  input: Uint8Array,
  { name, maxDpi = 300, printedWidthMm = 110, printedHeightMm = Infinity, greyscale = false }: CleanImageOptions,
): Promise<CleanedImage> {
  if (!(maxDpi > 0) || !(printedWidthMm > 0) || !(printedHeightMm > 0)) {
    throw new RangeError(`cleanImage: maxDpi, printedWidthMm and printedHeightMm must be positive (got ${maxDpi}, ${printedWidthMm}, ${printedHeightMm})`);
  }
  if (input.byteLength === 0) {
    throw imageError(`${name} is empty (0 bytes)`, {
      file: name,
      hint: 'copy the image again from its source; the file on disk holds no data',
    });
  }
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const metadata = await readMetadata(bytes, name);
  checkFormat(metadata, name);

  const maxWidthPx = Math.floor((printedWidthMm / 25.4) * maxDpi);
  const maxHeightPx = Number.isFinite(printedHeightMm) ? Math.floor((printedHeightMm / 25.4) * maxDpi) : undefined;
  let pixels: { data: Buffer; info: OutputInfo };
  try {
    // No withMetadata/keep*: sharp then writes no EXIF, XMP, IPTC or ICC at all and
    // converts embedded profiles to sRGB. Decoding to raw pixels first makes sure not
    // a single input byte other than pixels reaches the encoder.
    pixels = await sharp(bytes, INPUT_OPTIONS)
      // After autoOrient, so width and height are as printed. 'inside' is what max-width
      // and max-height do to an img: the tighter of the two sets the scale.
      .autoOrient()
      .resize({ width: maxWidthPx, height: maxHeightPx, fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb')
      .ensureAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw unreadable(name, error);
  }

  const { data, info } = pixels;
  if (greyscale) toGrey(data);
  const opaque = isOpaque(data);
  const fewColours = countColours(data, 257) <= 256;
  const fromRaw = () => {
    const image = sharp(data, { raw: { width: info.width, height: info.height, channels: 4 } });
    const encoded = opaque ? image.removeAlpha() : image;
    // One channel (two with alpha): a grey JPEG, or PNG, a third of the data (few greys still make a palette PNG).
    return greyscale ? encoded.toColourspace('b-w') : encoded;
  };

  let encoded: { bytes: Buffer; mime: CleanedImage['mime'] };
  if (metadata.format === 'jpeg' && opaque) {
    encoded = { bytes: await encodeJpeg(fromRaw()), mime: 'image/jpeg' };
  } else if (!opaque || fewColours) {
    encoded = { bytes: await encodePng(fromRaw, data, fewColours), mime: 'image/png' };
  } else {
    // Many colours and no transparency, from a lossless format: a photo saved as PNG,
    // or a screenshot. PNG keeps screenshots sharp but makes photos several times
    // larger than JPEG; keep PNG only when it is not much larger.
    const png = await encodePng(fromRaw, data, false);
    const jpeg = await encodeJpeg(fromRaw());
    encoded = png.byteLength <= 2 * jpeg.byteLength ? { bytes: png, mime: 'image/png' } : { bytes: jpeg, mime: 'image/jpeg' };
  }

  return {
    bytes: new Uint8Array(encoded.bytes.buffer, encoded.bytes.byteOffset, encoded.bytes.byteLength),
    mime: encoded.mime,
    widthPx: info.width,
    heightPx: info.height,
    originalBytes: input.byteLength,
  };
}

async function readMetadata(bytes: Buffer, name: string): Promise<Metadata> {
  try {
    return await sharp(bytes, INPUT_OPTIONS).metadata();
  } catch (error) {
    throw unreadable(name, error);
  }
}

function checkFormat(metadata: Metadata, name: string): void {
  const format = String(metadata.format);
  if (format === 'svg') {
    throw imageError(`${name} is an SVG drawing, not a photo or bitmap`, {
      file: name,
      hint: 'give the file a .svg extension so zinepress cleans it as a drawing',
    });
  }
  if (format === 'heif' && metadata.compression !== 'av1') {
    throw imageError(`${name} is a HEIC photo, which zinepress cannot read`, {
      file: name,
      hint: 'export it as JPEG (on an iPhone: Settings → Camera → Formats → Most Compatible, or share it as JPEG)',
    });
  }
  if (!ACCEPTED_FORMATS.has(format)) {
    throw imageError(`${name} is a ${format.toUpperCase()} file, which zinepress does not print`, {
      file: name,
      hint: 'export it as JPEG (photos) or PNG (drawings, screenshots)',
    });
  }
}

function unreadable(name: string, error: unknown): ZineError {
  const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
  if (/exceeds pixel limit/i.test(detail ?? '')) {
    return imageError(`${name} is larger than 100 megapixels`, {
      file: name,
      hint: 'scale it down to about 4000 px wide in an image editor; print needs no more than 1300 px across an A5 page',
      cause: error,
    });
  }
  const unsupported = /unsupported image format/i.test(detail);
  return imageError(
    unsupported
      ? `${name} is not an image zinepress can read (JPEG, PNG, WebP, GIF, TIFF or AVIF)`
      : `${name} is damaged or not a valid image (${detail})`,
    {
      file: name,
      hint: unsupported
        ? 'check that the file really is an image (a renamed PDF or text file is not); export it as JPEG or PNG'
        : 'open it in an image editor and export it again as JPEG or PNG',
      cause: error,
    },
  );
}

async function encodeJpeg(image: Sharp): Promise<Buffer> {
  // mozjpeg: trellis quantisation and progressive scans, deterministic for the same pixels.
  return image.jpeg({ quality: JPEG_QUALITY, mozjpeg: true }).toBuffer();
}

/** PNG, as an exact palette when the pixels have at most 256 colours. */
async function encodePng(fromRaw: () => Sharp, rgba: Buffer, fewColours: boolean): Promise<Buffer> {
  if (fewColours) {
    const palette = await fromRaw()
      .png({ compressionLevel: 9, adaptiveFiltering: true, palette: true, quality: 100, colours: 256, dither: 0, effort: 10 })
      .toBuffer();
    // libimagequant may still merge colours; keep the palette only if it is lossless.
    const roundTrip = await sharp(palette).ensureAlpha().raw({ depth: 'uchar' }).toBuffer();
    if (roundTrip.equals(rgba)) return palette;
  }
  // Adaptive row filtering suits photos and hurts flat screenshots (276 kB against 182 kB
  // for one); try both and keep the smaller.
  const [adaptive, plain] = await Promise.all([
    fromRaw().png({ compressionLevel: 9, adaptiveFiltering: true }).toBuffer(),
    fromRaw().png({ compressionLevel: 9, adaptiveFiltering: false }).toBuffer(),
  ]);
  return plain.byteLength <= adaptive.byteLength ? plain : adaptive;
}

/** The share of pixels let go black at one end and white at the other when a grey image is stretched. */
const STRETCH_CLIP = 0.01;

/**
 * Turns RGBA pixels grey in place, for toner: luma (0.299 R + 0.587 G + 0.114 B, the
 * grey a copier sees), then a linear stretch that maps the 1st percentile to black
 * and the 99th to white. A hazy photo gets its full range back; a photo that already
 * spans it gets a little more contrast, as only 1 % of its pixels go at each end.
 */
function toGrey(rgba: Buffer): void {
  const histogram = new Array<number>(256).fill(0);
  let counted = 0;
  for (let i = 0; i < rgba.length; i += 4) {
    const luma = Math.round(0.299 * rgba[i]! + 0.587 * rgba[i + 1]! + 0.114 * rgba[i + 2]!);
    rgba[i] = rgba[i + 1] = rgba[i + 2] = luma;
    // What shows: a transparent pixel's colour is never seen.
    if (rgba[i + 3] !== 0) {
      histogram[luma]!++;
      counted++;
    }
  }
  const clip = counted * STRETCH_CLIP;
  let [low, high, seen] = [0, 255, 0];
  while (low < 255 && (seen += histogram[low]!) <= clip) low++;
  seen = 0;
  while (high > 0 && (seen += histogram[high]!) <= clip) high--;
  // A flat image (one grey, a logo's plain ground) stays as it is.
  if (high - low < 16) return;
  const scale = 255 / (high - low);
  for (let i = 0; i < rgba.length; i += 4) {
    const grey = Math.min(255, Math.max(0, Math.round((rgba[i]! - low) * scale)));
    rgba[i] = rgba[i + 1] = rgba[i + 2] = grey;
  }
}

function isOpaque(rgba: Buffer): boolean {
  for (let i = 3; i < rgba.length; i += 4) {
    if (rgba[i] !== 255) return false;
  }
  return true;
}

/** Number of distinct RGBA colours, counting no further than `limit`. */
function countColours(rgba: Buffer, limit: number): number {
  const seen = new Set<number>();
  for (let i = 0; i < rgba.length && seen.size < limit; i += 4) {
    seen.add(rgba.readUInt32LE(i));
  }
  return seen.size;
}
