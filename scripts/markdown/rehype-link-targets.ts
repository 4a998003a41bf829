// Links inside the zine: "#s-liens-utiles" is the heading's id, and "#liens-utiles"
// (the slug of its title, as an author would write it) is rewritten to it. A
// fragment that names no element of the zine is a fatal message at its line.
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { slugify } from './rehype-heading-ids.ts';

export interface Options {
  /** The heading-id prefix (as given to rehype-heading-ids). Default "s-". */
  prefix?: string;
}

/** rehype plugin: every `<a href="#…">` goes to an id of the document (runs after heading ids). */
export default function rehypeLinkTargets({ prefix = 's-' }: Options = {}) {
  return (tree: Root, file: VFile) => {
    const ids = new Set<string>();
    visit(tree, 'element', (node: Element) => {
      if (typeof node.properties.id === 'string') ids.add(node.properties.id);
    });
    visit(tree, 'element', (node: Element) => {
      const href = node.properties.href;
      if (node.tagName !== 'a' || typeof href !== 'string' || !href.startsWith('#')) return;
      const wanted = decode(href.slice(1));
      const found = [wanted, prefix + wanted, prefix + slugify(wanted)].find((id) => ids.has(id));
      if (found) {
        node.properties.href = `#${found}`;
        return;
      }
      const example = file.data.headings?.[0]?.id;
      const problem = file.message(`the link "${href}" goes to no section of the zine`, node, 'zinepress:link');
      problem.fatal = true;
      problem.note = `link to a heading by the slug of its title${example ? `, e.g. #${example.slice(prefix.length)}` : ''}`;
    });
  };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
