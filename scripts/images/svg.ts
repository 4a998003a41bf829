import { randomUUID } from 'node:crypto';
import { parse, tokenize, tokenTypes, walk, type CssNode, type Declaration } from 'css-tree';
import { SaxesParser } from 'saxes';
import { cleanImage } from './clean.ts';
import { imageError } from './errors.ts';
import { greyCss } from './grey.ts';

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
  /**
   * Every colour grey, for the black-and-white rendition: the drawing stays vector, each
   * colour written again as its grey (scripts/images/grey.ts), embedded bitmaps cleaned
   * in grey. A drawing with a filter or a colour not read is turned grey whole by a filter.
   */
  greyscale?: boolean;
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

/** The attributes that hold a colour (presentation attributes, read as CSS). */
const COLOUR_ATTRIBUTES = new Set(['fill', 'stroke', 'stop-color', 'flood-color', 'lighting-color', 'color']);

/** The elements whose colours are text's, black or white in grey. */
const TEXT_ELEMENTS = new Set(['text', 'tspan', 'textPath']);

/** The filter that turns a whole drawing grey when its colours cannot all be read one by one. */
const GREY_FILTER_ID = 'zinepress-grey';

/** Prefixed attributes worth keeping; inkscape:, sodipodi: … carry export paths and user names. */
const ALLOWED_PREFIXED = new Set(['xlink:href', 'xml:space', 'xml:lang']);

const EMBEDDED_RASTER = /^data:image\/(png|jpeg|jpg|gif|webp);base64,([a-z0-9+/=\s]*)$/i;

const CSS_WIDE_KEYWORD = /^(?:inherit|initial|unset|revert(?:-layer)?)$/i;
const FONT_SIZE_KEYWORDS = new Set(['xx-small', 'x-small', 'small', 'medium', 'large', 'x-large', 'xx-large', 'xxx-large', 'larger', 'smaller']);
const LENGTH_UNITS = new Set(['px', 'pt', 'pc', 'em', 'rem', 'ex', 'ch', 'mm', 'cm', 'in', 'q', 'vh', 'vw', 'vmin', 'vmax']);
/** CSS functions that fetch or run something (after any -webkit-, -moz- … prefix). */
const LOADING_FUNCTIONS = new Set(['image-set', 'image', 'src', 'cross-fade', 'element', 'expression']);
/** Attribute values read as CSS (presentation attributes, fill="url(#g)"), besides style. */
const MAY_BE_CSS_WITH_RESOURCES = new RegExp(String.raw`url\s*\(|@import|\\|(?:${[...LOADING_FUNCTIONS].join('|')})\s*\(`, 'i');
/** Nested rules css-tree leaves unread (Raw) are read again, this deep at most. */
const MAX_CSS_NESTING = 8;

const REDRAW_HINT = 'open it in a vector editor (Inkscape) and save it again as plain SVG';

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
    const cleaned = await cleanImage(Buffer.from(item.data, 'base64'), { name: `${name} (embedded image ${index + 1})`, greyscale: options.greyscale });
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
  // Values stay unparsed (Raw): only their text is needed, and the fonts' data: URLs are large.
  const ast = parse(css, { positions: true, parseValue: false, parseAtrulePrelude: false, parseRulePrelude: false, onParseError: () => {} });
  let family: string | undefined;
  const faces: { text: string; family: string }[] = [];
  walk(ast, (node) => {
    if (node.type === 'Atrule' && node.name.toLowerCase() === 'font-face') {
      let faceFamily = '';
      walk(node, (inner) => {
        if (inner.type === 'Declaration' && inner.property.toLowerCase() === 'font-family') faceFamily = sourceOf(css, inner.value);
      });
      faces.push({ text: sourceOf(css, node), family: faceFamily });
      return walk.skip;
    }
    if (node.type === 'Declaration' && node.property === '--font-body') family = sourceOf(css, node.value).trim();
    return undefined;
  });
  if (!family) return undefined;
  const key = (name: string) => familyName(name).toLowerCase();
  const families = new Set(family.split(',').map(key));
  const kept = faces.filter((face) => families.has(key(face.family))).map((face) => face.text);
  return kept.length > 0 ? { family, faces: kept.join('\n') } : undefined;
}

/** What turning a drawing grey found: whether some colour could not be read (or a filter may make one). */
type Greying = { whole: boolean };

function sanitise(text: string, name: string, keepEmbedded: (item: Embedded) => string | undefined, { font, greyscale }: CleanSvgOptions): CleanedSvg {
  const fail = (reason: string, hint = REDRAW_HINT): never => {
    throw imageError(`${name}: ${reason}`, { file: name, hint });
  };
  if (text.length > MAX_SVG_CHARS) fail('the drawing is larger than 10 MB');
  const source = text.replace(/^\uFEFF/, '');
  // saxes refuses these too; checked first for a message that names the character.
  const control = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.exec(source);
  if (control) {
    fail(`control character U+${control[0].charCodeAt(0).toString(16).padStart(4, '0')} is not allowed in XML (line ${lineAt(source, control.index)})`);
  }

  const removed: string[] = [];
  const report = (what: string) => {
    if (!removed.includes(what)) removed.push(what);
  };
  let out = '';
  const open: string[] = []; // every open element, kept or not
  let lastClosed = ''; // for the message when an end tag closes the wrong element
  let skipDepth = 0; // > 0 while inside a dropped element
  let inStyle = false;
  let styleText = '';
  let hasText = false;
  // Named fonts are this computer's (Chromium would embed DejaVu Sans …): text takes `font` instead.
  const fonts: FontPolicy = { family: font?.family ?? 'serif', dropped: new Set() };
  const grey: Greying | undefined = greyscale ? { whole: false } : undefined;

  // XML 1.0 whatever the declaration says: 1.1 would allow &#1; and other control characters.
  // saxes expands only the five predefined and numeric references: it never reads a DTD, so
  // declared entities are never expanded (billion laughs) nor external ones fetched (XXE).
  // Without namespaces (xmlns: false) names are matched as written: editors leave prefixes
  // such as sodipodi: undeclared, and the output declares the only two namespaces it uses.
  const parser = new SaxesParser({ xmlns: false, defaultXMLVersion: '1.0', forceXMLVersion: true });
  const addText = (content: string) => {
    if (open.length === 0 || skipDepth > 0) return;
    if (inStyle) styleText += content;
    else out += escapeText(content);
  };
  parser.on('error', (error) => {
    const { reason, hint } = describeXmlError(error.message, source, parser, lastClosed);
    fail(reason, hint);
  });
  parser.on('doctype', (doctype) => {
    if (doctype.includes('[')) {
      fail('the file declares XML entities (<!DOCTYPE … [ <!ENTITY …]>), which can read files or explode in size', 'remove the <!DOCTYPE …> block; drawing programs do not need it');
    }
    report('DOCTYPE');
  });
  // The XML declaration is its own event (xmldecl) and simply not repeated.
  parser.on('processinginstruction', ({ target }) => report(`<?${target}?> processing instruction`));
  parser.on('comment', () => report('comments'));
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('opentag', (tag) => {
    const isRoot = open.length === 0;
    if (isRoot && tag.name !== 'svg') fail(`the root element is <${tag.name}>, not <svg>`);
    open.push(tag.name);
    if (skipDepth > 0) {
      skipDepth++;
    } else if (!ALLOWED_ELEMENTS.has(tag.name) || inStyle) {
      report(`<${tag.name}> element`);
      skipDepth = 1;
    } else {
      const attributes = cleanAttributes(tag.name, Object.entries(tag.attributes).map(([key, value]) => ({ name: key, value })), report, keepEmbedded, fonts, grey);
      // A filter can make colours of its own (feFlood, feColorMatrix, feTurbulence …).
      if (grey && (tag.name === 'filter' || tag.name.startsWith('fe'))) grey.whole = true;
      if (tag.name === 'text' || tag.name === 'textPath' || tag.name === 'tspan') hasText = true;
      if (isRoot) attributes.unshift({ name: 'xmlns', value: SVG_NS }, { name: 'xmlns:xlink', value: XLINK_NS });
      out += `<${tag.name}${attributes.map((a) => ` ${a.name}="${escapeAttribute(a.value)}"`).join('')}${tag.isSelfClosing ? '/>' : '>'}`;
      if (tag.name === 'style' && !tag.isSelfClosing) {
        inStyle = true;
        styleText = '';
      }
    }
  });
  parser.on('closetag', (tag) => {
    lastClosed = open.pop() ?? '';
    if (skipDepth > 0) {
      skipDepth--;
    } else if (!tag.isSelfClosing) {
      if (tag.name === 'style') {
        out += escapeText(greyed(cleanCss(styleText, 'stylesheet', report, fonts), 'stylesheet', false, grey));
        inStyle = false;
      }
      out += `</${tag.name}>`;
    }
  });
  parser.write(source).close();

  if (fonts.dropped.size > 0) {
    removed.push(`font-family ${[...fonts.dropped].join(' / ')} (the text is set in ${font ? "the zine's body font" : 'the default font'})`);
  }
  if (grey?.whole) out = greyWhole(out);
  if (font && hasText) {
    // First in the drawing; !important outranks whatever the drawing's own style says.
    const style = `<style>${escapeText(`${font.faces}\n* { font-family: ${font.family} !important; }`)}</style>`;
    return { svg: out.replace(/^<svg\b[^>]*>/, (root) => root + style), removed, fontChars: style.length };
  }
  return { svg: out, removed };
}

/** CSS with its colours grey when the drawing is turned grey; a colour not read turns the whole drawing grey. */
function greyed(css: string, context: 'stylesheet' | 'declarationList' | 'value', text: boolean, grey: Greying | undefined): string {
  if (!grey || css.trim() === '') return css;
  const result = greyCss(css, context, text);
  if (result.unread) grey.whole = true;
  return result.css;
}

/**
 * The drawing's content inside a group whose filter drops every colour: for a drawing
 * whose colours could not all be read. Chromium prints a filtered group as an image
 * (300 dpi), so this is the fallback; a drawing of plain colours stays vector.
 */
function greyWhole(svg: string): string {
  const root = /^<svg\b[^>]*>/.exec(svg);
  if (!root || root[0].endsWith('/>')) return svg;
  const filter = `<filter id="${GREY_FILTER_ID}"><feColorMatrix type="saturate" values="0"/></filter>`;
  return `${root[0]}${filter}<g filter="url(#${GREY_FILTER_ID})">${svg.slice(root[0].length, -'</svg>'.length)}</g></svg>`;
}

/** A saxes error message as a sentence for the author, with the line and what to do. */
function describeXmlError(raw: string, source: string, parser: SaxesParser, lastClosed: string): { reason: string; hint?: string } {
  const message = raw.replace(/^\d+:\d+: /, ''); // saxes puts the position first
  const at = `line ${parser.line}, column ${parser.column + 1}`;
  const entityHint = 'write a lone & as &amp;, and type characters such as é or a non-breaking space as they are (XML has no &nbsp; or &eacute;)';
  // saxes reads from "&" up to the next ";", so a bare "&" shows up later as some other error.
  const ampersand = bareAmpersand(source);
  if (ampersand >= 0 && ampersand < parser.position) {
    return { reason: `a "&" that starts no entity reference (line ${lineAt(source, ampersand)})`, hint: entityHint };
  }
  if (/^undefined entity/.test(message)) return { reason: `unknown entity reference (${at})`, hint: entityHint };
  if (/entity/.test(message)) return { reason: `broken entity reference (${at})`, hint: entityHint };
  const unclosed = /^unclosed tag: (.+)$/.exec(message);
  if (unclosed || /^unexpected end/.test(message)) {
    // At the end of the file: a comment or CDATA section that never ends swallowed the rest.
    for (const [start, end, what] of [['<!--', '-->', 'comment'], ['<![CDATA[', ']]>', 'CDATA section'], ['<?', '?>', 'processing instruction']] as const) {
      const opened = source.lastIndexOf(start);
      if (opened >= 0 && source.indexOf(end, opened + start.length) < 0) return { reason: `unterminated ${what} (line ${lineAt(source, opened)})` };
    }
    return { reason: unclosed ? `<${unclosed[1]}> is never closed` : 'the file ends inside a tag' };
  }
  if (/^unexpected close tag/.test(message)) {
    const written = /<\/\s*([^\s>]*)\s*>$/.exec(source.slice(0, parser.position))?.[1] ?? '…';
    return { reason: `</${written}> does not close <${lastClosed || 'nothing'}> (${at})` };
  }
  const duplicate = /^duplicate attribute: (.+?)\.?$/.exec(message);
  if (duplicate) return { reason: `duplicate attribute ${duplicate[1]} (${at})` };
  if (/unquoted attribute value|attribute without value|no whitespace between attributes/.test(message)) {
    return { reason: `malformed attribute (${at}): write it as name="value"` };
  }
  if (/only one root/.test(message)) return { reason: 'more than one root element' };
  if (/must contain a root element/.test(message)) return { reason: 'no <svg> element found' };
  if (/text data outside of root node/.test(message)) return { reason: `text outside the <svg> element (${at})` };
  if (/^disallowed character/.test(message)) {
    const character = source[parser.position - 1] ?? '';
    return { reason: `${JSON.stringify(character)} is not allowed here (${at})${character === '<' ? '; in text and attribute values write &lt; for "<"' : ''}` };
  }
  return { reason: `malformed XML (${at}): ${message.replace(/\.$/, '')}` };
}

/** Index of the first "&" outside comments, CDATA sections and processing instructions that starts no reference; -1 if none. */
function bareAmpersand(source: string): number {
  const pattern = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|&(?!(?:[A-Za-z_:][\w.:-]*|#[0-9]+|#x[0-9a-fA-F]+);)/g;
  for (let match = pattern.exec(source); match; match = pattern.exec(source)) {
    if (match[0] === '&') return match.index;
  }
  return -1;
}

function lineAt(source: string, index: number): number {
  return source.slice(0, index).split('\n').length;
}

function cleanAttributes(
  element: string,
  attributes: Attribute[],
  report: (what: string) => void,
  keepEmbedded: (item: Embedded) => string | undefined,
  fonts: FontPolicy,
  grey?: Greying,
): Attribute[] {
  const text = TEXT_ELEMENTS.has(element);
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
    } else if (lower === 'style' || MAY_BE_CSS_WITH_RESOURCES.test(value)) {
      const context = lower === 'style' ? 'declarationList' : 'value';
      const css = cleanCss(value, context, report, fonts);
      if (css.trim() !== '') kept.push({ name, value: lower === 'style' || COLOUR_ATTRIBUTES.has(lower) ? greyed(css, context, text, grey) : css });
    } else {
      kept.push({ name, value: COLOUR_ATTRIBUTES.has(lower) ? greyed(value, 'value', text, grey) : value });
    }
  }
  return kept;
}

/**
 * Keeps CSS that cannot fetch anything: @import rules go, url() must point at
 * #id, and anything we cannot read with certainty (escapes, image-set(), src())
 * drops the whole block. `context` is what the text is: a <style> element, a
 * style attribute, or a presentation attribute's value (fill="url(#g)").
 */
function cleanCss(css: string, context: 'stylesheet' | 'declarationList' | 'value', report: (what: string) => void, fonts: FontPolicy): string {
  // Browsers decode escapes before they look for url(, but css-tree's tokenizer sees
  // "u\72l(" as a function of its own: rather than trust either reading, refuse.
  if (css.includes('\\')) {
    report('CSS with backslash escapes');
    return '';
  }
  return cleanTokens(context === 'value' ? css : dropRules(css, context, report, fonts, 0), report);
}

type Edit = { start: number; end: number; text: string };

/** Removes @import and @font-face rules and font-family declarations, and gives `font` shorthands the policy's family. */
function dropRules(css: string, context: 'stylesheet' | 'declarationList', report: (what: string) => void, fonts: FontPolicy, depth: number): string {
  const ast = parse(css, { context, positions: true, parseCustomProperty: true, onParseError: () => {} });
  const edits: Edit[] = [];
  walk(ast, (node) => {
    if (node.type === 'Atrule' && /^(?:import|font-face)$/i.test(node.name)) {
      report(`CSS @${node.name.toLowerCase()}`);
      edits.push({ ...span(node), text: '' });
      return walk.skip;
    }
    if (node.type === 'Declaration') {
      const edit = fontEdit(node, css, fonts);
      if (edit) edits.push(edit);
      return walk.skip;
    }
    if (node.type === 'Raw' && node.value.includes('{') && depth < MAX_CSS_NESTING) {
      // css-tree reads only &-prefixed nested rules; browsers also read "a { b { … } }".
      const cleaned = dropRules(node.value, 'stylesheet', report, fonts, depth + 1);
      if (cleaned !== node.value) edits.push({ ...span(node), text: cleaned });
    }
    return undefined;
  });
  return applyEdits(css, edits);
}

/** The edit a font or font-family declaration needs; undefined for other declarations and CSS-wide keywords. */
function fontEdit(node: Declaration, css: string, fonts: FontPolicy): Edit | undefined {
  const property = node.property.toLowerCase();
  if (property !== 'font' && property !== 'font-family') return undefined;
  const value = sourceOf(css, node.value).trim();
  // The whole declaration, with the space before it and its ";".
  let { start, end } = span(node);
  while (start > 0 && /\s/.test(css[start - 1]!)) start--;
  const semicolon = /^\s*;/.exec(css.slice(end));
  if (semicolon) end += semicolon[0].length;
  const removal = { start, end, text: '' };
  if (property === 'font-family') {
    noteDroppedFamilies(value, fonts);
    return removal;
  }
  if (CSS_WIDE_KEYWORD.test(value)) return undefined;
  const parts = node.value.type === 'Value' ? node.value.children.toArray() : [];
  const size = parts.findIndex(isFontSize);
  let first = size + 1;
  if (size >= 0 && parts[first]?.type === 'Operator' && (parts[first] as { value: string }).value === '/') first += 2; // a line height
  const family = parts.slice(first);
  if (size < 0 || family.length === 0) {
    // Without a size it is a system font keyword (caption, menu …): the whole declaration goes.
    noteDroppedFamilies(value, fonts);
    return removal;
  }
  noteDroppedFamilies(css.slice(span(family[0]!).start, span(family.at(-1)!).end), fonts);
  // To the end of the declaration, so the space before "}" goes too.
  const important = css.slice(span(node.value).end, span(node).end).trim(); // "!important" or nothing
  return { start: span(family[0]!).start, end: span(node).end, text: important ? `${fonts.family} ${important}` : fonts.family };
}

function isFontSize(node: CssNode): boolean {
  if (node.type === 'Dimension') return LENGTH_UNITS.has(node.unit.toLowerCase());
  if (node.type === 'Percentage') return true;
  return node.type === 'Identifier' && FONT_SIZE_KEYWORDS.has(node.name.toLowerCase());
}

/**
 * Reads the CSS token by token, as a browser does: comments go, every url() either
 * points at #id or becomes `none`, and a malformed url(), a resource-loading function
 * or an @import left over (one css-tree could not place in a rule) drops the whole block.
 */
function cleanTokens(css: string, report: (what: string) => void): string {
  const tokens: { type: number; text: string }[] = [];
  tokenize(css, (type, start, end) => tokens.push({ type, text: css.slice(start, end) }));
  let out = '';
  for (let index = 0; index < tokens.length; index++) {
    const { type, text } = tokens[index]!;
    if (type === tokenTypes.Comment) {
      out += ' ';
    } else if (type === tokenTypes.BadUrl) {
      report('malformed CSS url()');
      return '';
    } else if (type === tokenTypes.AtKeyword && text.toLowerCase() === '@import') {
      report('CSS @import');
      return '';
    } else if (type === tokenTypes.Url) {
      // url( is four characters (no escapes reach here); the ")" is missing at the end of the text.
      out += cssUrl(text.slice(4).replace(/\)$/, '').trim(), report);
    } else if (type === tokenTypes.Function) {
      const name = text.slice(0, -1).toLowerCase();
      if (name === 'url') {
        // The quoted form: url( then a string, optionally wrapped in whitespace, then ).
        let next = index + 1;
        if (tokens[next]?.type === tokenTypes.WhiteSpace) next++;
        const quoted = tokens[next];
        if (quoted?.type !== tokenTypes.String) {
          report('malformed CSS url()');
          return '';
        }
        next++;
        if (tokens[next]?.type === tokenTypes.WhiteSpace) next++;
        if (tokens[next] !== undefined && tokens[next]!.type !== tokenTypes.RightParenthesis) {
          report('malformed CSS url()');
          return '';
        }
        out += cssUrl(quoted.text.slice(1).replace(new RegExp(`${quoted.text[0]}$`), '').trim(), report);
        index = next;
      } else if (LOADING_FUNCTIONS.has(name.replace(/^-[a-z]+-/, ''))) {
        report('CSS that can load resources (image-set(), src() …)');
        return '';
      } else {
        out += text;
      }
    } else {
      out += text;
    }
  }
  // Belt and braces: what a browser reads as a string, a dimension (12pxurl() or a selector
  // may still say url(, @import or src(; another CSS reader might not agree, so the block goes.
  if (MAY_BE_CSS_WITH_RESOURCES.test(out.replace(/url\(#/gi, ''))) {
    report('CSS that names url(), @import or image-set() where it cannot be read with certainty');
    return '';
  }
  return out;
}

/** url(#id) stays; any other target becomes `none`. */
function cssUrl(target: string, report: (what: string) => void): string {
  if (/^#[\w.:-]+$/.test(target)) return `url(${target})`;
  report(`CSS url(${target.length > 60 ? `${target.slice(0, 57)}…` : target})`);
  return 'none';
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

/** Where a css-tree node (parsed with positions) is in its text. */
function span(node: CssNode): { start: number; end: number } {
  return { start: node.loc!.start.offset, end: node.loc!.end.offset };
}

function sourceOf(css: string, node: CssNode): string {
  const { start, end } = span(node);
  return css.slice(start, end);
}

/** Applies edits that do not overlap (a walk that skips what it edits makes none that do). */
function applyEdits(text: string, edits: Edit[]): string {
  let out = '';
  let from = 0;
  for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
    out += text.slice(from, edit.start) + edit.text;
    from = edit.end;
  }
  return out + text.slice(from);
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}
