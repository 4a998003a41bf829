// Mark block elements with the Markdown line they came from, so layout checks
// after Paged.js can point at the source ("index.md:42: heading stranded").
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

const blocks = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'li', 'ul', 'ol', 'table', 'pre', 'blockquote', 'figure', 'aside', 'img', 'div']);

/** rehype plugin: data-line="N" on block elements that have a position. */
export default function rehypeSourceLines() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      const line = node.position?.start.line;
      if (line !== undefined && blocks.has(node.tagName)) node.properties.dataLine = line;
    });
  };
}
