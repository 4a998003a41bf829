// On paper a link cannot be clicked: print its address after it, shortened
// to what a reader would type, unless the link text already shows it.
import { domainToUnicode } from 'node:url';
import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { SKIP, visit } from 'unist-util-visit';

export interface Options {
  /** Class of the added `<span>`, for styling it in print CSS. Default "link-address". */
  className?: string;
}

const external = /^(?:https?:|mailto:)/i;
// Parameters that only track readers or say where they came from; nobody should copy them from paper.
const tracking = /^(?:utm_\w+|fbclid|gclid|dclid|msclkid|yclid|mc_cid|mc_eid|igshid|igsh|si|ref|ref_src|ref_url|src|source|feature|share|_hsenc|_hsmi|mkt_tok|spm|s_cid|cmpid|trk)$/i;
/** Longer than this once shortened, an address also loses its query and fragment. */
const LONG = 45;

/** Shortens a URL to what a person would type: "https://www.signal.org/download/" → "signal.org/download". */
export function shortenUrl(href: string): string {
  const trimmed = href.trim();
  if (/^mailto:/i.test(trimmed)) return decode(trimmed.slice('mailto:'.length).split('?')[0]);
  if (/^[^\s/:@]+@[^\s/:@]+$/.test(trimmed)) return trimmed; // an e-mail address written out
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    return trimmed.replace(/^[a-z]+:\/\//i, '').replace(/^www\./i, '').replace(/\/+$/, '');
  }
  for (const name of [...url.searchParams.keys()]) {
    if (tracking.test(name)) url.searchParams.delete(name);
  }
  const host = (domainToUnicode(url.hostname) || url.hostname).replace(/^www\./, '');
  const port = url.port ? `:${url.port}` : '';
  let path = url.pathname.replace(/\/+$/, '');
  // Where the page was reached from, not the page: flickr's "/in/album-…", "/in/photostream".
  if (/(^|\.)flickr\.com$/.test(host)) path = path.replace(/\/in\/.*$/, '');
  // A text fragment ("#:~:text=…") only highlights words.
  const hash = url.hash.startsWith('#:~:') ? '' : url.hash;
  const full = decode(`${host}${port}${path}${url.search}${hash}`);
  // A long address is typed by hand: the page is enough, when the path names it.
  if (full.length > LONG && path.length > 1 && !/\.(?:php|aspx?|cgi|jsp)$|\/(?:watch|index|view\w*|show\w*|item)$/i.test(path)) return decode(`${host}${port}${path}`);
  return full;
}

/** "S%C3%A9curit%C3%A9" → "Sécurité": readers type letters, not escapes. */
function decode(text: string): string {
  try {
    return decodeURI(text);
  } catch {
    return text;
  }
}

/** rehype plugin: ` (signal.org)` after each external link whose text is not its address. */
export default function rehypePrintLinks(options: Options = {}) {
  const { className = 'link-address' } = options;

  return (tree: Root): void => {
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName !== 'a' || parent === undefined || index === undefined) return;
      const href = node.properties.href;
      if (typeof href !== 'string' || !external.test(href)) return;
      const address = shortenUrl(href);
      if (shortenUrl(toString(node)).toLowerCase() === address.toLowerCase()) return SKIP;
      const span: Element = {
        type: 'element',
        tagName: 'span',
        properties: { className: [className] },
        children: [{ type: 'text', value: ` (${address})` }],
      };
      parent.children.splice(index + 1, 0, span);
      return [SKIP, index + 2];
    });
  };
}

export { rehypePrintLinks };
