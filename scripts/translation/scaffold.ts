// A translation started from its original: index.<lang>.md holds the original's
// Markdown byte for byte, each passage to translate marked at the start of its
// text (`TODO(nl) `), so that links, images, code, tables and directives stay
// exactly as they are and the structure check finds nothing to say. The marker
// shows in the PDF if forgotten, and the build counts what is left.
/// <reference types="remark-directive" />
import type { Link, Nodes, Root } from 'mdast';
import { Document, parseDocument, Scalar } from 'yaml';
import { fail } from '../errors.ts';
import { splitFrontMatter } from '../markdown/frontmatter.ts';
import { normalizeText, parseMarkdown, plainText, walk } from './markdown.ts';

/** What marks a passage still to translate, at the start of its text: `TODO(nl) `. */
export function translationMarker(lang: string): string {
  return `TODO(${lang}) `;
}

// The marker of any language tag; the space after it may have gone.
const marker = /TODO\([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*\)/g;

/** Where the markers are in `text` (offsets), whatever their language. */
export function markerOffsets(text: string): number[] {
  return [...text.matchAll(marker)].map((match) => match.index);
}

export interface ScaffoldOptions {
  /** The translation's language tag, e.g. "nl". */
  lang: string;
  /** The edition of the original it translates (`translates:`). */
  edition: string | number;
  /** The original as shown in messages. */
  file?: string;
}

/** The text of a new index.<lang>.md: the original's words marked as to translate, all else as it is. */
export function translationScaffold(original: string, { lang, edition, file }: ScaffoldOptions): string {
  const { yaml, rest } = splitFrontMatter(normalizeText(original));
  const settings = readSettings(yaml, file);
  const mark = translationMarker(lang);
  const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);
  const title = text(settings.title);
  const subtitle = text(settings.subtitle);
  const back = text(settings.back);
  // Only what a translation changes: the design keys stay in the original.
  const front = new Document({
    ...(title?.trim() ? { title: mark + title } : {}),
    ...(subtitle?.trim() ? { subtitle: mark + subtitle } : {}),
    lang,
    translates: edition,
    // The back cover is Markdown: its passages are marked as the body's.
    ...(back?.trim() ? { back: markPassages(back, mark).replace(/\n*$/, '\n') } : {}),
  });
  const backNode = front.get('back', true);
  if (backNode instanceof Scalar) backNode.type = Scalar.BLOCK_LITERAL;
  return `---\n${front.toString({ lineWidth: 0 })}---\n${markPassages(rest, mark)}`;
}

/** `markdown` with `mark` inserted at the start of each passage to translate; nothing else changes. */
export function markPassages(markdown: string, mark: string): string {
  const offsets = passageOffsets(parseMarkdown(markdown), markdown);
  let out = '';
  let from = 0;
  for (const at of offsets) {
    out += markdown.slice(from, at) + mark;
    from = at;
  }
  return out + markdown.slice(from);
}

// Blocks whose children are a passage's text.
const passages = new Set(['heading', 'paragraph', 'tableCell', 'leafDirective']);
// An admonition's header up to the opening quote of its title: `!!! warning "`.
const admonitionTitle = /^(?:!!!|\?\?\?\+?)[ \t]*[\w-]+(?:[ \t]+[\w-]+)*[ \t]+"/;

/** Where each passage to translate starts (offsets in `source`, ascending): headings, paragraphs, table cells and labels with words of their own. */
export function passageOffsets(tree: Root, source: string): number[] {
  const offsets = new Set<number>();
  for (const node of walk(tree, (parent) => passages.has(parent.type))) {
    if (node.type === 'containerDirective') {
      // A MkDocs admonition's title is read from its header line: the title paragraph has no place of its own.
      const label = node.children[0];
      const start = node.position?.start.offset;
      if (label?.type !== 'paragraph' || !label.data?.directiveLabel || label.position || start === undefined || !hasWords(label)) continue;
      const lineEnd = source.indexOf('\n', start);
      const header = admonitionTitle.exec(source.slice(start, lineEnd === -1 ? undefined : lineEnd));
      if (header) offsets.add(start + header[0].length);
      continue;
    }
    if (!passages.has(node.type) || !('children' in node) || !hasWords(node)) continue;
    const at = (node.children[0] as Nodes | undefined)?.position?.start.offset;
    if (at !== undefined) offsets.add(at);
  }
  return [...offsets].sort((a, b) => a - b);
}

/** Whether a passage has words of its own: letters outside code, images, HTML and bare addresses. */
function hasWords(node: Nodes): boolean {
  for (const child of walk(node, (parent) => parent.type === 'link' && isBareAddress(parent))) {
    if (child.type === 'text' && /\p{L}/u.test(child.value)) return true;
  }
  return false;
}

/** A link that shows its own address (`<https://x.org>`, `www.x.org`, `[x.org](https://x.org/)`): nothing to translate. */
function isBareAddress(link: Link): boolean {
  const bare = (address: string) =>
    address
      .trim()
      .toLowerCase()
      .replace(/^(?:https?:\/\/|mailto:)/, '')
      .replace(/^www\./, '')
      .replace(/\/$/, '');
  return bare(plainText(link)) === bare(link.url);
}

/** The original's front matter, read; whatever keeps it from being read stops the scaffold. */
function readSettings(yaml: string | undefined, file: string | undefined): Record<string, unknown> {
  if (yaml === undefined) {
    fail('the original has no front matter to start a translation from', { file, line: 1, fix: 'start the original with its front matter (title:, lang:, edition:, date: between two "---" lines)' });
  }
  const doc = parseDocument(yaml, { prettyErrors: false, uniqueKeys: true });
  const [error] = doc.errors;
  const fix = 'fix the original\'s front matter first: `zinepress build` names each problem';
  if (error) fail(`the original's front matter is malformed: ${error.message.split('\n')[0]}`, { file, fix });
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    fail(`the original's front matter is malformed: ${(error as Error).message.split('\n')[0]}`, { file, fix });
  }
  if (data !== null && data !== undefined && (typeof data !== 'object' || Array.isArray(data))) {
    fail('the original\'s front matter must be a list of "key: value" lines', { file, fix });
  }
  return (data ?? {}) as Record<string, unknown>;
}
