// Guides written for MkDocs make their boxes with admonitions: `!!! note "Title"`
// and a body indented by four spaces (`???` and `???+` for the folding ones).
// CommonMark reads the body as code, so printed as written the box would show
// "!!! note" and a code block. They become the zine's callouts instead
// (remark-callouts draws them), each with a warning that says how to write it here.
/// <reference types="remark-directive" />
import type { Nodes, Paragraph, Parent, Root, RootContent } from 'mdast';
import type { Point } from 'unist';
import type { Processor } from 'unified';
import type { VFile } from 'vfile';

export interface Options {
  /** Admonition types printed as an `:::attention` box; every other type is an `:::astuce` box. Default: warning, danger, caution, attention, error, failure, bug. */
  attentionTypes?: string[];
}

type ContainerDirective = Extract<Nodes, { type: 'containerDirective' }>;

// Python-Markdown's syntax: the type, more classes ("inline end"), an optional quoted title.
const header = /^(!!!|\?\?\?\+?)[ \t]*([\w-]+)(?:[ \t]+[\w-]+)*(?:[ \t]+"(.*?)")?[ \t]*\r?$/;
// Nodes whose children are blocks, where an admonition may stand.
const blockParents = new Set(['root', 'blockquote', 'list', 'listItem', 'containerDirective', 'footnoteDefinition']);

/** remark plugin: MkDocs admonitions become `:::attention` / `:::astuce` callouts, with a warning at each. */
export default function remarkMkdocsAdmonitions(this: Processor, options: Options = {}) {
  const attention = new Set(options.attentionTypes ?? ['warning', 'danger', 'caution', 'attention', 'error', 'failure', 'bug']);
  const processor = this;

  return (tree: Root, file: VFile): void => {
    const lines = String(file).split('\n');
    const lineStarts: number[] = [];
    lines.reduce((offset, line) => (lineStarts.push(offset), offset + line.length + 1), 0);
    // Iterative: this runs before the depth limit, on trees of any depth.
    const stack: Parent[] = [tree];
    while (stack.length > 0) {
      const parent = stack.pop()!;
      for (let index = 0; index < parent.children.length; index++) {
        const node = parent.children[index]!;
        const box = node.type === 'paragraph' ? convert(parent, index, node) : undefined;
        if (box) stack.push(box);
        else if (blockParents.has(node.type) && 'children' in node) stack.push(node as Parent);
      }
    }

    /** Replaces the admonition that starts with `paragraph` (and the blocks of its body) by a callout. */
    function convert(parent: Parent, index: number, paragraph: Paragraph): ContainerDirective | undefined {
      const start = paragraph.position?.start;
      if (!start) return undefined;
      const line = lines[start.line - 1] ?? '';
      const match = header.exec(line.slice(start.column - 1));
      if (!match) return undefined;
      const [, marker, type, title] = match as unknown as [string, string, string, string | undefined];
      const kind = attention.has(type.toLowerCase()) ? 'attention' : 'astuce';
      const written = `${marker} ${type}${title ? ` "${title}"` : ''}`;
      const indent = start.column - 1;
      // Inside a quote the lines start with ">": the body cannot be cut out of them.
      if (/\S/.test(line.slice(0, indent))) {
        const warning = file.message(`MkDocs admonition \`${written}\` inside a quote would print as written`, paragraph, 'zinepress:foreign-markup');
        warning.note = `write it as :::${kind}${title ? `[${title}]` : ''}, its text unindented, then ::: on a line of its own, outside the quote`;
        return undefined;
      }
      // The body: the lines indented four more than the "!!!", and blank lines between them.
      let end = start.line;
      for (let n = start.line + 1; n <= lines.length; n++) {
        const text = lines[n - 1]!;
        if (/^\s*$/.test(text)) continue;
        if (!/^\s*$/.test(text.slice(0, indent)) || !/^(?: {4}|\t)/.test(text.slice(indent))) break;
        end = n;
      }
      // The blocks the body was parsed into; a lazy paragraph line may reach past the indented ones.
      let count = 0;
      while (index + count < parent.children.length && (parent.children[index + count]!.position?.start.line ?? Infinity) <= end) {
        end = Math.max(end, parent.children[index + count]!.position!.end.line);
        count++;
      }
      const cut: number[] = [];
      const body = lines.slice(start.line, end).map((text) => {
        const dedented = text.slice(0, indent).trim() === '' ? text.slice(indent).replace(/^(?: {1,4}|\t)/, '') : text;
        cut.push(text.length - dedented.length);
        return dedented.replace(/\r$/, '');
      });
      const parsed = processor.parse(body.join('\n')) as Root;
      // Positions back into index.md: messages name its lines, remark-callouts reads its text.
      const moved = (point: Point): Point => {
        const lineNumber = start.line + point.line;
        const column = point.column + (cut[point.line - 1] ?? 0);
        return { line: lineNumber, column, offset: (lineStarts[lineNumber - 1] ?? 0) + column - 1 };
      };
      const nodes: Nodes[] = [...parsed.children];
      while (nodes.length > 0) {
        const node = nodes.pop()!;
        if (node.position) node.position = { start: moved(node.position.start), end: moved(node.position.end) };
        if ('children' in node) nodes.push(...(node.children as Nodes[]));
      }
      const children = parsed.children as ContainerDirective['children'];
      // MkDocs shows no title for `""`; a callout always has one, so the zine's own is used.
      if (title) children.unshift({ type: 'paragraph', data: { directiveLabel: true }, children: [{ type: 'text', value: title }] });
      const last = lines[end - 1] ?? '';
      const box: ContainerDirective = {
        type: 'containerDirective',
        name: kind,
        attributes: {},
        children,
        position: { start, end: { line: end, column: last.length + 1, offset: (lineStarts[end - 1] ?? 0) + last.length } },
      };
      parent.children.splice(index, count, box as RootContent);
      const warning = file.message(`MkDocs admonition \`${written}\` is printed as a callout box (:::${kind})`, start, 'zinepress:foreign-markup');
      warning.note = `to write it for zinepress: :::${kind}${title ? `[${title}]` : ''}, then its text unindented, then ::: on a line of its own`;
      return box;
    }
  };
}

export { remarkMkdocsAdmonitions };
