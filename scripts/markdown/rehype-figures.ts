// An image alone in its paragraph is a figure; its title (or else its alt
// text) becomes the caption under it.
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

/** rehype plugin: <p><img alt="…"></p> → <figure><img><figcaption>…</figcaption></figure>. */
export default function rehypeFigures() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'p') return;
      const children = node.children.filter((child) => !(child.type === 'text' && child.value.trim() === ''));
      const image = children[0];
      if (children.length !== 1 || image?.type !== 'element' || image.tagName !== 'img') return;
      const caption = String(image.properties.title ?? image.properties.alt ?? '').trim();
      delete image.properties.title;
      node.tagName = 'figure';
      node.children = caption ? [image, { type: 'element', tagName: 'figcaption', properties: {}, children: [{ type: 'text', value: caption }] }] : [image];
    });
  };
}
