// Does a translation still have its original's structure? Each side's landmarks
// are listed in document order: sections (by level), images (by address),
// tables (by columns), code blocks (language and text), links (by address);
// the words are never compared. Where the two lists part, the translation gets
// one warning at its own line: what the original has that it lacks, what it has
// that the original lacks, or a landmark that changed. A translation that kept
// an address or a command the original has since corrected is the danger this
// guards against, so those are named in full.
/// <reference types="remark-directive" />
import { basename, dirname } from 'node:path';
import type { Root } from 'mdast';
import type { VFileMessage } from 'vfile-message';
import { problem } from '../errors.ts';
import { commonSubsequence } from './diff.ts';
import { splitFrontMatter } from '../markdown/frontmatter.ts';
import { normalizeText, parseMarkdown, plainText, readBody, walk } from './markdown.ts';
import { markerOffsets } from './scaffold.ts';

/** A whole index.md (front matter included) and its path as shown in messages. */
export interface MarkdownSource {
  source: string;
  file: string;
  /** Its body's structure, when the caller has read it from a tree of its own (the build's): the text is then not parsed again. */
  structure?: TextStructure;
}

/** What the checks read of a text's tree: its landmarks, and where its code is. */
export interface TextStructure {
  landmarks: Landmark[];
  /** Start and end offsets in the body of each code block and inline code, in order. */
  code: Array<[number, number]>;
}

interface Place {
  line: number;
  column: number;
}

type Landmark = Place &
  (
    | { kind: 'section'; depth: number; text: string }
    | { kind: 'image'; address: string }
    | { kind: 'link'; address: string }
    | { kind: 'table'; columns: number }
    | { kind: 'code'; lang: string; value: string }
  );

type Kind = Landmark['kind'];
type Of<K extends Kind> = Extract<Landmark, { kind: K }>;

/** Warnings at the translation's lines, one for each place where its structure and the original's part. */
export function compareStructure(original: MarkdownSource, translation: MarkdownSource): VFileMessage[] {
  let theirs: Landmark[];
  let ours: Landmark[];
  try {
    theirs = (original.structure ?? readStructure(readBody(original.source).tree)).landmarks;
    ours = (translation.structure ?? readStructure(readBody(translation.source).tree)).landmarks;
  } catch (error) {
    const reason = `could not compare this translation with the original: ${(error as Error).message}`;
    return [problem(reason, { file: translation.file, line: 1, fix: 'this is probably a zinepress bug: report it with both files' }, { warning: true })];
  }
  // The original sits beside its translations: its name is enough.
  const name = dirname(original.file) === dirname(translation.file) ? basename(original.file) : original.file;
  const ids = new Map<string, number>();
  const intern = (landmark: Landmark) => {
    const key = keyOf(landmark);
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    return id;
  };
  const a = Int32Array.from(theirs, intern);
  const b = Int32Array.from(ours, intern);
  const pairs = commonSubsequence(a, b);
  slideToSections(pairs, [a, b], [theirs, ours]);
  const warnings: VFileMessage[] = [];
  for (let t = 0; t <= pairs.length; t++) {
    const [i0, j0] = t > 0 ? pairs[t - 1]! : [-1, -1];
    const [i1, j1] = t < pairs.length ? pairs[t]! : [theirs.length, ours.length];
    if (i1 - i0 === 1 && j1 - j0 === 1) continue;
    const where = { before: j0 >= 0 ? ours[j0] : undefined, after: ours[j1] };
    warnings.push(describeRun(theirs.slice(i0 + 1, i1), ours.slice(j0 + 1, j1), where, name, translation.file));
  }
  return warnings;
}

/**
 * The lines of the passages still marked as to translate, one entry per passage, in order (a marker in code does not count).
 * `structure`: the body's, when the caller has read it already.
 */
export function untranslatedPassages(source: string, structure?: TextStructure): number[] {
  const text = normalizeText(source);
  const { body, rest } = splitFrontMatter(text);
  // The front matter (title, subtitle, back) as written; the body, blanked above, as Markdown.
  const front = text.slice(0, text.length - rest.length);
  const lines = (offsets: number[], of: string) => {
    const lineStarts = [0];
    for (let at = of.indexOf('\n'); at >= 0; at = of.indexOf('\n', at + 1)) lineStarts.push(at + 1);
    return offsets.map((at) => upperBound(lineStarts, at));
  };
  const inBody = markerOffsets(body);
  const code = inBody.length > 0 ? (structure?.code ?? codeRanges(parseMarkdown(body))) : [];
  // Both in document order: one pass.
  let next = 0;
  const inText = inBody.filter((at) => {
    while (next < code.length && code[next]![1] <= at) next++;
    return !(next < code.length && code[next]![0] <= at);
  });
  return [...lines(markerOffsets(front), front), ...lines(inText, body)];
}

/** How many of the sorted `values` are at most `value`: the 1-based line of an offset. */
function upperBound(values: number[], value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** What is compared: a section's level, an address, a table's columns, a code block's language and text. */
function keyOf(landmark: Landmark): string {
  switch (landmark.kind) {
    case 'section':
      return `section ${landmark.depth}`;
    case 'image':
      return `image ${landmark.address}`;
    case 'link':
      // A link to a section names it by its heading, which the translation translates: the build checks where it goes.
      return landmark.address.startsWith('#') ? 'link #' : `link ${landmark.address}`;
    case 'table':
      return `table ${landmark.columns}`;
    case 'code':
      return `code ${landmark.lang}\u0000${landmark.value}`;
  }
}

// Links and images written as HTML: `<a href="…">`, `<img src="…">`.
const htmlAddress = /<(a|img)\b[^>]*?\s(href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/gi;

/** The landmarks and the code of a document's tree, in order. */
export function readStructure(tree: Root): TextStructure {
  return { landmarks: landmarks(tree), code: codeRanges(tree) };
}

/** Where the code blocks and inline code are, in order. */
function codeRanges(tree: Root): Array<[number, number]> {
  const code: Array<[number, number]> = [];
  for (const node of walk(tree)) {
    const { start, end } = node.position ?? {};
    if ((node.type === 'code' || node.type === 'inlineCode') && start?.offset !== undefined && end?.offset !== undefined) code.push([start.offset, end.offset]);
  }
  return code.sort((x, y) => x[0] - y[0]);
}

/** The landmarks of a document, in order. */
function landmarks(tree: Root): Landmark[] {
  const definitions = new Map<string, string>();
  for (const node of walk(tree)) if (node.type === 'definition') definitions.set(node.identifier, node.url);
  const found: Landmark[] = [];
  for (const node of walk(tree)) {
    const start = node.position?.start;
    const place: Place = { line: start?.line ?? 1, column: start?.column ?? 1 };
    switch (node.type) {
      case 'heading':
        found.push({ kind: 'section', depth: node.depth, text: plainText(node).trim(), ...place });
        break;
      case 'image':
        found.push({ kind: 'image', address: node.url, ...place });
        break;
      case 'link':
        found.push({ kind: 'link', address: node.url, ...place });
        break;
      case 'imageReference':
      case 'linkReference': {
        const address = definitions.get(node.identifier);
        if (address !== undefined) found.push({ kind: node.type === 'imageReference' ? 'image' : 'link', address, ...place });
        break;
      }
      case 'table':
        found.push({ kind: 'table', columns: node.children.reduce((most, row) => Math.max(most, row.children.length), node.align?.length ?? 0), ...place });
        break;
      case 'code':
        found.push({ kind: 'code', lang: node.lang ?? '', value: node.value, ...place });
        break;
      case 'html':
        for (const match of node.value.matchAll(htmlAddress)) {
          const [, tag, attribute] = match as unknown as [string, string, string];
          if ((tag.toLowerCase() === 'a') !== (attribute.toLowerCase() === 'href')) continue;
          const address = decodeEntities(match[3] ?? match[4] ?? match[5] ?? '');
          const before = node.value.slice(0, match.index);
          const newlines = before.split('\n').length - 1;
          const column = newlines === 0 ? place.column + match.index : match.index - before.lastIndexOf('\n');
          found.push({ kind: tag.toLowerCase() === 'a' ? 'link' : 'image', address, line: place.line + newlines, column });
        }
        break;
    }
  }
  return found;
}

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>' };
  return text.replace(/&(?:#(\d+)|#x([0-9a-f]+)|(amp|quot|apos|lt|gt));/gi, (entity, decimal?: string, hex?: string, name?: string) => {
    if (name) return named[name.toLowerCase()] ?? entity;
    const code = decimal ? Number(decimal) : Number.parseInt(hex!, 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  });
}

/**
 * Moves each run found on one side only (a missing or an extra part) among the
 * places where it could equally be, to one where it starts with a section: the
 * diff may otherwise take a section's heading for the next one's and report a
 * link and the next heading missing where a whole section is.
 */
function slideToSections(pairs: Array<[number, number]>, ids: [Int32Array, Int32Array], marks: [Landmark[], Landmark[]]): void {
  const at = (t: number): [number, number] => (t < 0 ? [-1, -1] : t >= pairs.length ? [ids[0].length, ids[1].length] : pairs[t]!);
  const isEmpty = (t: number) => at(t)[0] - at(t - 1)[0] === 1 && at(t)[1] - at(t - 1)[1] === 1;
  for (let t = 0; t <= pairs.length; t++) {
    const gapA = at(t)[0] - at(t - 1)[0] - 1;
    const gapB = at(t)[1] - at(t - 1)[1] - 1;
    if ((gapA === 0) === (gapB === 0)) continue;
    const side = gapA > 0 ? 0 : 1;
    const sequence = ids[side];
    const first = () => at(t - 1)[side] + 1;
    const up = (): boolean => {
      if (t === 0 || !isEmpty(t - 1) || sequence[at(t - 1)[side]] !== sequence[at(t)[side] - 1]) return false;
      pairs[t - 1]![side] = at(t)[side] - 1;
      t--;
      return true;
    };
    const down = (): boolean => {
      if (t === pairs.length || !isEmpty(t + 1) || sequence[first()] !== sequence[at(t)[side]]) return false;
      pairs[t]![side] = first();
      t++;
      return true;
    };
    const score = () => {
      const landmark = marks[side][first()]!;
      return landmark.kind === 'section' ? 10 - landmark.depth : 0;
    };
    let above = 0;
    while (up()) above++;
    // Each place from the top; the diff's own wins ties, then the nearest to it.
    let best = above;
    let bestScore = -1;
    let position = 0;
    do {
      const value = score();
      if (value > bestScore || (value === bestScore && Math.abs(position - above) < Math.abs(best - above))) {
        best = position;
        bestScore = value;
      }
      position++;
    } while (down());
    for (let back = position - 1; back > best; back--) up();
  }
}

/** One warning for one place where the two part: `removed` is the original's, `added` the translation's. */
function describeRun(removed: Landmark[], added: Landmark[], where: { before?: Landmark; after?: Landmark }, name: string, file: string): VFileMessage {
  const ref = (landmark: Landmark) => ` (${name}:${landmark.line})`;
  const warn = (reason: string, place: Partial<Place>, fix: string) => problem(reason, { file, ...place, fix }, { warning: true });
  if (added.length === 0) {
    const line = (where.before ?? where.after)?.line ?? 1;
    return warn(`the original has ${describe(removed, ref)} that this translation lacks`, { line }, `bring the translation in step with ${name}: translate the missing part here`);
  }
  const { line, column } = added[0]!;
  if (removed.length === 0) {
    return warn(`this translation has ${describe(added)} that the original lacks`, { line, column }, `bring the translation in step with ${name}: remove it here, or add it to ${name} too`);
  }
  // Landmarks of one kind at one place: changed ones, named one by one.
  const kinds = [...new Set([...removed, ...added].map((landmark) => landmark.kind))];
  const pairs = commonSubsequence(
    removed.map((landmark) => kinds.indexOf(landmark.kind)),
    added.map((landmark) => kinds.indexOf(landmark.kind)),
  );
  if (pairs.length !== removed.length || pairs.length !== added.length) {
    const reason = `this translation has ${describe(added)} where the original has ${describe(removed, ref)}`;
    return warn(reason, { line, column }, `bring the translation in step with ${name}`);
  }
  const changes = pairs.map(([i, j]) => change(added[j]!, removed[i]!, name));
  if (changes.length === 1) {
    const [only] = changes as [Change];
    return warn(`${only.what} differs from the original's (${only.ref}): ${only.detail}`, { line, column }, only.fix);
  }
  const shown = changes.slice(0, 3).map((one) => `${one.what} (${one.ref}): ${one.detail}`);
  if (changes.length > 3) shown.push(`and ${changes.length - 3} more`);
  const fix = changes.every((one) => one.what === changes[0]!.what) ? changes[0]!.fix : `bring the translation in step with ${name}`;
  return warn(`${changes.length} differences from the original: ${shown.join('; ')}`, { line, column }, fix);
}

interface Change {
  what: string;
  ref: string;
  detail: string;
  fix: string;
}

/** How a landmark of the translation differs from the original's of the same kind. */
function change(here: Landmark, there: Landmark, name: string): Change {
  const ref = `${name}:${there.line}`;
  switch (there.kind) {
    case 'section': {
      const ours = here as Of<'section'>;
      const level = (depth: number) => '#'.repeat(depth);
      return { what: 'heading level', ref: `${ref}, ${quote(there.text || level(there.depth))}`, detail: `${level(ours.depth)} here, ${level(there.depth)} there`, fix: `make it a level-${there.depth} heading (${level(there.depth)}), as in ${name}` };
    }
    case 'link':
      return { what: 'link address', ref, detail: `${(here as Of<'link'>).address} here, ${there.address} there`, fix: `use ${name}'s address, or correct ${name} too if this one is right` };
    case 'image':
      return { what: 'image', ref, detail: `${(here as Of<'image'>).address} here, ${there.address} there`, fix: `use ${name}'s image, or change ${name} too` };
    case 'table':
      return { what: 'table', ref, detail: `${count((here as Of<'table'>).columns, 'column')} here, ${there.columns} there`, fix: `give the table ${name}'s ${there.columns} columns` };
    case 'code':
      return { what: 'code block', ref, detail: codeDifference(here as Of<'code'>, there), fix: `copy the code block from ${name}, or correct ${name} too if this one is right` };
  }
}

/** The first thing that differs between two code blocks: language, a line, or their length. */
function codeDifference(here: Of<'code'>, there: Of<'code'>): string {
  if (here.lang !== there.lang) return `${here.lang || 'no language'} here, ${there.lang || 'no language'} there`;
  const ours = here.value.split('\n');
  const theirs = there.value.split('\n');
  for (let n = 0; n < Math.max(ours.length, theirs.length); n++) {
    const mine = ours[n];
    const original = theirs[n];
    if (mine === original) continue;
    if (mine === undefined || original === undefined) return `${count(ours.length, 'line')} here, ${theirs.length} there`;
    if (mine.trim() === original.trim()) return `line ${n + 1} differs in its spaces`;
    let same = 0;
    while (same < mine.length && mine[same] === original[same]) same++;
    return `line ${n + 1} reads ${quote(excerpt(mine, same))} here, ${quote(excerpt(original, same))} there`;
  }
  return 'they differ';
}

/** A line of code around where it starts to differ, cut to a readable length. */
function excerpt(line: string, from: number): string {
  const start = from > 24 ? from - 12 : 0;
  const end = start + 48;
  return `${start > 0 ? '…' : ''}${line.slice(start, end)}${line.length > end ? '…' : ''}`;
}

/** A list of landmarks in a few words: "a section “Liens utiles” (index.md:92) with 2 subsections and 13 links". */
function describe(list: Landmark[], ref: (landmark: Landmark) => string = () => ''): string {
  const headingAt = list.findIndex((landmark) => landmark.kind === 'section');
  const lead = headingAt === -1 ? list : list.slice(0, headingAt);
  const parts: string[] = [];
  if (lead.length > 0) parts.push(`${content(lead)}${ref(lead[0]!)}`);
  if (headingAt !== -1) {
    const sections = list.slice(headingAt);
    const headings = sections.filter((landmark): landmark is Of<'section'> => landmark.kind === 'section');
    const top = headings[0]!;
    const nested = headings.slice(1).every((heading) => heading.depth > top.depth);
    const inside = sections.filter((landmark) => landmark.kind !== 'section');
    const title = (heading: Of<'section'>) => quote(heading.text || '#'.repeat(heading.depth));
    const named = nested ? `a section ${title(top)}${ref(top)}` : `${headings.length} sections, from ${title(top)}${ref(top)} to ${title(headings.at(-1)!)}`;
    const holding = [...(nested && headings.length > 1 ? [count(headings.length - 1, 'subsection')] : []), ...(inside.length > 0 ? [content(inside)] : [])];
    parts.push(holding.length > 0 ? `${named} with ${join(holding)}` : named);
  }
  return join(parts);
}

/** Landmarks other than sections, counted: "a link to https://…", "3 links and an image". */
function content(list: Landmark[]): string {
  const parts: string[] = [];
  const of = <K extends Kind>(kind: K) => list.filter((landmark): landmark is Of<K> => landmark.kind === kind);
  const links = of('link');
  const images = of('image');
  const tables = of('table');
  const code = of('code');
  if (tables.length > 0) parts.push(tables.length === 1 ? `a table of ${count(tables[0]!.columns, 'column')}` : count(tables.length, 'table'));
  if (code.length > 0) parts.push(code.length === 1 ? 'a code block' : count(code.length, 'code block'));
  if (images.length > 0) parts.push(images.length === 1 ? `an image ${images[0]!.address}` : count(images.length, 'image'));
  if (links.length > 0) parts.push(links.length === 1 ? `a link to ${links[0]!.address}` : count(links.length, 'link'));
  return join(parts);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function join(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

function quote(text: string): string {
  const short = text.length > 60 ? `${text.slice(0, 59)}…` : text;
  return `“${short}”`;
}

