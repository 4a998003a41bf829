// Soft hyphens (U+00AD) at build time, from the `hyphen` package's TeX
// patterns, because headless Chromium on Linux does not hyphenate
// (`hyphens: auto` does nothing there; see docs/rendering.md, section 5). Only words a
// reader would accept broken: no headings, code, links, addresses, names.
import { createRequire } from 'node:module';
import type { Element, Root } from 'hast';
import type { VFile } from 'vfile';
import { findAddresses } from './find-addresses.ts';

export interface Options {
  /** Document language: "fr", "nl", "en" (British patterns), "en-us", or another `hyphen` set. Default "fr". */
  lang?: string;
  /** Words shorter than this (in letters) are left whole. Default 6. */
  minWordLength?: number;
  /** Elements with one of these classes are left whole. Default "no-hyphens" and "callout-title". */
  skipClassNames?: string[];
  /** Hyphenate words with a first capital only ("Versammlung"). Default: true for German, whose nouns all start with one. */
  hyphenateCapitalised?: boolean;
}

/** What `hyphen/<lang>` exports (the package ships no types). */
interface Hyphenator {
  hyphenateSync(text: string, options?: { minWordLength?: number; }): string;
}

const SOFT_HYPHEN = '\u00AD';
const require = createRequire(import.meta.url);
const patternNames: Record<string, string> = { en: 'en-gb' };
const hyphenators = new Map<string, Hyphenator | undefined>();
// Headings are set whole; code and links must read exactly as typed.
const skipped = new Set([
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'code', 'pre', 'kbd', 'samp', 'var',
  'script', 'style', 'svg', 'math', 'textarea',
]);
const word = /[\p{L}\p{M}\p{N}\u00AD]+/gu;

/** rehype plugin: soft hyphens in the long words of the text. */
export default function rehypeHyphenate(options: Options = {}) {
  const { lang = 'fr', minWordLength = 6, skipClassNames = ['no-hyphens', 'callout-title'] } = options;
  const hyphenateCapitalised = options.hyphenateCapitalised ?? /^(de|gsw|lb)(-|$)/i.test(lang);
  // With hyphenateCapitalised, "Versammlung" may break but "VeraCrypt" and "LUKS" still may not.
  const protectedCapitals = hyphenateCapitalised ? /.[\p{Lu}\p{Lt}]/u : /[\p{Lu}\p{Lt}]/u;

  return (tree: Root, file: VFile): void => {
    const hyphenator = loadHyphenator(lang);
    if (!hyphenator) {
      file.message(`No hyphenation patterns for lang "${lang}": text is not hyphenated; use fr, nl, en or en-us`, {
        ruleId: 'unknown-lang',
        source: 'rehype-hyphenate',
      });
      return;
    }
    // A text says the same words again and again: each is broken once, then looked up.
    const broken = new Map<string, string>();
    const hyphenateWord = (value: string, offset: number, text: string): string => {
      const keep =
        value.length < minWordLength ||
        value.includes(SOFT_HYPHEN) || // already done: running twice adds nothing
        /\p{N}/u.test(value) || // "abc123", "2FA"
        // Any capital: names (Signal, Discord, VeraCrypt) and acronyms (LUKS, iOS) are
        // never broken, as French and English typesetting want; a capitalised
        // common word at the start of a sentence is left whole too. German breaks
        // its nouns, so there only inner capitals keep a word whole.
        protectedCapitals.test(value) ||
        /['’]/.test(text[offset + value.length] ?? ''); // quelqu’un: never break before an elision
      if (keep) return value;
      let result = broken.get(value);
      if (result === undefined) broken.set(value, (result = hyphenator.hyphenateSync(value, { minWordLength })));
      return result;
    };
    const hyphenateText = (text: string) => text.replace(word, hyphenateWord);
    const walk = (parent: Root | Element): void => {
      for (const child of parent.children) {
        if (child.type === 'text') {
          child.value = outsideAddresses(child.value, hyphenateText);
        } else if (child.type === 'element' && !skipped.has(child.tagName)) {
          if (!hasClass(child, skipClassNames)) walk(child);
        }
      }
    };
    walk(tree);
  };
}

export { rehypeHyphenate };

/** Applies `change` to the text between the addresses (Riot.im, a@b.fr, https://…). */
function outsideAddresses(text: string, change: (part: string) => string): string {
  let result = '';
  let from = 0;
  for (const [start, end] of findAddresses(text)) {
    result += change(text.slice(from, start)) + text.slice(start, end);
    from = end;
  }
  return result + change(text.slice(from));
}

function hasClass(element: Element, names: string[]): boolean {
  const className = element.properties.className;
  return Array.isArray(className) && className.some((name) => names.includes(String(name)));
}

/** True when the `hyphen` package has patterns for the language of `lang` ("es", "pt-BR", "de-CH"…). */
export function hasHyphenation(lang: string): boolean {
  return loadHyphenator(lang) !== undefined;
}

/** Loads `hyphen/<lang>` once; undefined when the package has no patterns for it. */
function loadHyphenator(lang: string): Hyphenator | undefined {
  const tag = lang.toLowerCase();
  if (!hyphenators.has(tag)) {
    const primary = tag.split('-')[0];
    let found: Hyphenator | undefined;
    const patternName = (name: string) => (Object.hasOwn(patternNames, name) ? patternNames[name] : name);
    for (const name of [patternName(tag), patternName(primary)]) {
      // The name goes into a module path: only language tags, never "../".
      if (found || !/^[a-z]{2,3}(-[a-z0-9]+)*$/.test(name)) continue;
      try {
        found = require(`hyphen/${name}`) as Hyphenator;
      } catch {
        // no pattern set of that name; try the primary language
      }
    }
    hyphenators.set(tag, found);
  }
  return hyphenators.get(tag);
}
