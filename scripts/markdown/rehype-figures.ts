// An image alone in its paragraph is a figure; its title (or else its alt
// text) becomes the caption under it, unless it says nothing: "image",
// "screenshot", the file's name… are what an editor fills in, not a caption.
// An image on a line of its own inside a paragraph ("Here is the result:" and
// the screenshot on the next line, as web pages write them) is taken out as a
// figure too: left inline, it would stretch the line before it to the margin.
import type { Element, ElementContent, Root, Text } from 'hast';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';

const placeholders = /^(?:image|img|screenshot|screen shot|capture|capture d[’']écran|photo|picture|pic|figure|illustration|alt|alt text|untitled|schermafbeelding|afbeelding|imagen|foto)(?:[\s_-]*\d+)?$/i;
// What a website shows when its image fails ("Cannot load image", "Image not found"): never a caption.
const failures = /^(?:(?:cannot|can[’']t|could not|couldn[’']t|unable to|failed to) (?:load|display|show|find) (?:the )?image|image (?:not found|not available|unavailable|failed to load))\.?$/i;

/** Whether `text` is a stand-in for a caption: empty, a generic word, or the image's file name. */
export function isPlaceholder(text: string, src: string): boolean {
  const words = text.trim().toLowerCase();
  if (!words || placeholders.test(words) || failures.test(words)) return true;
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
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName !== 'p' || index === undefined || !parent) return;
      const parts = imageLines(node);
      if (parts) {
        parent.children.splice(index, 1, ...parts);
        return index; // visit the first part again, now a paragraph of its own
      }
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

/** A paragraph of several lines with an image alone on one of them, cut into paragraphs at those images; else undefined. */
function imageLines(paragraph: Element): Element[] | undefined {
  const lines: ElementContent[][] = [[]];
  for (const child of paragraph.children) {
    if (child.type !== 'text' || !child.value.includes('\n')) {
      lines.at(-1)!.push(child);
      continue;
    }
    const pieces = child.value.split('\n');
    pieces.forEach((piece, i) => {
      if (i > 0) lines.push([]);
      if (piece) lines.at(-1)!.push({ type: 'text', value: piece } satisfies Text);
    });
  }
  const isImage = (line: ElementContent[]) => {
    const solid = line.filter((child) => !(child.type === 'text' && child.value.trim() === ''));
    return solid.length === 1 && solid[0]!.type === 'element' && solid[0]!.tagName === 'img';
  };
  if (lines.length < 2 || !lines.some(isImage)) return undefined;
  const groups: ElementContent[][][] = [];
  for (const line of lines) {
    const last = groups.at(-1);
    if (isImage(line) || !last || isImage(last[0]!)) groups.push([line]);
    else last.push(line);
  }
  // A line of nothing but spaces or &nbsp; (a web page's spacer) under an image is dropped.
  const blank = (group: ElementContent[][]) => group.every((line) => line.every((child) => child.type === 'text' && /^[\s\u00A0]*$/.test(child.value)));
  return groups.filter((group) => !blank(group)).map((group) => {
    const children: ElementContent[] = group.flatMap((line, i) => (i === 0 ? line : [{ type: 'text', value: '\n' } satisfies Text, ...line]));
    const first = children.find((child) => child.position)?.position;
    const last = children.findLast((child) => child.position)?.position;
    return { type: 'element', tagName: 'p', properties: { ...paragraph.properties }, children, ...(first && last ? { position: { start: first.start, end: last.end } } : { position: paragraph.position }) } satisfies Element;
  });
}
