// Give every heading a stable id (for the contents page, bookmarks and links)
// and collect the headings on file.data.headings.
import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

/** A heading of the zine, as the contents page and checks need it. */
export interface Heading {
  depth: number;
  id: string;
  text: string;
  line?: number;
}

declare module 'vfile' {
  interface DataMap {
    headings: Heading[];
    /** Each heading's text as printed, by id (rehypeHeadingTexts). */
    headingTexts: Record<string, string>;
  }
}

export interface Options {
  /** Prefix for ids, so they never clash with the template's own ids. */
  prefix?: string;
}

/** Turn heading text into an ASCII slug: "« Bugs » de Riot" → "bugs-de-riot". */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'section';
}

/** rehype plugin: ids on h1–h6, unique in the document. */
export default function rehypeHeadingIds({ prefix = 's-' }: Options = {}) {
  return (tree: Root, file: VFile) => {
    const seen = new Map<string, number>();
    const headings: Heading[] = [];
    visit(tree, 'element', (node: Element) => {
      const depth = /^h([1-6])$/.exec(node.tagName)?.[1];
      if (!depth) return;
      const text = toString(node).replace(/\u00ad/g, '').trim();
      const base = prefix + slugify(text);
      const count = seen.get(base) ?? 0;
      seen.set(base, count + 1);
      const id = count === 0 ? base : `${base}-${count + 1}`;
      node.properties.id = id;
      headings.push({ depth: Number(depth), id, text, line: node.position?.start.line });
    });
    file.data.headings = headings;
  };
}

/** rehype plugin, after the typography: each heading's text as printed (« », ’, narrow spaces), no soft hyphens, on file.data.headingTexts. */
export function rehypeHeadingTexts() {
  return (tree: Root, file: VFile) => {
    const texts: Record<string, string> = {};
    file.data.headingTexts = texts;
    visit(tree, 'element', (node: Element) => {
      if (!/^h[1-6]$/.test(node.tagName) || !node.properties.id) return;
      texts[String(node.properties.id)] = toString(node).replace(/\u00ad/g, '').replace(/\s+/g, (space) => (space.length === 1 ? space : ' ')).trim();
    });
  };
}
