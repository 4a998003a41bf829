// The images of the black-and-white rendition: photos cleaned in grey with their
// contrast raised, drawings greyed colour by colour (vector kept), and compose
// putting them in the bw rendition's HTML only, cached apart.
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { composeCache, composeZine } from '../../scripts/compose.ts';
import { cleanImage } from '../../scripts/images/clean.ts';
import { greyCss, TINT_FLOOR } from '../../scripts/images/grey.ts';
import { cleanSvg, cleanSvgWithImages } from '../../scripts/images/svg.ts';
import { RENDITIONS } from '../../scripts/renditions.ts';
import { readProjectSources, readZineSources } from '../../scripts/sources.ts';
import { fixtureZines } from '../helpers/fixtures.ts';

const route = readFileSync(join(fixtureZines, 'photocopy', 'images', 'route.svg'), 'utf8');

/** Every hex colour in a text whose channels differ: a colour that is not a grey. */
const colouredHex = (text: string) => [...text.matchAll(/#([0-9a-f]{6})\b/gi)].map((m) => m[1]!).filter((hex) => !/^(..)\1\1$/.test(hex));

describe('greyCss', () => {
  it('writes every colour as its grey: hex, names, rgb() and hsl(), custom properties too', () => {
    const { css, unread } = greyCss('fill: red; stroke: #00f8; --x: hsl(120 100% 25%); color: rgb(10% 20% 30% / 50%); stop-color: rebeccapurple', 'declarationList', false);
    expect(unread).toBe(false);
    // Red's luma is 76; darkened by 204/240 so that the palest grey kept is the tint floor: 65 (#41).
    expect(css).toBe('fill: #414141; stroke: #19191988; --x: #404040; color: #27272780; stop-color: #424242');
  });

  it('leaves selectors, url(#id), currentColor and none alone', () => {
    expect(greyCss('#bad { fill: #bad } .a { stroke: none; fill: url(#g) currentColor }', 'stylesheet', false).css).toBe('#bad { fill: #9a9a9a } .a { stroke: none; fill: url(#g) currentColor }');
  });

  it('makes text black or white, from its own colour or a rule for text', () => {
    expect(greyCss('#b45309', 'value', true).css).toBe('#000000');
    expect(greyCss('yellow', 'value', true).css).toBe('#ffffff');
    expect(greyCss('text.label, .b { fill: orange } tspan { fill: navy } .c { fill: navy }', 'stylesheet', false).css).toBe('text.label, .b { fill: #ffffff } tspan { fill: #000000 } .c { fill: #0c0c0c }');
  });

  it(`prints the palest colours as paper and no other fill lighter than the tint floor (${TINT_FLOOR * 100} % black)`, () => {
    expect(greyCss('#fdf6e3', 'value', false).css).toBe('#ffffff');
    const floor = Math.round(255 * (1 - TINT_FLOOR));
    for (const colour of ['#eeeeee', 'lightyellow', 'lavender', '#e0f2fe', 'hsl(200 80% 85%)']) {
      const grey = parseInt(greyCss(colour, 'value', false).css.slice(1, 3), 16);
      expect(grey === 255 || grey <= floor, `${colour}: ${grey}`).toBe(true);
    }
    // Order is kept: a darker colour stays darker.
    const [dark, light] = ['#7c2d12', '#7cc47f'].map((colour) => parseInt(greyCss(colour, 'value', false).css.slice(1, 3), 16));
    expect(dark).toBeLessThan(light!);
  });

  it('says when a colour could not be read: a system colour or a colour space it does not convert', () => {
    expect(greyCss('fill: oklch(0.6 0.2 30)', 'declarationList', false).unread).toBe(true);
    expect(greyCss('fill: LinkText', 'declarationList', false).unread).toBe(true);
    expect(greyCss('fill: rgb(1 2)', 'declarationList', false).unread).toBe(true);
  });
});

describe('cleanSvg with greyscale', () => {
  it('keeps the drawing vector and leaves no colour in it: attributes, style attributes, <style>, gradients', () => {
    const colour = cleanSvg(route, 'route.svg').svg;
    const { svg } = cleanSvg(route, 'route.svg', { greyscale: true });
    expect(colouredHex(colour).length).toBeGreaterThan(5);
    expect(colouredHex(svg)).toEqual([]);
    expect(svg).not.toMatch(/\b(?:red|navy|white)\b|rgb\(|hsl\(/);
    expect(svg).not.toContain('filter');
    expect(svg).toContain('<text x="190" y="64" fill="#000000" font-size="13">Town hall</text>');
    expect(svg).toContain('<text x="40" y="202" fill="#ffffff" font-size="12">River</text>');
    // Without greyscale, nothing changes.
    expect(cleanSvg(route, 'route.svg', { greyscale: false }).svg).toBe(colour);
  });

  it('greys a drawing whole, with a filter, when a colour is not read or a filter may make one', () => {
    for (const inner of ['<rect width="4" height="4" fill="oklch(0.6 0.2 30)"/>', '<filter id="f"><feFlood flood-color="red"/></filter><rect width="4" height="4" filter="url(#f)"/>']) {
      const { svg } = cleanSvg(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4">${inner}</svg>`, 'x.svg', { greyscale: true });
      expect(svg).toMatch(/^<svg [^>]*><filter id="zinepress-grey"><feColorMatrix type="saturate" values="0"\/><\/filter><g filter="url\(#zinepress-grey\)">.*<\/g><\/svg>$/);
    }
  });

  it('cleans the bitmaps it embeds in grey', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#c0392b' } }).png().toBuffer();
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image width="8" height="8" xlink:href="data:image/png;base64,${png.toString('base64')}"/></svg>`;
    const { svg: cleaned } = await cleanSvgWithImages(svg, 'x.svg', { greyscale: true });
    const data = /base64,([^"]+)"/.exec(cleaned)![1]!;
    const pixels = await sharp(Buffer.from(data, 'base64')).removeAlpha().toColourspace('srgb').raw().toBuffer();
    for (let i = 0; i < pixels.length; i += 3) expect([pixels[i + 1], pixels[i + 2]]).toEqual([pixels[i], pixels[i]]);
  });
});

describe('cleanImage with greyscale', () => {
  /** A hazy colour picture: half a pale blue sky, half a dull red, a little noise. */
  async function hazy(): Promise<Buffer> {
    const [width, height] = [200, 100];
    const pixels = Buffer.alloc(width * height * 3);
    for (let i = 0; i < width * height; i++) {
      const sky = i % width < width / 2;
      const noise = (i * 7919) % 11;
      pixels.set(sky ? [170 + noise, 185 + noise, 205 + noise] : [160 + noise, 100 + noise, 95 + noise], i * 3);
    }
    return sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
  }

  it('gives one channel of grey, stretched so the darkest pixels print black and the lightest white', async () => {
    const input = await hazy();
    const colour = await cleanImage(input, { name: 'hazy.jpg' });
    const grey = await cleanImage(input, { name: 'hazy.jpg', greyscale: true });
    expect(grey.mime).toBe('image/jpeg');
    expect((await sharp(grey.bytes).metadata()).channels).toBe(1);
    const [before, after] = await Promise.all([sharp(colour.bytes).greyscale().stats(), sharp(grey.bytes).stats()]);
    expect(after.channels[0]!.min).toBeLessThanOrEqual(8);
    expect(after.channels[0]!.max).toBeGreaterThanOrEqual(247);
    expect(after.channels[0]!.stdev).toBeGreaterThan(2 * before.channels[0]!.stdev);
    // Deterministic, as every cleaned image.
    expect(Buffer.from((await cleanImage(input, { name: 'hazy.jpg', greyscale: true })).bytes).equals(Buffer.from(grey.bytes))).toBe(true);
  });

  it('keeps transparency, and leaves a flat image flat', async () => {
    const logo = await sharp({ create: { width: 20, height: 20, channels: 4, background: { r: 30, g: 90, b: 200, alpha: 0.5 } } }).png().toBuffer();
    const grey = await cleanImage(logo, { name: 'logo.png', greyscale: true });
    expect(grey.mime).toBe('image/png');
    const pixels = await sharp(grey.bytes).ensureAlpha().toColourspace('srgb').raw().toBuffer();
    // One grey, its luma (0.299 × 30 + 0.587 × 90 + 0.114 × 200 = 84.6), not stretched to black or white; half transparent.
    for (let i = 0; i < pixels.length; i += 4) expect([...pixels.subarray(i, i + 4)]).toEqual([85, 85, 85, 128]);
  });
});

describe('compose for the black-and-white rendition', () => {
  it('puts grey images in the bw rendition’s HTML only, cached apart from the colour ones', async () => {
    const contentDir = mkdtempSync(join(tmpdir(), 'zinepress-grey-'));
    cpSync(join(fixtureZines, 'photocopy'), join(contentDir, 'photocopy'), { recursive: true });
    const project = await readProjectSources();
    const cache = composeCache();
    const { zine } = await composeZine(await readZineSources(contentDir, 'photocopy'), project, cache);
    const colourUrls = [...zine!.html.matchAll(/src="(data:[^"]+)"/g)].map((m) => m[1]!);
    expect(colourUrls).toHaveLength(2);
    expect(cache.images.size).toBe(2);

    const bw = await zine!.htmlFor(RENDITIONS.bw);
    const greyUrls = [...bw.matchAll(/src="(data:[^"]+)"/g)].map((m) => m[1]!);
    expect(greyUrls).toHaveLength(2);
    for (const url of colourUrls) expect(bw).not.toContain(url);
    expect(bw).toContain('--accent: #000000');
    // The colour HTML is as it was, and the grey images have cache entries of their own.
    expect(zine!.html).toBe((await composeZine(await readZineSources(contentDir, 'photocopy'), project)).zine!.html);
    expect(cache.images.size).toBe(4);
    const cached = [...cache.images.values()];
    expect(await zine!.htmlFor(RENDITIONS.bw)).toBe(bw);
    expect([...cache.images.values()]).toEqual(cached);
    // A later compose keeps them: they are the zine's.
    await composeZine(await readZineSources(contentDir, 'photocopy'), project, cache);
    expect(cache.images.size).toBe(4);
    // The print rendition is the colour HTML itself.
    expect(await zine!.htmlFor(RENDITIONS.print)).toBe(zine!.html);
  }, 60_000);
});
