import { randomUUID } from 'node:crypto';
import { cleanImage } from './clean.ts';
import { ImageError } from './errors.ts';

export { ImageError };

export type CleanedSvg = {
  svg: string;
  /** What was taken out, for a warning: "<script> element", "onload attribute on <svg>" … */
  removed: string[];
  /** Characters of the zine's font faces added for the drawing's text (not the drawing's own weight); absent when none were. */
  fontChars?: number;
};

/**
 * The font the drawing's text is set in. An SVG shown as an <img> is a document of its own:
 * it sees neither the page's CSS nor its @font-face fonts, so the faces go inside it.
 */
export type DrawingFont = {
  /** A font-family value, e.g. "'Source Serif 4', serif". */
  family: string;
  /** @font-face rules for that family, their fonts as data: URLs. */
  faces: string;
};

/** Options of cleanSvg and cleanSvgWithImages. */
export type CleanSvgOptions = {
  /** Set text in this font (the zine's body font, see drawingFont); without it, text takes the renderer's default. */
  font?: DrawingFont;
};

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';
const MAX_SVG_CHARS = 10_000_000;

/**
 * Static SVG elements. Everything else is dropped with its content: script,
 * foreignObject, animation (it can rewrite href to javascript:), metadata and
 * editor elements (Inkscape's RDF names the author), fonts, cursors, color-profile.
 */
const ALLOWED_ELEMENTS = new Set([
  'svg', 'g', 'defs', 'symbol', 'use', 'switch', 'a', 'title', 'desc', 'style',
  'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon',
  'text', 'tspan', 'textPath', 'image',
  'linearGradient', 'radialGradient', 'stop', 'pattern', 'clipPath', 'mask', 'marker',
  'filter', 'feBlend', 'feColorMatrix', 'feComponentTransfer', 'feComposite',
  'feConvolveMatrix', 'feDiffuseLighting', 'feDisplacementMap', 'feDistantLight',
  'feDropShadow', 'feFlood', 'feFuncA', 'feFuncB', 'feFuncG', 'feFuncR',
  'feGaussianBlur', 'feImage', 'feMerge', 'feMergeNode', 'feMorphology', 'feOffset',
  'fePointLight', 'feSpecularLighting', 'feSpotLight', 'feTile', 'feTurbulence',
]);

/** Prefixed attributes worth keeping; inkscape:, sodipodi: … carry export paths and user names. */
const ALLOWED_PREFIXED = new Set(['xlink:href', 'xml:space', 'xml:lang']);

const EMBEDDED_RASTER = /^data:image\/(png|jpeg|jpg|gif|webp);base64,([a-z0-9+/=\s]*)$/i;

const CSS_WIDE_KEYWORD = /^(?:inherit|initial|unset|revert(?:-layer)?)$/i;
const FONT_SIZE = String.raw`(?:\d*\.?\d+(?:px|pt|pc|em|rem|ex|ch|%|mm|cm|in|q|vh|vw|vmin|vmax)|xx-small|x-small|small|medium|large|x-large|xx-large|xxx-large|larger|smaller)`;
/** The `font` shorthand: [style variant weight stretch] size[/line-height] family. */
const FONT_SHORTHAND = new RegExp(String.raw`^((?:.*\s)?${FONT_SIZE}(?:\s*\/\s*\S+)?)\s+(\S.*)$`, 'i');

/** What becomes of the drawing's own fonts: every family it names is dropped (noted in `dropped`), `font` shorthands get `family`. */
type FontPolicy = { family: string; dropped: Set<string> };

type Attribute = { name: string; value: string };

type Embedded = { element: string; data: string };

/**
 * Sanitises an SVG drawing with an allowlist, keeping it vector. Refuses DTDs
 * (entities: XXE, billion laughs) and malformed XML. Embedded bitmaps are removed
 * because they may carry EXIF/GPS; use cleanSvgWithImages to keep them, re-encoded.
 */
export function cleanSvg(text: string, name: string, options: CleanSvgOptions = {}): CleanedSvg {
  return sanitise(text, name, () => undefined, options);
}

/** Like cleanSvg, but keeps embedded data:image bitmaps after passing them through cleanImage. */
export async function cleanSvgWithImages(text: string, name: string, options: CleanSvgOptions = {}): Promise<CleanedSvg> {
  const embedded: Embedded[] = [];
  // A random marker, so a hostile file cannot forge a placeholder of its own.
  const marker = `zinepress-embedded-${randomUUID()}`;
  const placeholder = (item: Embedded) => {
    embedded.push(item);
    return `${marker}:${embedded.length - 1}`;
  };
  const result = sanitise(text, name, placeholder, options);
  const replacements: string[] = [];
  for (const [index, item] of embedded.entries()) {
    const cleaned = await cleanImage(Buffer.from(item.data, 'base64'), { name: `${name} (embedded image ${index + 1})` });
    replacements.push(`data:${cleaned.mime};base64,${Buffer.from(cleaned.bytes).toString('base64')}`);
  }
  let svg = result.svg;
  for (const [index, replacement] of replacements.entries()) {
    svg = svg.replace(`"${marker}:${index}"`, () => `"${replacement}"`);
  }
  return { ...result, svg };
}

/**
 * The zine's body font for drawings, from the zine's whole stylesheet: the last
 * --font-body value and the @font-face rules of its families; undefined if it has none.
 */
export function drawingFont(css: string): DrawingFont | undefined {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, ' ');
  const family = [...text.matchAll(/--font-body\s*:\s*([^;{}]+)/g)].at(-1)?.[1]?.trim();
  if (!family) return undefined;
  const key = (name: string) => familyName(name).toLowerCase();
  const families = new Set(family.split(',').map(key));
  const faces = [...text.matchAll(/@font-face\s*\{[^}]*\}/g)]
    .map((match) => match[0])
    .filter((face) => families.has(key(/font-family\s*:\s*([^;}]+)/.exec(face)?.[1] ?? '')));
  return faces.length > 0 ? { family, faces: faces.join('\n') } : undefined;
}

function sanitise(text: string, name: string, keepEmbedded: (item: Embedded) => string | undefined, { font }: CleanSvgOptions): CleanedSvg {
  const fail = (reason: string, hint = 'open it in a vector editor (Inkscape) and save it again as plain SVG'): never => {
    throw new ImageError(`${name}: ${reason}`, { file: name, hint });
  };
  if (text.length > MAX_SVG_CHARS) fail('the drawing is larger than 10 MB');
  const source = text.replace(/^\uFEFF/, '');
  const control = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.exec(source);
  if (control) fail(`control character U+${control[0].charCodeAt(0).toString(16).padStart(4, '0')} is not allowed in XML`);

  const removed: string[] = [];
  const report = (what: string) => {
    if (!removed.includes(what)) removed.push(what);
  };
  let out = '';
  const open: string[] = []; // every open element, kept or not, to check nesting
  let skipDepth = 0; // > 0 while inside a dropped element
  let rootSeen = false;
  let rootClosed = false;
  let inStyle = false;
  let styleText = '';
  let hasText = false;
  // Named fonts are this computer's (Chromium would embed DejaVu Sans …): text takes `font` instead.
  const fonts: FontPolicy = { family: font?.family ?? 'serif', dropped: new Set() };
  let i = 0;

  const lineAt = (index: number) => source.slice(0, index).split('\n').length;
  const expectEnd = (marker: string, from: number, what: string): number => {
    const end = source.indexOf(marker, from);
    if (end < 0) fail(`unterminated ${what} (line ${lineAt(from)})`);
    return end;
  };

  while (i < source.length) {
    if (source.startsWith('<!--', i)) {
      const end = expectEnd('-->', i + 4, 'comment');
      report('comments');
      i = end + 3;
    } else if (source.startsWith('<![CDATA[', i)) {
      const end = expectEnd(']]>', i + 9, 'CDATA section');
      const content = source.slice(i + 9, end);
      if (open.length === 0 && content.trim() !== '') fail('text outside the <svg> element');
      if (skipDepth === 0) {
        if (inStyle) styleText += content;
        else out += escapeText(content);
      }
      i = end + 3;
    } else if (source.startsWith('<!', i)) {
      if (!/^<!DOCTYPE\s/.test(source.slice(i, i + 10))) fail(`unexpected markup "${source.slice(i, i + 12)}" (line ${lineAt(i)})`);
      const end = expectEnd('>', i, 'DOCTYPE');
      if (source.slice(i, end).includes('[') || /<!ENTITY/i.test(source)) {
        fail('the file declares XML entities (<!DOCTYPE … [ <!ENTITY …]>), which can read files or explode in size', 'remove the <!DOCTYPE …> block; drawing programs do not need it');
      }
      report('DOCTYPE');
      i = end + 1;
    } else if (source.startsWith('<?', i)) {
      const end = expectEnd('?>', i + 2, 'processing instruction');
      const target = /^<\?([^\s?]+)/.exec(source.slice(i, end))?.[1] ?? '';
      if (target !== 'xml') report(`<?${target}?> processing instruction`);
      i = end + 2;
    } else if (source.startsWith('</', i)) {
      const end = expectEnd('>', i, 'end tag');
      const tag = source.slice(i + 2, end).trim();
      const expected = open.pop();
      if (tag !== expected) fail(`</${tag}> does not close <${expected ?? 'nothing'}> (line ${lineAt(i)})`);
      if (skipDepth > 0) {
        skipDepth--;
      } else {
        if (tag === 'style') {
          out += escapeText(cleanCss(styleText, report, fonts));
          inStyle = false;
        }
        out += `</${tag}>`;
      }
      if (open.length === 0) rootClosed = true;
      i = end + 1;
    } else if (source[i] === '<') {
      const tag = parseStartTag(source, i, fail, lineAt);
      if (open.length === 0) {
        if (rootSeen || rootClosed) fail('more than one root element');
        if (tag.name !== 'svg') fail(`the root element is <${tag.name}>, not <svg>`);
        rootSeen = true;
      }
      const isRoot = open.length === 0;
      if (skipDepth > 0) {
        if (!tag.selfClosing) skipDepth++;
      } else if (!ALLOWED_ELEMENTS.has(tag.name) || inStyle) {
        report(`<${tag.name}> element`);
        if (!tag.selfClosing) skipDepth = 1;
      } else {
        const attributes = cleanAttributes(tag.name, tag.attributes, report, keepEmbedded, fonts);
        if (tag.name === 'text' || tag.name === 'textPath' || tag.name === 'tspan') hasText = true;
        if (isRoot) {
          attributes.unshift({ name: 'xmlns', value: SVG_NS }, { name: 'xmlns:xlink', value: XLINK_NS });
        }
        out += `<${tag.name}${attributes.map((a) => ` ${a.name}="${escapeAttribute(a.value)}"`).join('')}${tag.selfClosing ? '/>' : '>'}`;
        if (tag.name === 'style' && !tag.selfClosing) {
          inStyle = true;
          styleText = '';
        }
      }
      if (!tag.selfClosing) open.push(tag.name);
      else if (isRoot) rootClosed = true;
      i = tag.end;
    } else {
      const next = source.indexOf('<', i);
      const end = next < 0 ? source.length : next;
      const content = decodeEntities(source.slice(i, end), () => fail(`unknown or broken entity reference (line ${lineAt(i)})`));
      if (open.length === 0) {
        if (content.trim() !== '') fail(`text outside the <svg> element (line ${lineAt(i)})`);
      } else if (skipDepth === 0) {
        if (inStyle) styleText += content;
        else out += escapeText(content);
      }
      i = end;
    }
  }
  if (!rootSeen) fail('no <svg> element found');
  if (open.length > 0) fail(`<${open[open.length - 1]}> is never closed`);
  if (fonts.dropped.size > 0) {
    removed.push(`font-family ${[...fonts.dropped].join(' / ')} (the text is set in ${font ? "the zine's body font" : 'the default font'})`);
  }
  if (font && hasText) {
    // First in the drawing; !important outranks whatever the drawing's own style says.
    const style = `<style>${escapeText(`${font.faces}\n* { font-family: ${font.family} !important; }`)}</style>`;
    return { svg: out.replace(/^<svg\b[^>]*>/, (root) => root + style), removed, fontChars: style.length };
  }
  return { svg: out, removed };
}

function parseStartTag(
  source: string,
  start: number,
  fail: (reason: string) => never,
  lineAt: (index: number) => number,
): { name: string; attributes: Attribute[]; selfClosing: boolean; end: number } {
  const nameMatch = /^<([A-Za-z_][\w.:-]*)/.exec(source.slice(start, start + 200));
  if (!nameMatch) fail(`malformed tag (line ${lineAt(start)})`);
  const name = nameMatch![1]!;
  const attributes: Attribute[] = [];
  let i = start + nameMatch![0].length;
  for (;;) {
    const spaceStart = i;
    while (i < source.length && /\s/.test(source[i]!)) i++;
    if (source.startsWith('/>', i)) return { name, attributes, selfClosing: true, end: i + 2 };
    if (source[i] === '>') return { name, attributes, selfClosing: false, end: i + 1 };
    if (i === spaceStart) fail(`malformed <${name}> tag (line ${lineAt(start)})`);
    const attrMatch = /^([A-Za-z_][\w.:-]*)\s*=\s*(["'])/.exec(source.slice(i, i + 300));
    if (!attrMatch) fail(`malformed attribute in <${name}> (line ${lineAt(i)})`);
    const attrName = attrMatch![1]!;
    const quote = attrMatch![2]!;
    const valueStart = i + attrMatch![0].length;
    const valueEnd = source.indexOf(quote, valueStart);
    if (valueEnd < 0) fail(`unterminated attribute value in <${name}> (line ${lineAt(i)})`);
    const rawValue = source.slice(valueStart, valueEnd);
    if (rawValue.includes('<')) fail(`"<" inside an attribute value of <${name}> (line ${lineAt(i)})`);
    if (attributes.some((a) => a.name === attrName)) fail(`duplicate attribute ${attrName} on <${name}> (line ${lineAt(i)})`);
    const value = decodeEntities(rawValue, () => fail(`unknown or broken entity reference (line ${lineAt(i)})`));
    attributes.push({ name: attrName, value });
    i = valueEnd + 1;
  }
}

function cleanAttributes(
  element: string,
  attributes: Attribute[],
  report: (what: string) => void,
  keepEmbedded: (item: Embedded) => string | undefined,
  fonts: FontPolicy,
): Attribute[] {
  const kept: Attribute[] = [];
  for (const { name, value } of attributes) {
    const lower = name.toLowerCase();
    // Scheme checks ignore the whitespace and control characters browsers skip.
    const squashed = value.replace(/[\s\u0000-\u001f]+/g, '').toLowerCase();
    if (lower.startsWith('on')) {
      report(`${name} attribute on <${element}>`);
    } else if (lower === 'xmlns' || lower.startsWith('xmlns:')) {
      // The root gets the two namespaces it needs; others belong to editors.
    } else if (name.includes(':') && !ALLOWED_PREFIXED.has(name)) {
      report(`${name.split(':')[0]}:* attributes`);
    } else if (/(?:java|vb)script:/.test(squashed) || squashed.startsWith('data:text/html')) {
      report(`script URL in ${name} on <${element}>`);
    } else if (lower === 'href' || lower === 'xlink:href') {
      const target = value.trim();
      const raster = EMBEDDED_RASTER.exec(target);
      if (/^#[^\s]*$/.test(target)) {
        kept.push({ name, value: target });
      } else if (raster) {
        const placeholder = keepEmbedded({ element, data: raster[2]!.replace(/\s+/g, '') });
        if (placeholder === undefined) report(`embedded image on <${element}> (may carry EXIF/GPS; use cleanSvgWithImages)`);
        else kept.push({ name, value: placeholder });
      } else {
        report(`external reference ${name}="${target.length > 60 ? `${target.slice(0, 57)}…` : target}" on <${element}>`);
      }
    } else if (lower === 'font-family') {
      noteDroppedFamilies(value, fonts);
    } else if (lower === 'style' || /url\s*\(/i.test(value) || /@import|image-set|\\/i.test(value)) {
      const css = cleanCss(value, report, fonts);
      if (css.trim() !== '') kept.push({ name, value: css });
    } else {
      kept.push({ name, value });
    }
  }
  return kept;
}

/**
 * Keeps CSS that cannot fetch anything: @import rules go, url() must point at
 * #id, and anything we cannot read with certainty (escapes, image-set(), src())
 * drops the whole block.
 */
function cleanCss(css: string, report: (what: string) => void, fonts: FontPolicy): string {
  let text = css.replace(/\/\*[\s\S]*?(\*\/|$)/g, ' ');
  if (text.includes('\\')) {
    report('CSS with backslash escapes');
    return '';
  }
  if (/(?:^|[^\w-])(?:-webkit-)?(?:image-set|image|src|cross-fade|element|expression)\s*\(|-moz-binding|behavior\s*:/i.test(text)) {
    report('CSS that can load resources (image-set(), src() …)');
    return '';
  }
  text = text.replace(/@import\b(?:"[^"]*"|'[^']*'|[^;"'])*;?/gi, () => {
    report('CSS @import');
    return '';
  });
  text = dropFonts(text, report, fonts);
  let result = '';
  let i = 0;
  const urlPattern = /url\s*\(/gi;
  for (let match = urlPattern.exec(text); match; match = urlPattern.exec(text)) {
    result += text.slice(i, match.index);
    const parsed = /^url\s*\(\s*(?:"([^"]*)"|'([^']*)'|([^\s"'()]*))\s*\)/i.exec(text.slice(match.index));
    if (!parsed) {
      report('malformed CSS url()');
      return '';
    }
    const target = (parsed[1] ?? parsed[2] ?? parsed[3] ?? '').trim();
    if (/^#[\w.:-]+$/.test(target)) {
      result += `url(#${target.slice(1)})`;
    } else {
      report(`CSS url(${target.length > 60 ? `${target.slice(0, 57)}…` : target})`);
      result += 'none';
    }
    i = match.index + parsed[0].length;
    urlPattern.lastIndex = i;
  }
  return result + text.slice(i);
}

/** Removes @font-face rules and font-family declarations, and gives `font` shorthands the policy's family. */
function dropFonts(css: string, report: (what: string) => void, fonts: FontPolicy): string {
  const text = css.replace(/@font-face\s*\{[^}]*\}?/gi, () => {
    report('CSS @font-face');
    return '';
  });
  // Only declarations: after {, ; or the start of a style attribute (not ".font:hover").
  return text.replace(/(?<=^|[{;])(\s*)font(-family)?\s*:\s*([^;{}]*)(;?)/gi, (whole, space: string, family: string | undefined, raw: string, semicolon: string) => {
    const value = raw.replace(/\s*!\s*important\s*$/i, '').trim();
    if (family) {
      noteDroppedFamilies(value, fonts);
      return '';
    }
    if (CSS_WIDE_KEYWORD.test(value)) return whole;
    const shorthand = FONT_SHORTHAND.exec(value);
    // Without a size it is a system font keyword (caption, menu …): the whole declaration goes.
    noteDroppedFamilies(shorthand ? shorthand[2]! : value, fonts);
    return shorthand ? `${space}font: ${shorthand[1]} ${fonts.family}${semicolon}` : '';
  });
}

/** Notes the families of a font-family value as dropped; the policy's own family and CSS-wide keywords are not fonts of this computer. */
function noteDroppedFamilies(value: string, fonts: FontPolicy): void {
  if (value.trim() === fonts.family) return;
  for (const family of value.split(',')) {
    const name = familyName(family);
    if (name !== '' && !CSS_WIDE_KEYWORD.test(name)) fonts.dropped.add(name);
  }
}

/** One family of a font-family list, unquoted: ` 'DejaVu Sans' ` → `DejaVu Sans`. */
function familyName(family: string): string {
  return family.trim().replace(/^(["'])(.*)\1$/, '$2').trim();
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string, fail: () => never): string {
  return text.replace(/&([^;&\s]*);?/g, (whole, body: string) => {
    if (!whole.endsWith(';')) fail();
    const named = NAMED_ENTITIES[body];
    if (named !== undefined) return named;
    const numeric = /^#(?:x([0-9a-f]{1,6})|([0-9]{1,7}))$/i.exec(body);
    if (!numeric) fail();
    const code = numeric![1] !== undefined ? parseInt(numeric![1], 16) : Number(numeric![2]);
    if ((code < 0x20 && code !== 0x9 && code !== 0xa && code !== 0xd) || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) fail();
    return String.fromCodePoint(code);
  });
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}
