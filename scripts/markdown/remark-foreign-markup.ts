// Guides written for other site generators carry their markup, which Markdown
// prints as written: MkDocs content tabs (`=== "Tab"`), snippet includes
// (`--8<-- "file"`), attribute lists (`{ .md-button }`, `{: .class }`, `{#id}`)
// and Hugo shortcodes (`{{< … >}}`, `{{% … %}}`). Each is a warning at its line
// saying what it is and what to do; the text is left as it is, so nothing the
// author wrote disappears unseen.
import type { Html, Root, Text } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

export interface Options {
  /** Longest piece of markup quoted in a warning, in characters. Default 60. */
  maxQuoteLength?: number;
}

interface Found {
  /** Offset of the markup in the text node's value. */
  at: number;
  reason: string;
  fix: string;
}

const tab = /^===[!+]?[ \t]+"([^"\n]*)"/;
// pymdownx.snippets: `--8<-- "includes/abbreviations.txt"` on a line, or a bare `--8<--` opening a list of files.
const snippet = /^-{2,}8<-{2,}(?:[ \t]+(["'])([^"'\n]*)\1)?[ \t]*(?=\n|$)/;
const shortcode = /\{\{[<%][^\n]*?[%>]\}\}/g;
const attribute = String.raw`(?:[.#][\w-]+|[\w-]+=(?:"[^"\n]*"|'[^'\n]*'|[^\s}]+))`;
// `{: …}` always; `{ … }` only with a class or an id, so that "{a=1}" in prose is left alone.
const attributeList = new RegExp(String.raw`\{:[ \t]*${attribute}?(?:[ \t]+${attribute})*[ \t]*\}|\{[ \t]*(?=[^}\n]*[.#][\w-])${attribute}(?:[ \t]+${attribute})*[ \t]*\}`, 'g');

/** remark plugin: a warning at each piece of another tool's markup that would print as written. */
export default function remarkForeignMarkup(options: Options = {}) {
  const { maxQuoteLength = 60 } = options;
  const quote = (text: string) => (text.length > maxQuoteLength ? `${text.slice(0, maxQuoteLength - 1)}…` : text);

  return (tree: Root, file: VFile): void => {
    visit(tree, (node, index, parent) => {
      if (node.type !== 'text' && node.type !== 'html') return;
      const found: Found[] = [];
      // In raw HTML (a shortcode inside <details>, say) only shortcodes: its tags are another plugin's business.
      const html = node.type === 'html';
      const atLineStart = (offset: number) => (offset === 0 ? index === 0 && parent?.type === 'paragraph' : node.value[offset - 1] === '\n');
      // Tabs and snippets: markup of a line of its own, never in raw HTML.
      for (let offset = 0; !html && offset < node.value.length; offset = node.value.indexOf('\n', offset) + 1 || node.value.length) {
        if (!atLineStart(offset)) continue;
        const line = node.value.slice(offset);
        const match = tab.exec(line);
        if (match) {
          found.push({
            at: offset,
            reason: `MkDocs content tab \`${quote(match[0])}\` would print as written, and the text indented under it as code`,
            fix: `remove the === line and unindent its text, or write the tab's content as a section (## ${match[1] || 'its title'})`,
          });
        }
        const include = snippet.exec(line);
        if (include) {
          found.push({
            at: offset,
            reason: `MkDocs snippet \`${quote(include[0])}\` would print as written: the file it names is not included`,
            fix: include[2] ? `paste the text of ${include[2]} here, or remove the line` : 'paste the text of the files it lists here, or remove its lines',
          });
        }
      }
      for (const match of node.value.matchAll(shortcode)) {
        found.push({
          at: match.index,
          reason: `Hugo shortcode \`${quote(match[0])}\` would print as written`,
          fix: 'remove it, or write what it shows in Markdown: a link, an image, a :::astuce box',
        });
      }
      for (const match of html ? [] : node.value.matchAll(attributeList)) {
        found.push({
          at: match.index,
          reason: `attribute list \`${quote(match[0])}\` (MkDocs, kramdown, Pandoc) would print as written`,
          fix: 'remove it: the zine gives every element of a kind the same look',
        });
      }
      for (const { at, reason, fix } of found.sort((a, b) => a.at - b.at)) {
        const place = placeOf(node, at);
        const warning = file.message(reason, place && { line: place.line, column: place.column ?? 1 }, 'zinepress:foreign-markup');
        // Later lines of a paragraph lose their indentation in the text: only the first line's column is sure.
        if (place && place.column === undefined) warning.column = undefined;
        warning.note = fix;
      }
    });
  };
}

export { remarkForeignMarkup };

/** The line (and, on the node's first line, the column) of `offset` in a text or HTML node. */
function placeOf(node: Text | Html, offset: number): { line: number; column?: number } | undefined {
  const start = node.position?.start;
  if (!start) return undefined;
  const before = node.value.slice(0, offset);
  const newlines = before.split('\n').length - 1;
  return newlines === 0 ? { line: start.line, column: start.column + offset } : { line: start.line + newlines };
}
