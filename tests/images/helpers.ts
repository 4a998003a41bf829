import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';

/** What a careless phone or camera leaves in a photo. */
export const SECRETS = {
  make: 'Canon',
  model: 'Canon EOS 5D Mark IV',
  artist: 'Jeanne Militante',
  serial: 'SN-0042-XYZ',
  xmpNamespace: 'http://ns.adobe.com',
  comment: 'shot at the squat on rue Oberkampf',
};

export const XMP_PACKET =
  '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">' +
  '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
  '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">' +
  `<dc:creator>${SECRETS.artist}</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;

export const EXIF = {
  IFD0: { Make: SECRETS.make, Model: SECRETS.model, Artist: SECRETS.artist, Copyright: SECRETS.artist },
  IFD2: { BodySerialNumber: SECRETS.serial, UserComment: SECRETS.comment },
  IFD3: {
    GPSLatitudeRef: 'N',
    GPSLatitude: '48/1 51/1 2400/100',
    GPSLongitudeRef: 'E',
    GPSLongitude: '2/1 21/1 300/100',
  },
};

/** RGB pixels: left half red, right half blue, so orientation can be checked. */
export function halfRedHalfBlue(widthPx: number, heightPx: number): Buffer {
  const data = Buffer.alloc(widthPx * heightPx * 3);
  for (let y = 0; y < heightPx; y++) {
    for (let x = 0; x < widthPx; x++) {
      const offset = (y * widthPx + x) * 3;
      if (x < widthPx / 2) data[offset] = 230;
      else data[offset + 2] = 230;
    }
  }
  return data;
}

/** A JPEG with GPS, camera, artist, serial, XMP, a P3 ICC profile, orientation 6, a COM comment and an IPTC block. */
export async function makeLeakyJpeg(widthPx = 400, heightPx = 300): Promise<Buffer> {
  const jpeg = await sharp(halfRedHalfBlue(widthPx, heightPx), { raw: { width: widthPx, height: heightPx, channels: 3 } })
    .jpeg({ quality: 90 })
    .withExif(EXIF)
    .withXmp(XMP_PACKET)
    .withIccProfile('p3')
    .withMetadata({ orientation: 6 })
    .toBuffer();
  const comment = jpegSegment(0xfe, Buffer.from(SECRETS.comment, 'latin1'));
  const iptcRecord = Buffer.concat([Buffer.from([0x1c, 0x02, 0x50, 0x00, SECRETS.artist.length]), Buffer.from(SECRETS.artist)]);
  const resource = Buffer.concat([Buffer.from('8BIM\x04\x04\x00\x00', 'latin1'), u32(iptcRecord.length), iptcRecord]);
  const app13 = jpegSegment(0xed, Buffer.concat([Buffer.from('Photoshop 3.0\x00', 'latin1'), resource]));
  return Buffer.concat([jpeg.subarray(0, 2), comment, app13, jpeg.subarray(2)]);
}

function jpegSegment(marker: number, payload: Buffer): Buffer {
  const header = Buffer.from([0xff, marker, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
}

function u32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value);
  return buffer;
}

/** Marker bytes of every JPEG segment before the image data (0xe1 = APP1/EXIF, 0xfe = COM …). */
export function jpegMarkers(bytes: Uint8Array): number[] {
  const buffer = Buffer.from(bytes);
  const markers: number[] = [];
  let offset = 2;
  while (offset + 4 <= buffer.length && buffer[offset] === 0xff) {
    const marker = buffer[offset + 1]!;
    markers.push(marker);
    if (marker === 0xda) break; // start of scan: entropy-coded data follows
    offset += 2 + buffer.readUInt16BE(offset + 2);
  }
  return markers;
}

/** Chunk types of a PNG, in order. */
export function pngChunks(bytes: Uint8Array): string[] {
  const buffer = Buffer.from(bytes);
  const chunks: string[] = [];
  let offset = 8;
  while (offset + 8 <= buffer.length) {
    const length = buffer.readUInt32BE(offset);
    chunks.push(buffer.toString('latin1', offset + 4, offset + 8));
    offset += 12 + length;
  }
  return chunks;
}

/** Inserts extra chunks right after IHDR. */
export function withPngChunks(png: Buffer, chunks: { type: string; data: Buffer }[]): Buffer {
  const ihdrEnd = 8 + 12 + png.readUInt32BE(8);
  const encoded = chunks.map(({ type, data }) => {
    const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    return Buffer.concat([u32(data.length), typeAndData, u32(zlib.crc32(typeAndData))]);
  });
  return Buffer.concat([png.subarray(0, ihdrEnd), ...encoded, png.subarray(ihdrEnd)]);
}

export function includesText(bytes: Uint8Array, text: string): boolean {
  return Buffer.from(bytes).includes(Buffer.from(text, 'latin1'));
}


/** Every tag exiftool finds, as "Group:Tag" keys (an independent reader: Perl, not libvips). */
export function exiftoolTags(bytes: Uint8Array, extension: string): Record<string, unknown> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zinepress-exif-'));
  const file = path.join(dir, `image.${extension}`);
  try {
    fs.writeFileSync(file, bytes);
    const json = execFileSync('exiftool', ['-json', '-a', '-u', '-G1', file], { encoding: 'utf8' });
    return (JSON.parse(json) as Record<string, unknown>[])[0]!;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
