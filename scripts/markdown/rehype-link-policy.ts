// A shared PDF can open web pages and e-mail addresses, and jump to its own
// sections; nothing else. A javascript:/data:/vbscript: or file: link, a path
// with backslashes, or a web address on this machine or a private network is a
// fatal message at its Markdown line, and the href is removed.
//
// Guides exported from a website link to its other pages (/rights, ../dns.md,
// page.html) and to apps (umbrella://…). With a base address, relative links
// become the full web address they point to; without one, and for apps' schemes,
// the text is kept without its link and a warning says so (an error with
// `strict`). Nothing ever becomes a file: link.
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { isLocalAddress, isScriptAddress } from '../addresses.ts';

export interface Options {
  /** Web address (http or https) that relative links resolve against. Default: none, relative links are unlinked. */
  base?: string;
  /** Links a PDF cannot follow are fatal messages instead of warnings. Default false. */
  strict?: boolean;
}

const web = /^(https?|mailto):/i;
const anyScheme = /^([a-z][a-z0-9+.-]*):/i;
const email = /^[^\s/:@?#]+@[^\s/:@?#]+\.[^\s/:@?#]+$/;
const webHint = 'link to a web address (https://…), an e-mail address (mailto:…) or a section of the zine (#id of a heading)';

/** rehype plugin: every `<a href>` is http(s), mailto or #fragment (runs before sanitizing, on raw HTML too). */
export default function rehypeLinkPolicy({ base, strict = false }: Options = {}) {
  return (tree: Root, file: VFile) => {
    const refuse = (node: Element, reason: string, note: string) => {
      delete node.properties.href;
      const problem = file.message(reason, node, 'zinepress:link');
      problem.fatal = true;
      problem.note = note;
    };
    const refuseLocal = (node: Element, href: string) =>
      refuse(node, `the link "${shorten(href)}" goes to this machine or a private network: it would open nothing, or someone else's device, for the reader`, 'write the address as text or code (`192.168.1.1`) instead of a link');

    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName !== 'a' || node.properties.href === undefined || node.properties.href === null) return;
      const href = String(node.properties.href).trim();
      const scheme = web.exec(href)?.[1];
      if (scheme && isLocalAddress(href)) return refuseLocal(node, href);
      if (scheme && !href.includes('\\')) {
        // The sanitizer compares schemes case-sensitively: HTTPS: is still the web.
        node.properties.href = scheme.toLowerCase() + href.slice(scheme.length);
        return;
      }
      if (href.startsWith('#') && href.length > 1) return; // checked by rehype-link-targets
      if (isScriptAddress(href)) {
        return refuse(node, `the link "${shorten(href)}" would run a script or open embedded data: a zine links only to web addresses and its own sections`, webHint);
      }
      const other = anyScheme.exec(href)?.[1];
      // file:, C:\…, ..\notes.txt, an empty href: a file on someone's disk, or nothing at all.
      if (/^file$/i.test(other ?? '') || /^[a-z]$/i.test(other ?? '') || href.includes('\\') || href === '' || href === '#') {
        return refuse(node, `the link "${shorten(href)}" is not a web address: a shared PDF cannot open local files or paths`, webHint);
      }
      // "[write to us](us@example.org)": an e-mail address, not a page of the website.
      if (email.test(href)) {
        node.properties.href = `mailto:${href}`;
        return;
      }
      if (!other && base) {
        const resolved = resolve(href, base);
        if (!resolved) return refuse(node, `the link "${shorten(href)}" makes no web address, even against ${base}`, webHint);
        if (isLocalAddress(resolved)) return refuseLocal(node, resolved);
        node.properties.href = resolved;
        return;
      }
      // An app's scheme (umbrella:, tel:, signal:), or a relative link with no base to resolve it against.
      const reason = other
        ? `the link "${shorten(href)}" opens the "${other.toLowerCase()}:" scheme, which a shared PDF cannot follow`
        : `the link "${shorten(href)}" is relative to a website the zine does not name, so a shared PDF cannot follow it`;
      const note = other
        ? 'link to a web address (https://…) instead, or write the link as plain text'
        : 'add `base:` (the web address the guide comes from, e.g. https://example.org/guide/) or `website:` to the front matter to print it as a full address, or write the full address';
      if (strict) return refuse(node, `${reason} (strictLinks is on)`, note);
      const warning = file.message(`${reason}: its text is printed without the link`, node, 'zinepress:link');
      warning.note = note;
      if (parent && index !== undefined) {
        // The words stay where they were; only the link goes.
        parent.children.splice(index, 1, ...node.children);
        return index;
      }
      delete node.properties.href;
    });
  };
}

/** `href` as a full address against `base`, or undefined when it makes none ("//"). */
function resolve(href: string, base: string): string | undefined {
  try {
    return new URL(href, base).href;
  } catch {
    return undefined;
  }
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
