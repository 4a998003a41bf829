// Boxes for the guide's warnings and tips, written as `:::attention` … `:::`.
// remark-directive also reads ordinary French as directives ("10:30",
// "voir:ceci"): everything that is not a callout goes back to its text.
/// <reference types="remark-directive" />
import type { Nodes, Paragraph, Parent, PhrasingContent, Root, Text } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { wordsLanguage, type WordsLang } from '../languages.ts';

export interface Options {
  /** Language of the default titles ("Attention"/"Astuce", "Warning"/"Tip", "Let op"/"Tip", "Atención"/"Consejo", "Achtung"/"Tipp"; English for others). Default "fr". */
  lang?: string;
}

type Kind = 'attention' | 'astuce';
// The directive node types that remark-directive adds to mdast.
type ContainerDirective = Extract<Nodes, { type: 'containerDirective'; }>;
type LeafDirective = Extract<Nodes, { type: 'leafDirective'; }>;
type TextDirective = Extract<Nodes, { type: 'textDirective'; }>;
type Directive = ContainerDirective | LeafDirective | TextDirective;

const kinds: Record<string, Kind> = {
  attention: 'attention',
  warning: 'attention',
  astuce: 'astuce',
  tip: 'astuce',
};
const titles: Record<WordsLang, Record<Kind, string>> = {
  fr: { attention: 'Attention', astuce: 'Astuce' },
  en: { attention: 'Warning', astuce: 'Tip' },
  nl: { attention: 'Let op', astuce: 'Tip' },
  es: { attention: 'Atención', astuce: 'Consejo' },
  de: { attention: 'Achtung', astuce: 'Tipp' },
};
const markers = { containerDirective: ':::', leafDirective: '::', textDirective: ':' };

/** remark plugin: `:::attention` and `:::astuce` become `<aside class="callout …">`. */
export default function remarkCallouts(options: Options = {}) {
  // Any other language gets English titles, as the rest of the template's words.
  const title = titles[wordsLanguage(options.lang ?? 'fr') ?? 'en'];

  return (tree: Root, file: VFile): void => {
    const source = String(file);
    const touched = new Set<Parent>();
    const warn = (reason: string, node: Directive) =>
      file.message(`${reason}; use :::attention or :::astuce`, {
        place: node.position,
        ruleId: 'unknown-directive',
        source: 'remark-callouts',
      });
    visit(tree, (node, index, parent) => {
      const directive =
        node.type === 'containerDirective' || node.type === 'leafDirective' || node.type === 'textDirective';
      if (!directive) return;
      const kind = Object.hasOwn(kinds, node.name) ? kinds[node.name] : undefined;
      if (node.type === 'containerDirective') {
        if (kind) makeCallout(node, kind, title[kind]);
        else {
          warn(`Unknown directive ":::${node.name}": its content is kept as a plain block`, node);
          node.data = { ...node.data, hName: 'div' };
        }
        return;
      }
      if (parent === undefined || index === undefined) return;
      // "10:30", "voir:ceci": remark-directive read a word as a directive; put the words back.
      if (node.type === 'leafDirective') {
        warn(`Unknown directive "::${node.name}": kept as text`, node);
        const children = restoreText(node, source);
        const paragraph: Paragraph = { type: 'paragraph', children, position: node.position };
        parent.children.splice(index, 1, paragraph);
        touched.add(paragraph);
      } else {
        parent.children.splice(index, 1, ...restoreText(node, source));
        touched.add(parent);
      }
      return index;
    });
    for (const parent of touched) mergeTexts(parent);
  };
}

export { remarkCallouts };

function makeCallout(node: ContainerDirective, kind: Kind, defaultTitle: string): void {
  const className = ['callout', `callout-${kind}`];
  node.data = { ...node.data, hName: 'aside', hProperties: { className } };
  const first = node.children[0];
  const label = first?.type === 'paragraph' && first.data?.directiveLabel ? first : undefined;
  const heading: Paragraph = label ?? { type: 'paragraph', children: [{ type: 'text', value: defaultTitle }] };
  heading.data = { ...heading.data, hProperties: { className: ['callout-title'] } };
  if (!label) node.children.unshift(heading);
}

/** The directive as it was written: its source around its label, whose inline content is kept as parsed. */
function restoreText(node: LeafDirective | TextDirective, source: string): PhrasingContent[] {
  const children = node.children;
  const start = node.position?.start;
  const end = node.position?.end;
  const first = children.length > 0 ? children[0].position?.start : end;
  const last = children.length > 0 ? children.at(-1)!.position?.end : end;
  const offsets = [start?.offset, first?.offset, last?.offset, end?.offset];
  let pieces: Text[];
  if (start && first && last && end && offsets.every((offset) => offset !== undefined)) {
    pieces = [
      { type: 'text', value: source.slice(start.offset, first.offset), position: { start, end: first } },
      { type: 'text', value: source.slice(last.offset, end.offset), position: { start: last, end } },
    ];
  } else {
    // A tree built by another plugin has no positions: rebuild the text from the node.
    const label = children.length > 0;
    pieces = [
      { type: 'text', value: markers[node.type] + node.name + (label ? '[' : '') },
      { type: 'text', value: (label ? ']' : '') + formatAttributes(node) },
    ];
  }
  return [pieces[0], ...children, pieces[1]].filter((child) => child.type !== 'text' || child.value !== '');
}

function formatAttributes(node: Directive): string {
  const entries = Object.entries(node.attributes ?? {}).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string',
  );
  if (entries.length === 0) return '';
  return `{${entries.map(([key, value]) => `${key}="${value}"`).join(' ')}}`;
}

/** Joins neighbouring text nodes, so later plugins see "10:30" as one piece of text. */
function mergeTexts(parent: Parent): void {
  const merged: typeof parent.children = [];
  for (const child of parent.children) {
    const previous = merged.at(-1);
    if (previous?.type === 'text' && child.type === 'text') {
      const start = previous.position?.start;
      const end = child.position?.end;
      const position = start && end ? { start, end } : undefined;
      const value = previous.value + child.value;
      merged[merged.length - 1] = { type: 'text', value, ...(position && { position }) };
    } else merged.push(child);
  }
  parent.children = merged as typeof parent.children;
}
