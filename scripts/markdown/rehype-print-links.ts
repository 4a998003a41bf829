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
// Parameters that only track readers; nobody should copy them from paper.
const tracking = /^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid)$/i;

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
  const path = url.pathname.replace(/\/+$/, '');
  return decode(`${host}${port}${path}${url.search}${url.hash}`);
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
