// Mends the bookmarks Chromium builds from the headings (page.pdf({ outline: true })).
// Chromium titles a bookmark with the text it drew, line by line, so a heading
// that wraps loses the space at the break ("S’organiser, seprotéger"). And it
// nests bookmarks by heading level, so the contents page's h2 ends up under the
// cover's h1 while the sections' h1s sit beside it.
import { PDFDict, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString } from 'pdf-lib';
import type { PDFDocument } from 'pdf-lib';

/** Letters and digits (with their accents) are what drawn and written text share. */
const LETTER = /[\p{L}\p{M}\p{N}]/u;

/**
 * Gives each bookmark back the spaces its heading has (`title` and `headings` are the
 * texts as written), and puts every other top-level bookmark under the title's.
 */
export function mendOutline(doc: PDFDocument, title: string, headings: string[] = []): void {
  const outlines = doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  if (!outlines) return;
  // Each bookmark is compared only with the texts that have its letters: a long zine has hundreds of both.
  const written = new Map<string, Split[]>();
  for (const text of [title, ...headings]) {
    const split = splitAtLetters(text.trim().normalize('NFC'));
    const same = written.get(keyOf(split));
    if (same) same.push(split);
    else written.set(keyOf(split), [split]);
  }
  const seen = new Set<string>();
  const mendTitles = (parent: PDFDict): void => {
    for (const [ref, item] of children(parent)) {
      if (seen.has(ref.tag)) continue; // a malformed outline may loop
      seen.add(ref.tag);
      const drawn = titleOf(item);
      const split = splitAtLetters(drawn.normalize('NFC'));
      const mended = (written.get(keyOf(split)) ?? []).map((text) => spaced(drawn, split, text)).find((text) => text !== drawn);
      if (mended) item.set(PDFName.of('Title'), PDFHexString.fromText(mended));
      mendTitles(item);
    }
  };
  mendTitles(outlines);

  // The cover's heading (the title) first, then the contents page and the
  // sections beside it: make the title the root, open, the others its children.
  const [first, ...rest] = children(outlines);
  if (!first || rest.length === 0 || letters(titleOf(first[1])) !== letters(title)) return;
  const [rootRef, root] = first;
  const lastChild = children(root).at(-1);
  if (lastChild) {
    lastChild[1].set(PDFName.of('Next'), rest[0]![0]);
    rest[0]![1].set(PDFName.of('Prev'), lastChild[0]);
  } else {
    root.set(PDFName.of('First'), rest[0]![0]);
    rest[0]![1].delete(PDFName.of('Prev'));
  }
  for (const [, item] of rest) item.set(PDFName.of('Parent'), rootRef);
  root.set(PDFName.of('Last'), rest.at(-1)![0]);
  root.delete(PDFName.of('Next'));
  outlines.set(PDFName.of('Last'), rootRef);
  const visible = visibleDescendants(root);
  root.set(PDFName.of('Count'), PDFNumber.of(visible));
  outlines.set(PDFName.of('Count'), PDFNumber.of(1 + visible));
}

/**
 * `drawn` with a space wherever `written` has one and `drawn` has none, when both
 * have the same letters; otherwise `drawn` as it is. What was drawn is kept: «
 * and a narrow space where straight quotes were typed, for instance.
 */
export function withSpaces(drawn: string, written: string): string {
  return spaced(drawn, splitAtLetters(drawn.normalize('NFC')), splitAtLetters(written.trim().normalize('NFC')));
}

/** A text's letters and what lies before, between and after them. */
interface Split {
  letters: string[];
  gaps: string[];
}

/** What two texts must share for one to mend the other: their letters, case aside (a heading may be drawn in capitals, with text-transform). */
function keyOf({ letters }: Split): string {
  return `${letters.length} ${letters.join('').toLowerCase()}`;
}

/** withSpaces, given `drawn` (a) and the written text (b) split at their letters. */
function spaced(drawn: string, a: Split, b: Split): string {
  if (keyOf(a) !== keyOf(b) || a.letters.length === 0) return drawn;
  const gaps = a.gaps.map((gap, i) => {
    const writtenGap = b.gaps[i]!;
    if (/\s/u.test(gap) || !/\s/u.test(writtenGap)) return gap;
    // The same punctuation without its spaces ("»" for " » "): take it as written.
    if (gap === writtenGap.replace(/\s/gu, '')) return writtenGap;
    const at = writtenGap.search(/\s/u);
    return `${gap.slice(0, at)} ${gap.slice(at)}`;
  });
  return a.letters.reduce((text, letter, i) => text + letter + gaps[i + 1], gaps[0]!);
}

/** The letters of `text`, and what lies before, between and after them. */
function splitAtLetters(text: string): Split {
  const letters: string[] = [];
  const gaps = [''];
  for (const char of text) {
    if (LETTER.test(char)) {
      letters.push(char);
      gaps.push('');
    } else {
      gaps[gaps.length - 1] += char;
    }
  }
  return { letters, gaps };
}

function letters(text: string): string {
  return splitAtLetters(text.normalize('NFC')).letters.join('').toLowerCase();
}

function titleOf(item: PDFDict): string {
  const title = item.lookup(PDFName.of('Title'));
  return title instanceof PDFString || title instanceof PDFHexString ? title.decodeText() : '';
}

/** The bookmarks directly under `parent`, in order, each with its reference. */
function children(parent: PDFDict): [PDFRef, PDFDict][] {
  const items: [PDFRef, PDFDict][] = [];
  const seen = new Set<string>();
  for (let ref = parent.get(PDFName.of('First')); ref instanceof PDFRef && !seen.has(ref.tag); ) {
    seen.add(ref.tag);
    const item = parent.context.lookupMaybe(ref, PDFDict);
    if (!item) break;
    items.push([ref, item]);
    ref = item.get(PDFName.of('Next'));
  }
  return items;
}

/** How many bookmarks show under an open `item`: its children, and theirs when open. */
function visibleDescendants(item: PDFDict): number {
  return children(item).reduce((sum, [, child]) => {
    const count = child.lookup(PDFName.of('Count'));
    return sum + 1 + (count instanceof PDFNumber && count.asNumber() > 0 ? count.asNumber() : 0);
  }, 0);
}
