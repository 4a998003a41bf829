// Every <img> must come from the zine's own folder: the loader (given by the
// build, which does the I/O) resolves, cleans and inlines it as a data: URL.
// A refused or broken image is a fatal message at its Markdown line.
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

export interface Options {
  /** src as written in the Markdown, and the line of the image → data: URL of the cleaned image; throws with a `hint` to refuse. */
  load: (src: string, line?: number) => Promise<string>;
}

/** rehype plugin: replace each image src by what `load` returns. */
export default function rehypeLocalImages({ load }: Options) {
  return async (tree: Root, file: VFile) => {
    const images: Element[] = [];
    visit(tree, 'element', (node: Element) => {
      if (node.tagName === 'img') images.push(node);
    });
    for (const node of images) {
      const src = String(node.properties.src ?? '');
      try {
        node.properties.src = await load(src, node.position?.start.line);
      } catch (error) {
        // A refused image never reaches the page, even where errors are not fatal.
        delete node.properties.src;
        const { message, hint } = error as Error & { hint?: string };
        const problem = file.message(message, node, 'zinepress:image');
        problem.fatal = true;
        problem.note = hint;
      }
    }
  };
}
