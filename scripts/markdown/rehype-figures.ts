// An image alone in its paragraph is a figure; its title (or else its alt
// text) becomes the caption under it, unless it says nothing: "image",
// "screenshot", the file's name… are what an editor fills in, not a caption.
import type { Element, Root } from 'hast';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';

const placeholders = /^(?:image|img|screenshot|screen shot|capture|capture d[’']écran|photo|picture|pic|figure|illustration|alt|alt text|untitled|schermafbeelding|afbeelding|imagen|foto)(?:[\s_-]*\d+)?$/i;

/** Whether `text` is a stand-in for a caption: empty, a generic word, or the image's file name. */
export function isPlaceholder(text: string, src: string): boolean {
  const words = text.trim().toLowerCase();
  if (!words || placeholders.test(words)) return true;
  const name = src.split(/[?#]/)[0]!.split('/').at(-1) ?? '';
  let file = name.toLowerCase();
  try {
    file = decodeURIComponent(name).toLowerCase();
  } catch {
    // a malformed escape: the name as written
  }
  const stem = file.replace(/\.[a-z0-9]+$/, '');
  return words === file || words === stem;
}

/** rehype plugin: <p><img alt="…"></p> → <figure><img><figcaption>…</figcaption></figure>. */
export default function rehypeFigures() {
  return (tree: Root, file: VFile) => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'p') return;
      const children = node.children.filter((child) => !(child.type === 'text' && child.value.trim() === ''));
      const image = children[0];
      if (children.length !== 1 || image?.type !== 'element' || image.tagName !== 'img') return;
      const title = String(image.properties.title ?? '').trim();
      const alt = String(image.properties.alt ?? '').trim();
      // The image is a data: URL by now: its name is in the text as written.
      const start = image.position?.start.offset;
      const end = image.position?.end.offset;
      const written = start !== undefined && end !== undefined ? String(file.value).slice(start, end) : '';
      const src = (/\]\(\s*<?([^\s)>]+)/.exec(written) ?? /src\s*=\s*["']?([^"'\s>]+)/i.exec(written))?.[1] ?? '';
      const caption = title || (isPlaceholder(alt, src) ? '' : alt);
      delete image.properties.title;
      node.tagName = 'figure';
      node.children = caption ? [image, { type: 'element', tagName: 'figcaption', properties: {}, children: [{ type: 'text', value: caption }] }] : [image];
    });
  };
}
