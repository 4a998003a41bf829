// Typography the way a French reader expects it, done on the HTML tree because
// Markdown authors type straight quotes and ordinary spaces: narrow no-break
// spaces before ; ! ? », no-break space before :, « » quotes, ’ and ….
// Code, links that show their address, and addresses in the text keep every
// character as typed, because readers copy them.
import type { Element, Root, Text } from 'hast';
import { toString } from 'hast-util-to-string';
import type { VFile } from 'vfile';
import { findAddresses, isAddress } from './find-addresses.ts';

export interface Options {
  /** Document language tag; French spacing applies to French ("fr", "fr-BE") only. Default "fr". */
  lang?: string;
}

/** One UTF-16 unit of a block's text, with the text node (`segment`) it goes back to. */
interface Char {
  ch: string;
  /** Index into `Run.texts`; -1 for stand-ins (code, images, line breaks). */
  segment: number;
  /** Part of code or an address: never changed, never moved. */
  locked: boolean;
}

/** The text of one block, read across its inline elements, so quotes pair up through `<em>`. */
interface Run {
  texts: Text[];
  /** In order: a text node (its index in `texts`, and whether it is locked) or a stand-in character. */
  pieces: Array<{ segment: number; locked: boolean } | { standIn: string }>;
  /** The block's text, stand-ins included: what `chars` would spell. */
  text: string;
}

const NNBSP = '\u202F';
const NBSP = '\u00A0';
const OBJECT = '\uFFFC';
/** Opening and closing double quotes per language tag or primary language; others keep their quotes. */
const quoteMarks: Record<string, [string, string]> = {
  fr: ['«', '»'],
  en: ['“', '”'],
  nl: ['“', '”'],
  // The RAE's first choice; without the spaces French puts inside them.
  es: ['«', '»'],
  de: ['„', '“'],
  // Swiss German quotes like French, still without the spaces.
  'de-ch': ['«', '»'],
};
const phrasing = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'data', 'del', 'dfn', 'em', 'i', 'ins',
  'label', 'mark', 'q', 's', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u',
]);
// Inline elements whose text is never touched; they count as one object in the sentence.
const opaque = new Set([
  'audio', 'button', 'code', 'iframe', 'img', 'input', 'kbd', 'math', 'object',
  'samp', 'select', 'svg', 'textarea', 'var', 'video',
]);
const untouchedBlocks = new Set(['pre', 'script', 'style', 'template']);

// What the passes below change: an ellipsis, an apostrophe, quotes, the marks
// French spaces. A block with none of them is left as it is.
const touched = /\.\.\.|['"“”«»;:!?]/;

const isSpace = (c: Char | undefined) =>
  c !== undefined && !c.locked && /[ \t\n\r\u00A0\u2009\u202F]/.test(c.ch);
const isDot = (c: Char | undefined) => c !== undefined && c.ch === '.' && !c.locked;
const isLetter = (c: Char | undefined) => c !== undefined && /\p{L}/u.test(c.ch);

/** rehype plugin: French spacing and quotes (curly quotes, ’ and … for other languages). */
export default function rehypeFrenchSpacing(options: Options = {}) {
  const lang = (options.lang ?? 'fr').toLowerCase();
  const primary = lang.split('-')[0];
  // "fr", "fr-BE", but not North Frisian ("frr") or Arpitan ("frp").
  const french = primary === 'fr';
  const marks = [lang, primary].map((tag) => (Object.hasOwn(quoteMarks, tag) ? quoteMarks[tag] : undefined)).find(Boolean);

  return (tree: Root, file: VFile): void => {
    for (const run of collectRuns(tree)) {
      // Most blocks of running text: nothing to do, and no need to take them apart into characters.
      if (!touched.test(run.text)) continue;
      let chars = charsOf(run);
      lockAddresses(chars, run.text);
      chars = replaceEllipsesAndApostrophes(chars);
      if (marks) chars = pairQuotes(chars, marks, french, run.texts, file);
      if (french) chars = spacePunctuation(chars);
      const values: string[] = run.texts.map(() => '');
      for (const c of chars) if (c.segment >= 0) values[c.segment] += c.ch;
      run.texts.forEach((text, index) => (text.value = values[index]));
    }
  };
}

export { rehypeFrenchSpacing };

/** Splits the tree into runs of text that read as one block (a paragraph, an item, a cell…). */
function collectRuns(tree: Root): Run[] {
  const runs: Run[] = [];
  let run: Run = { texts: [], pieces: [], text: '' };
  const flush = () => {
    if (run.texts.length > 0) runs.push(run);
    run = { texts: [], pieces: [], text: '' };
  };
  const standIn = (ch: string) => {
    run.pieces.push({ standIn: ch });
    run.text += ch;
  };
  const walk = (parent: Root | Element, locked: boolean): void => {
    for (const child of parent.children) {
      if (child.type === 'text') {
        run.pieces.push({ segment: run.texts.push(child) - 1, locked });
        run.text += child.value;
      } else if (child.type !== 'element') {
        continue;
      } else if (child.tagName === 'br') {
        standIn('\n');
      } else if (opaque.has(child.tagName)) {
        standIn(OBJECT);
      } else if (phrasing.has(child.tagName)) {
        // A link whose text is its address must keep the address as written.
        walk(child, locked || (child.tagName === 'a' && isAddress(toString(child))));
      } else {
        flush();
        if (!untouchedBlocks.has(child.tagName)) walk(child, false);
        flush();
      }
    }
  };
  walk(tree, false);
  flush();
  return runs;
}

/** A run's characters, one for each UTF-16 unit, so that offsets match those of regular expressions on `run.text`. */
function charsOf(run: Run): Char[] {
  const chars: Char[] = [];
  for (const piece of run.pieces) {
    if ('standIn' in piece) {
      chars.push({ ch: piece.standIn, segment: -1, locked: true });
      continue;
    }
    const { value } = run.texts[piece.segment]!;
    for (let i = 0; i < value.length; i++) chars.push({ ch: value[i]!, segment: piece.segment, locked: piece.locked });
  }
  return chars;
}

/** `text`: what `chars` spell. */
function lockAddresses(chars: Char[], text: string): void {
  for (const [start, end] of findAddresses(text)) {
    for (let i = start; i < end; i++) chars[i].locked = true;
  }
}

function replaceEllipsesAndApostrophes(chars: Char[]): Char[] {
  const out: Char[] = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    const ellipsis =
      isDot(c) &&
      isDot(chars[i + 1]) &&
      isDot(chars[i + 2]) &&
      chars[i + 3]?.ch !== '.' &&
      out.at(-1)?.ch !== '.';
    if (ellipsis) {
      out.push({ ...c, ch: '…' });
      i += 2;
    } else if (c.ch === "'" && !c.locked && isLetter(chars[i - 1])) {
      out.push({ ...c, ch: '’' });
    } else {
      out.push(c);
    }
  }
  return out;
}

/** Turns paired "…" (and “…” in French) into the language’s quotes; unpaired ones are reported. */
function pairQuotes(
  chars: Char[],
  [open, close]: [string, string],
  french: boolean,
  texts: Text[],
  file: VFile,
): Char[] {
  const out = chars.map((c) => ({ ...c }));
  const opened: number[] = [];
  const unpaired: number[] = [];
  for (let i = 0; i < out.length; i++) {
    const c = out[i];
    if (c.locked || !(c.ch === '"' || (french && (c.ch === '“' || c.ch === '”')))) continue;
    let opening = c.ch === '“';
    if (c.ch === '"') {
      const before = out[i - 1];
      const after = out[i + 1];
      // After a space, a bracket, a dash or an elided article (l’"…") a quote opens.
      opening = before === undefined || /[\s(\[{\-–—‘“«/’'¿¡]/.test(before.ch);
      // A second straight quote followed by a space or punctuation closes the first: "mot ".
      const openStraight = opened.length > 0 && out[opened.at(-1)!].ch === '"';
      if (opening && openStraight && (after === undefined || /[\s.,;:!?)]/.test(after.ch))) opening = false;
    }
    if (opening) opened.push(i);
    else if (opened.length > 0) {
      out[opened.pop()!].ch = open;
      c.ch = close;
    } else unpaired.push(i);
  }
  for (const i of [...unpaired, ...opened].sort((a, b) => a - b)) {
    const place = texts[out[i].segment]?.position;
    file.message(`Unpaired quote ${out[i].ch}: add the missing quote or use ’ for an apostrophe`, {
      place,
      ruleId: 'unpaired-quote',
      source: 'rehype-french-spacing',
    });
  }
  return out;
}

/** ":)", ";-)", ":D" — a colon that is not punctuation. */
function isSmiley(chars: Char[], i: number): boolean {
  let j = i + 1;
  if (chars[j]?.ch === '-' || chars[j]?.ch === "'") j++;
  const mouth = chars[j];
  const after = chars[j + 1];
  const alone = after === undefined || /[\s.,!?]/.test(after.ch);
  return mouth !== undefined && /[()DPpOo|/\\\][3*]/.test(mouth.ch) && alone;
}

/** Narrow no-break space before ; ! ? » and after «, no-break space before :, when they end a word. */
function spacePunctuation(chars: Char[]): Char[] {
  const out: Char[] = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c.locked) {
      out.push(c);
      continue;
    }
    if (c.ch === '«') {
      out.push(c);
      let j = i + 1;
      while (isSpace(chars[j])) j++;
      // Only when a word follows: a lone « at the end of a block keeps its spacing.
      if (j < chars.length) {
        const segment = j > i + 1 ? chars[i + 1].segment : c.segment;
        out.push({ ch: NNBSP, segment, locked: false });
        i = j - 1;
      }
      continue;
    }
    if (/[;:!?»]/.test(c.ch)) {
      let k = out.length;
      while (isSpace(out[k - 1])) k--;
      const before = out[k - 1];
      if (before !== undefined && needsSpace(chars, i, before, k < out.length)) {
        const segment = k < out.length ? out[k].segment : c.segment;
        out.length = k;
        out.push({ ch: c.ch === ':' ? NBSP : NNBSP, segment, locked: false });
      }
    }
    out.push(c);
  }
  return out;
}

function needsSpace(chars: Char[], i: number, before: Char, spaced: boolean): boolean {
  const c = chars[i];
  if (c.ch === '»') return before.ch !== '«';
  if (/[([{«]/.test(before.ch)) return false;
  if (!spaced && /[!?;:]/.test(before.ch)) return false; // ?! and !! stay together
  if ((c.ch === ':' || c.ch === ';') && isSmiley(chars, i)) return false;
  // "10:30", "a:b", "http://", "!important": a mark inside a word is not punctuation.
  const after = chars[i + 1];
  return after === undefined || after.segment === -1 || /[\s)\]}»”"'’.,;:!?…]/.test(after.ch);
}
