// Where long addresses and code may break at the end of a line. Chromium breaks
// an address only where it has a space or a hyphen, so a printed address that
// does not fit moves whole to the next line and leaves the line before it
// stretched; it breaks code after every hyphen, inside an option such as
// `--recv-keys`. This adds break opportunities (<wbr>, no character, nothing
// changes in the copied text):
//
// - in printed addresses (`.link-address`) and link texts that are addresses:
//   after / . - _ ? & = # (no hyphen is added at the break), and in code that
//   is wholly an address (`discuss.example.net`);
// - in other code: after /, and a run with a hyphen in it is wrapped in
//   `<span class="code-run">`, kept on one line by the CSS.
import type { Element, ElementContent, Root, Text } from 'hast';
import { toString } from 'hast-util-to-string';
import { SKIP, visit } from 'unist-util-visit';
import { findAddresses } from './find-addresses.ts';

const wbr = (): Element => ({ type: 'element', tagName: 'wbr', properties: {}, children: [] });

/** "example.org/a-b" → ["example.org/", "a-b"]-like pieces, cut after each mark in `marks` (never between two marks). */
function cutAfter(text: string, marks: RegExp): string[] {
  const pieces: string[] = [];
  let start = 0;
  // Never inside "https://" or "(https://".
  const scheme = /^\W*[a-z][a-z0-9+.-]*:\/\//i.exec(text)?.[0].length ?? 0;
  for (let i = scheme; i < text.length - 1; i++) {
    if (marks.test(text[i]!) && !marks.test(text[i + 1]!) && !/\s/.test(text[i + 1]!)) {
      pieces.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  pieces.push(text.slice(start));
  return pieces;
}

const addressMarks = /[/.\-_?&=#]/;

/** An address's text with a <wbr> after each of its marks. */
function addressBreaks(value: string): ElementContent[] {
  const out: ElementContent[] = [];
  for (const [i, piece] of cutAfter(value, addressMarks).entries()) {
    if (i > 0) out.push(wbr());
    out.push({ type: 'text', value: piece });
  }
  return out;
}

/** Code text: runs with a hyphen kept whole, a <wbr> after each "/". */
function codeBreaks(value: string): ElementContent[] {
  const out: ElementContent[] = [];
  let plain = '';
  const flush = () => {
    if (plain) out.push({ type: 'text', value: plain });
    plain = '';
  };
  for (const token of value.split(/(\s+)/)) {
    if (/^\s*$/.test(token)) {
      plain += token;
      continue;
    }
    for (const [i, piece] of cutAfter(token, /\//).entries()) {
      if (i > 0) {
        flush();
        out.push(wbr());
      }
      // A run longer than a line may still break anywhere (overflow-wrap): keep only short runs whole.
      if (piece.includes('-') && piece.length <= 40) {
        flush();
        out.push({ type: 'element', tagName: 'span', properties: { className: ['code-run'] }, children: [{ type: 'text', value: piece }] });
      } else {
        plain += piece;
      }
    }
  }
  flush();
  return out;
}

/** Replace every text node under `node` with `split(text)`. */
function splitTexts(node: Element, split: (value: string) => ElementContent[]): void {
  node.children = node.children.flatMap((child) => {
    if (child.type === 'text') return split((child as Text).value);
    if (child.type === 'element') splitTexts(child, split);
    return [child];
  });
}

/** An address this long leaves too few spaces on its lines to justify them without gaps. */
const LONG_ADDRESS = 25;

/** rehype plugin: break opportunities in addresses and code; a paragraph with a long address (printed, linked or in code) is set ragged right (class `has-address`). */
export default function rehypeBreakPoints() {
  return (tree: Root): void => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName === 'p' && hasLongAddress(node)) {
        const classes = Array.isArray(node.properties.className) ? node.properties.className : [];
        node.properties.className = [...classes, 'has-address'];
      }
      if (node.tagName === 'code') {
        // Code that is an address (`discuss.example.net`) breaks like one: a reader types it either way.
        splitTexts(node, isWholeAddress(toString(node)) ? addressBreaks : codeBreaks);
        return SKIP;
      }
      const classes = node.properties.className;
      const isAddress = Array.isArray(classes) && classes.includes('link-address');
      if (isAddress) {
        splitTexts(node, addressBreaks);
        return SKIP;
      }
      if (node.tagName === 'a') {
        // Only a link whose whole text is an address: words in a link break as words.
        if (isWholeAddress(toString(node))) splitTexts(node, addressBreaks);
        return SKIP;
      }
      return undefined;
    });
  };
}

/** Whether the whole of `text` (a link's, a code span's) is one address, longer than a short domain. */
function isWholeAddress(text: string): boolean {
  const plain = text.replace(/\u00AD/g, '');
  const found = findAddresses(plain);
  return found.length === 1 && found[0]![0] === 0 && found[0]![1] >= plain.trim().length && plain.length > 12;
}

/** Whether a paragraph prints an address of LONG_ADDRESS characters or more. */
function hasLongAddress(p: Element): boolean {
  let found = false;
  visit(p, 'element', (node: Element) => {
    const classes = node.properties.className;
    const text = toString(node).replace(/\u00AD/g, '').trim();
    if (Array.isArray(classes) && classes.includes('link-address') && text.length - 3 >= LONG_ADDRESS) found = true;
    else if ((node.tagName === 'a' || node.tagName === 'code') && text.length >= LONG_ADDRESS && findAddresses(text).some(([start, end]) => end - start >= LONG_ADDRESS)) found = true;
    return found ? false : undefined;
  });
  return found;
}
