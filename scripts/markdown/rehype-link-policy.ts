// A shared PDF can open web pages and e-mail addresses, and jump to its own
// sections; nothing else. A link to a file, a path, a javascript:/data:/file:
// URL, or this machine or a private network is a fatal message at its Markdown
// line, and the href is removed.
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { isLocalAddress, isScriptAddress } from '../addresses.ts';

const web = /^(https?|mailto):/i;


/** rehype plugin: every `<a href>` is http(s), mailto or #fragment (runs before sanitizing, on raw HTML too). */
export default function rehypeLinkPolicy() {
  return (tree: Root, file: VFile) => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'a' || node.properties.href === undefined || node.properties.href === null) return;
      const href = String(node.properties.href).trim();
      const scheme = web.exec(href)?.[1];
      if (scheme && isLocalAddress(href)) {
        delete node.properties.href;
        const problem = file.message(`the link "${shorten(href)}" goes to this machine or a private network: it would open nothing, or someone else's device, for the reader`, node, 'zinepress:link');
        problem.fatal = true;
        problem.note = 'write the address as text or code (`192.168.1.1`) instead of a link';
        return;
      }
      if (scheme && !href.includes('\\')) {
        // The sanitizer compares schemes case-sensitively: HTTPS: is still the web.
        node.properties.href = scheme.toLowerCase() + href.slice(scheme.length);
        return;
      }
      if (href.startsWith('#') && href.length > 1) return; // checked by rehype-link-targets
      delete node.properties.href;
      const script = isScriptAddress(href);
      const reason = script
        ? `the link "${shorten(href)}" would run a script or open embedded data: a zine links only to web addresses and its own sections`
        : `the link "${shorten(href)}" is not a web address: a shared PDF cannot open local files or paths`;
      const problem = file.message(reason, node, 'zinepress:link');
      problem.fatal = true;
      problem.note = 'link to a web address (https://…), an e-mail address (mailto:…) or a section of the zine (#id of a heading)';
    });
  };
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
