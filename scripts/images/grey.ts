// A drawing's colours as the greys of the black-and-white rendition: every colour
// its CSS or attributes give is read and written again as one grey, so the drawing
// stays vector. The grey is the luma a copier sees (0.299 R + 0.587 G + 0.114 B),
// darkened so that no fill is lighter than the tint floor; text is black or white.
import { parse, walk, type CssNode } from 'css-tree';

/** A colour: red, green and blue 0–255, alpha 0–1. */
type Rgba = [number, number, number, number];

/**
 * The lightest grey a copier keeps, as a share of black: 20 %. Lighter tints are
 * dropped by a copier's background suppression or break up into stray dots.
 * The same floor as the callouts and rules of styles/bw.css.
 */
export const TINT_FLOOR = 0.2;

/**
 * Greys this light (6 % black at most: cream, ivory, a map's pale ground) are the
 * paper: they print white, as a copier would leave them anyway.
 */
const PAPER_GREY = 240;

/** The grey of the tint floor, 0–255: 204. */
const FLOOR_GREY = Math.round(255 * (1 - TINT_FLOOR));

/** The CSS named colours (CSS Color 4), as hex. */
const NAMED = new Map(
  (
    'aliceblue:f0f8ff antiquewhite:faebd7 aqua:00ffff aquamarine:7fffd4 azure:f0ffff beige:f5f5dc ' +
    'bisque:ffe4c4 black:000000 blanchedalmond:ffebcd blue:0000ff blueviolet:8a2be2 brown:a52a2a ' +
    'burlywood:deb887 cadetblue:5f9ea0 chartreuse:7fff00 chocolate:d2691e coral:ff7f50 ' +
    'cornflowerblue:6495ed cornsilk:fff8dc crimson:dc143c cyan:00ffff darkblue:00008b darkcyan:008b8b ' +
    'darkgoldenrod:b8860b darkgray:a9a9a9 darkgreen:006400 darkgrey:a9a9a9 darkkhaki:bdb76b ' +
    'darkmagenta:8b008b darkolivegreen:556b2f darkorange:ff8c00 darkorchid:9932cc darkred:8b0000 ' +
    'darksalmon:e9967a darkseagreen:8fbc8f darkslateblue:483d8b darkslategray:2f4f4f ' +
    'darkslategrey:2f4f4f darkturquoise:00ced1 darkviolet:9400d3 deeppink:ff1493 deepskyblue:00bfff ' +
    'dimgray:696969 dimgrey:696969 dodgerblue:1e90ff firebrick:b22222 floralwhite:fffaf0 ' +
    'forestgreen:228b22 fuchsia:ff00ff gainsboro:dcdcdc ghostwhite:f8f8ff gold:ffd700 goldenrod:daa520 ' +
    'gray:808080 green:008000 greenyellow:adff2f grey:808080 honeydew:f0fff0 hotpink:ff69b4 ' +
    'indianred:cd5c5c indigo:4b0082 ivory:fffff0 khaki:f0e68c lavender:e6e6fa lavenderblush:fff0f5 ' +
    'lawngreen:7cfc00 lemonchiffon:fffacd lightblue:add8e6 lightcoral:f08080 lightcyan:e0ffff ' +
    'lightgoldenrodyellow:fafad2 lightgray:d3d3d3 lightgreen:90ee90 lightgrey:d3d3d3 lightpink:ffb6c1 ' +
    'lightsalmon:ffa07a lightseagreen:20b2aa lightskyblue:87cefa lightslategray:778899 ' +
    'lightslategrey:778899 lightsteelblue:b0c4de lightyellow:ffffe0 lime:00ff00 limegreen:32cd32 ' +
    'linen:faf0e6 magenta:ff00ff maroon:800000 mediumaquamarine:66cdaa mediumblue:0000cd ' +
    'mediumorchid:ba55d3 mediumpurple:9370db mediumseagreen:3cb371 mediumslateblue:7b68ee ' +
    'mediumspringgreen:00fa9a mediumturquoise:48d1cc mediumvioletred:c71585 midnightblue:191970 ' +
    'mintcream:f5fffa mistyrose:ffe4e1 moccasin:ffe4b5 navajowhite:ffdead navy:000080 oldlace:fdf5e6 ' +
    'olive:808000 olivedrab:6b8e23 orange:ffa500 orangered:ff4500 orchid:da70d6 palegoldenrod:eee8aa ' +
    'palegreen:98fb98 paleturquoise:afeeee palevioletred:db7093 papayawhip:ffefd5 peachpuff:ffdab9 ' +
    'peru:cd853f pink:ffc0cb plum:dda0dd powderblue:b0e0e6 purple:800080 rebeccapurple:663399 red:ff0000 ' +
    'rosybrown:bc8f8f royalblue:4169e1 saddlebrown:8b4513 salmon:fa8072 sandybrown:f4a460 ' +
    'seagreen:2e8b57 seashell:fff5ee sienna:a0522d silver:c0c0c0 skyblue:87ceeb slateblue:6a5acd ' +
    'slategray:708090 slategrey:708090 snow:fffafa springgreen:00ff7f steelblue:4682b4 tan:d2b48c ' +
    'teal:008080 thistle:d8bfd8 tomato:ff6347 turquoise:40e0d0 violet:ee82ee wheat:f5deb3 white:ffffff ' +
    'whitesmoke:f5f5f5 yellow:ffff00 yellowgreen:9acd32'
  )
    .split(' ')
    .map((entry) => entry.split(':') as [string, string]),
);

/** Colours given by the system or by functions read here no further: the drawing is then turned grey whole (see svg.ts). */
const UNREAD_KEYWORDS = new Set([
  'accentcolor', 'accentcolortext', 'activetext', 'buttonborder', 'buttonface', 'buttontext', 'canvas', 'canvastext',
  'field', 'fieldtext', 'graytext', 'highlight', 'highlighttext', 'linktext', 'mark', 'marktext', 'selecteditem',
  'selecteditemtext', 'visitedtext',
]);
const UNREAD_FUNCTIONS = new Set(['hwb', 'lab', 'lch', 'oklab', 'oklch', 'color', 'color-mix', 'light-dark', 'device-cmyk']);

/** The elements whose colour is the colour of text. */
const TEXT_ELEMENTS = /(?:^|[\s>+~,(])(?:text|tspan|textpath)(?=$|[\s.#:[,)>+~])/i;

/** `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa` without the `#`. */
function hexColour(hex: string): Rgba | undefined {
  if (!/^(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.test(hex)) return undefined;
  const full = hex.length <= 4 ? [...hex].map((c) => c + c).join('') : hex;
  const [r, g, b, a = 255] = full.match(/../g)!.map((pair) => parseInt(pair, 16)) as [number, number, number, number?];
  return [r, g, b, a / 255];
}

/** A number, a percentage of `full`, or `none` (0), as CSS Color 4 writes them. */
function channel(text: string, full: number): number | undefined {
  if (text.toLowerCase() === 'none') return 0;
  const match = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)(%|deg|grad|rad|turn)?$/i.exec(text);
  if (!match) return undefined;
  const value = Number(match[1]);
  switch (match[2]?.toLowerCase()) {
    case '%':
      return (value / 100) * full;
    case 'grad':
      return value * 0.9;
    case 'rad':
      return (value * 180) / Math.PI;
    case 'turn':
      return value * 360;
    default:
      return value;
  }
}

/** rgb(), rgba(), hsl() or hsla(), with commas or spaces and a slash before the alpha. */
function functionColour(name: string, args: string): Rgba | undefined {
  const parts = args.trim().split(/\s*[,/]\s*|\s+/).filter(Boolean);
  if (parts.length < 3 || parts.length > 4) return undefined;
  const alpha = parts[3] === undefined ? 1 : channel(parts[3], 1);
  if (alpha === undefined) return undefined;
  const clamp = (value: number, max: number) => Math.min(max, Math.max(0, value));
  if (name.startsWith('rgb')) {
    const [r, g, b] = parts.slice(0, 3).map((part) => channel(part, 255));
    if (r === undefined || g === undefined || b === undefined) return undefined;
    return [clamp(r, 255), clamp(g, 255), clamp(b, 255), clamp(alpha, 1)];
  }
  const [hue, saturation, lightness] = [channel(parts[0]!, 360), channel(parts[1]!, 1), channel(parts[2]!, 1)];
  if (hue === undefined || saturation === undefined || lightness === undefined) return undefined;
  // hsl() without % (CSS Color 4) gives saturation and lightness as 0–100.
  const [s, l] = [parts[1]!.endsWith('%') ? saturation : saturation / 100, parts[2]!.endsWith('%') ? lightness : lightness / 100].map((v) => clamp(v, 1)) as [number, number];
  const h = ((hue % 360) + 360) % 360;
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return 255 * (l - s * Math.min(l, 1 - l) * Math.max(-1, Math.min(k - 3, 9 - k, 1)));
  };
  return [f(0), f(8), f(4), clamp(alpha, 1)];
}

/** The grey a drawing's colour prints as: black or white for text, else its luma, no lighter than the tint floor. */
export function drawingGrey([r, g, b, a]: Rgba, text: boolean): string {
  const luma = 0.299 * r + 0.587 * g + 0.114 * b;
  // Text in grey blurs on a copier: dark text goes black, light text (on a dark ground) white.
  const grey = text ? (luma < 128 ? 0 : 255) : luma >= PAPER_GREY ? 255 : Math.round((luma * FLOOR_GREY) / PAPER_GREY);
  const hex = (value: number) => Math.round(value).toString(16).padStart(2, '0');
  return `#${hex(grey).repeat(3)}${a < 1 ? hex(a * 255) : ''}`;
}

/** What greyCss did: the CSS with its colours grey, and whether it holds a colour it could not read. */
export interface GreyCss {
  css: string;
  unread: boolean;
}

type Edit = { start: number; end: number; text: string };

/**
 * Every colour in a piece of CSS written again as its grey (drawingGrey): a
 * stylesheet, a style attribute or one value (fill="red"). Colours set for text
 * (`text` here, or a rule for text, tspan or textPath) go black or white.
 */
export function greyCss(css: string, context: 'stylesheet' | 'declarationList' | 'value', text: boolean): GreyCss {
  const ast = parse(css, { context, positions: true, parseCustomProperty: true, onParseError: () => {} });
  const edits: Edit[] = [];
  let unread = false;
  const colourIn = (node: CssNode, forText: boolean) =>
    walk(node, (inner) => {
      const { start, end } = { start: inner.loc!.start.offset, end: inner.loc!.end.offset };
      let colour: Rgba | undefined;
      if (inner.type === 'Hash') colour = hexColour(inner.value);
      else if (inner.type === 'Identifier') {
        const name = inner.name.toLowerCase();
        if (UNREAD_KEYWORDS.has(name)) unread = true;
        const hex = NAMED.get(name);
        colour = hex === undefined ? undefined : hexColour(hex);
      } else if (inner.type === 'Function') {
        const name = inner.name.toLowerCase();
        if (/^(?:rgba?|hsla?)$/.test(name)) {
          colour = functionColour(name, css.slice(start, end).replace(/^[^(]*\(/, '').replace(/\)$/, ''));
          if (!colour) unread = true;
          if (colour) edits.push({ start, end, text: drawingGrey(colour, forText) });
          return walk.skip;
        }
        if (UNREAD_FUNCTIONS.has(name)) {
          unread = true;
          return walk.skip;
        }
        return undefined;
      }
      if (colour) edits.push({ start, end, text: drawingGrey(colour, forText) });
      return undefined;
    });
  if (context === 'value') colourIn(ast, text);
  else {
    walk(ast, {
      visit: 'Declaration',
      enter(node) {
        const rule = this.rule?.prelude;
        const forText = text || (rule !== undefined && TEXT_ELEMENTS.test(css.slice(rule.loc!.start.offset, rule.loc!.end.offset)));
        colourIn(node.value, forText);
      },
    });
  }
  let out = '';
  let from = 0;
  for (const edit of edits.sort((a, b) => a.start - b.start)) {
    out += css.slice(from, edit.start) + edit.text;
    from = edit.end;
  }
  return { css: out + css.slice(from), unread };
}
