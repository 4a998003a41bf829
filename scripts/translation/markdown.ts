// A guide's Markdown as the translation tools read it: the tree remark parses,
// with the MkDocs admonitions and the markdown="1" HTML read as Markdown, as the
// build reads them. Only the parse: no HTML stage, nothing loaded, no network.
/// <reference types="remark-directive" />
import type { Nodes, Root } from 'mdast';
import remarkDirective from 'remark-directive';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { splitFrontMatter } from '../markdown/frontmatter.ts';
import remarkHtmlMarkdown from '../markdown/remark-html-markdown.ts';
import remarkMkdocsAdmonitions from '../markdown/remark-mkdocs-admonitions.ts';

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkDirective).use(remarkMkdocsAdmonitions).use(remarkHtmlMarkdown);

/** The text as the build reads it: no byte order mark, lines ending in "\n" (line numbers stay the same). */
export function normalizeText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/** A whole index.md: its front matter cut off and the body parsed, lines and offsets those of `text`. */
export function readBody(text: string): { yaml: string | undefined; body: string; tree: Root } {
  const { yaml, body } = splitFrontMatter(normalizeText(text));
  return { yaml, body, tree: parseMarkdown(body) };
}

/** The mdast of a Markdown text (the messages of the MkDocs and HTML readers are the build's to give). */
export function parseMarkdown(markdown: string): Root {
  const file = new VFile({ value: markdown });
  return processor.runSync(processor.parse(file), file) as Root;
}

/** Every node under `root` in document order, the root first; `skip` stops the walk below a node. */
export function* walk(root: Nodes, skip?: (node: Nodes) => boolean): Generator<Nodes> {
  // Iterative: a tree of any depth.
  const stack: Nodes[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    yield node;
    if ('children' in node && !skip?.(node)) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as Nodes);
  }
}

/** The text of a node's phrasing, as read (an image counts its alt text). */
export function plainText(node: Nodes): string {
  let text = '';
  for (const child of walk(node)) {
    if (child.type === 'text' || child.type === 'inlineCode') text += child.value;
    else if (child.type === 'image' || child.type === 'imageReference') text += child.alt ?? '';
  }
  return text;
}
