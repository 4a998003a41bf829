// Pages exported from Grav, Jekyll (kramdown) or Python-Markdown wrap Markdown
// in HTML that asks for it to be read: `<div class="h2" markdown="1">## Title</div>`.
// CommonMark keeps such a block as raw HTML, so the page would print "## Title"
// with its hashes. The wrapper goes (its class would be removed anyway) and what
// it holds is read as Markdown, with its lines in index.md.
//
// The same sites indent their HTML with tabs and leave blank lines inside it:
// CommonMark then ends the HTML block at the blank line and reads the rest,
// indented, as a code block that would print the page's markup. A code block
// that starts with a tag, right after an HTML block that left a tag open, is
// read as the HTML it is (and sanitised like any other). Where their HTML
// closes and Markdown follows on the next line with no blank line between
// (`</div>` then `![](images/x.png)`), the Markdown is read as Markdown, as
// those sites do. A paragraph holding nothing but `&nbsp;`, their spacer,
// is dropped: on paper it is an empty line.
import type { Code, Html, Nodes, Parent, Root, RootContent } from 'mdast';
import type { Point } from 'unist';
import type { Processor } from 'unified';
import type { VFile } from 'vfile';

// An opening tag at the start of a line with markdown="1" (or block, span) among its attributes.
const opener = /(?<=^|\n)[ \t]*<([a-z][a-z0-9]*)\b[^>]*?\smarkdown\s*=\s*(["']?)(?:1|block|span)\2(?=[\s/>])[^>]*>/i;
// Nodes whose children are blocks, where such HTML may stand.
const blockParents = new Set(['root', 'blockquote', 'list', 'listItem', 'containerDirective', 'footnoteDefinition']);
const voidElements = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/** remark plugin: HTML with markdown="1" gives up its wrapper and its inside is read as Markdown; HTML cut by a blank line stays HTML. */
export default function remarkHtmlMarkdown(this: Processor) {
  const processor = this;

  return (tree: Root, file: VFile): void => {
    const text = String(file);
    const lineStarts = [0];
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lineStarts.push(at + 1);
    const pointAt = (offset: number): Point => {
      let line = lineStarts.length;
      while (line > 1 && lineStarts[line - 1]! > offset) line--;
      return { line, column: offset - lineStarts[line - 1]! + 1, offset };
    };

    // Iterative: this runs before the depth limit, on trees of any depth.
    const stack: Parent[] = [tree];
    while (stack.length > 0) {
      const parent = stack.pop()!;
      for (let index = 0; index < parent.children.length; index++) {
        const node = parent.children[index]!;
        if (node.type === 'code') reopenHtml(parent, index, node);
        const current = parent.children[index]!;
        if (current.type === 'paragraph' && current.children.every((child) => child.type === 'text' && /^[\s\u00A0]*$/.test(child.value))) {
          parent.children.splice(index, 1);
          index--;
          continue;
        }
        if (current.type === 'html') {
          const kept = unwrap(parent, index, current) ?? splitAfterClose(parent, index, current);
          if (kept !== undefined) {
            // Past the HTML kept before the tag; the first node read from its inside may be such HTML too.
            index += kept - 1;
            continue;
          }
        }
        if (blockParents.has(current.type) && 'children' in current) stack.push(current as Parent);
      }
    }

    /** `before<tag markdown="1">inside</tag>rest` → the HTML before, the blocks of "inside", then of "rest". */
    function unwrap(parent: Parent, index: number, node: Html): 0 | 1 | undefined {
      const match = opener.exec(node.value);
      const start = node.position?.start.offset;
      if (!match || start === undefined || text.slice(start, start + node.value.length) !== node.value) return undefined;
      const name = match[1]!.toLowerCase();
      const insideStart = match.index + match[0].length;
      const before = node.value.slice(0, match.index);
      const close = closingTag(node.value, name, insideStart);
      // Grav's parser takes "##8. Title" for a heading; CommonMark wants the space.
      const inside = node.value.slice(insideStart, close?.start ?? node.value.length).replace(/^([ \t]*#{1,6})(?=[^\s#])/, '$1 ');
      const rest = close ? node.value.slice(close.end) : '';
      const blocks = [
        ...(before.trim() ? [{ type: 'html', value: before.replace(/\s+$/, ''), position: { start: pointAt(start), end: pointAt(start + before.replace(/\s+$/, '').length) } } as Html] : []),
        ...parse(inside, start + insideStart), ...(close ? parse(rest, start + close.end) : [])];
      if (!close) {
        // A blank line ended the block before its closing tag: drop the first lone closing tag after it.
        const at = parent.children.findIndex((sibling, i) => i > index && sibling.type === 'html' && new RegExp(`^\\s*</${name}\\s*>\\s*$`, 'i').test(sibling.value));
        if (at >= 0) parent.children.splice(at, 1);
      }
      parent.children.splice(index, 1, ...(blocks as RootContent[]));
      return before.trim() ? 1 : 0;
    }

    /** `<div>…</div>` then Markdown on the next lines of the same block → the HTML, then the blocks of the Markdown. */
    function splitAfterClose(parent: Parent, index: number, node: Html): 1 | undefined {
      const start = node.position?.start.offset;
      if (start === undefined || text.slice(start, start + node.value.length) !== node.value || !/^\s*<[a-z]/i.test(node.value)) return undefined;
      let depth = 0;
      for (const match of node.value.matchAll(/<(\/?)([a-z][a-z0-9]*)\b[^>]*>/gi)) {
        if (voidElements.has(match[2]!.toLowerCase()) || match[0].endsWith('/>')) {
          if (depth > 0) continue;
        } else depth += match[1] ? -1 : 1;
        if (depth > 0) continue;
        const end = match.index + match[0].length;
        const lineEnd = node.value.indexOf('\n', end);
        if (lineEnd < 0 || node.value.slice(end, lineEnd).trim() !== '') return undefined;
        const rest = node.value.slice(lineEnd + 1);
        if (rest.trim() === '') return undefined;
        const html: Html = { type: 'html', value: node.value.slice(0, end), position: { start: pointAt(start), end: pointAt(start + end) } };
        parent.children.splice(index, 1, html, ...(parse(rest, start + lineEnd + 1) as RootContent[]));
        return 1;
      }
      return undefined;
    }

    /** The Markdown of `value`, which starts at `offset` in index.md, with its positions there. */
    function parse(value: string, offset: number): Nodes[] {
      if (value.trim() === '') return [];
      const parsed = processor.parse(value) as Root;
      const nodes: Nodes[] = [...parsed.children];
      while (nodes.length > 0) {
        const node = nodes.pop()!;
        const { start, end } = node.position ?? {};
        if (start?.offset !== undefined && end?.offset !== undefined) node.position = { start: pointAt(offset + start.offset), end: pointAt(offset + end.offset) };
        else delete node.position;
        if ('children' in node) nodes.push(...(node.children as Nodes[]));
      }
      return parsed.children;
    }

    /** An indented code block of markup after HTML left open becomes HTML again. */
    function reopenHtml(parent: Parent, index: number, node: Code): void {
      const before = parent.children[index - 1];
      if (node.lang || before?.type !== 'html' || !/^\s*<\/?[a-z][^>]*>/i.test(node.value) || !leavesOpen(before.value)) return;
      const start = node.position?.start.offset;
      if (start === undefined || /^\s*(?:```|~~~)/.test(text.slice(start, start + 8))) return;
      const html: Html = { type: 'html', value: node.value, position: node.position };
      parent.children[index] = html;
    }
  };
}

export { remarkHtmlMarkdown };

/** Where the `</name>` that closes an element opened before `from` is, counting nested ones. */
function closingTag(value: string, name: string, from: number): { start: number; end: number } | undefined {
  const tags = new RegExp(`<(/?)${name}\\b[^>]*>`, 'gi');
  tags.lastIndex = from;
  let depth = 1;
  for (let match = tags.exec(value); match; match = tags.exec(value)) {
    depth += match[1] ? -1 : match[0].endsWith('/>') ? 0 : 1;
    if (depth === 0) return { start: match.index, end: match.index + match[0].length };
  }
  return undefined;
}

/** Whether HTML opens more elements than it closes. */
function leavesOpen(value: string): boolean {
  let depth = 0;
  for (const [, slash, name] of value.matchAll(/<(\/?)([a-z][a-z0-9]*)\b[^>]*>/gi)) {
    if (voidElements.has(name!.toLowerCase())) continue;
    depth += slash ? -1 : 1;
  }
  return depth > 0;
}
