// The tag tree of real builds (the guide, and tests/fixtures/zines/tag-tree with a
// figure, a table and a heading that skips two levels), read back with qpdf --json
// and pdfjs-dist, never with what wrote it.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/build.ts';
import { fixtureZines } from '../helpers/fixtures.ts';
import { letters } from '../helpers/pdf-text.ts';
import { run } from './make.ts';

const guide = 'sorganiser-se-proteger';
const sampler = 'tag-tree';
const outputDir = mkdtempSync(join(tmpdir(), 'zinepress-tags-'));
const pdfOf = (zine: string) => join(outputDir, zine, `${zine}.pdf`);

/** A structure element as qpdf reads it. */
interface Elem {
  type: string;
  alt?: string;
  kids: (Elem | { mcid: number } | { objr: string })[];
}
/** One page as pdfjs reads it: its structure tree, the text of each tagged sequence, of each artifact, and what is in neither. */
interface Page {
  tree: StructNode;
  tagged: Map<string, string>;
  artifacts: string[];
  unmarked: string;
}
interface StructNode {
  role?: string;
  alt?: string;
  type?: string;
  id?: string;
  children?: StructNode[];
}

/** The document's objects as qpdf --json gives them. */
function qpdfObjects(pdf: string): Record<string, { value?: any; stream?: { dict: any } }> {
  return JSON.parse(run('qpdf', ['--json=2', pdf])).qpdf[1];
}

/** The catalog and the structure tree (under StructTreeRoot), read with qpdf. */
function readTags(pdf: string): { catalog: any; tree: Elem[]; annotations: string[]; info: any } {
  const objects = qpdfObjects(pdf);
  const value = (item: any) => (typeof item === 'string' && item.endsWith(' R') ? (objects[`obj:${item}`]?.value ?? objects[`obj:${item}`]?.stream?.dict) : item);
  const list = (k: any): any[] => (k === undefined ? [] : Array.isArray(k) ? k : [k]);
  const elem = (dict: any): Elem => ({
    type: dict['/S'].slice(1),
    alt: dict['/Alt']?.replace(/^u:/, ''),
    kids: list(dict['/K']).map((kid) => {
      if (typeof kid === 'number') return { mcid: kid };
      const kidDict = value(kid);
      if (kidDict['/Type'] === '/MCR') return { mcid: kidDict['/MCID'] };
      if (kidDict['/Type'] === '/OBJR') return { objr: kidDict['/Obj'] };
      return elem(kidDict);
    }),
  });
  const trailer = objects.trailer!.value;
  const catalog = value(trailer['/Root']);
  const root = value(catalog['/StructTreeRoot']);
  const pages = Object.values(objects).map((object) => object.value).filter((dict) => dict?.['/Type'] === '/Page');
  const annotations = pages.flatMap((page) => list(value(page['/Annots']))).filter((ref) => value(ref)['/Subtype'] === '/Link');
  return { catalog, tree: list(root['/K']).map((kid) => elem(value(kid))), annotations, info: value(trailer['/Info']) };
}

/** Every element of a tree, depth first. */
const all = (elems: Elem[]): Elem[] => elems.flatMap((elem) => [elem, ...all(elem.kids.filter((kid): kid is Elem => 'type' in kid))]);

/** Each page's structure tree and marked content, read with pdfjs-dist. */
async function readPages(pdf: string): Promise<Page[]> {
  const doc = await getDocument({ data: new Uint8Array(readFileSync(pdf)), verbosity: 0 }).promise;
  const pages: Page[] = [];
  for (let number = 1; number <= doc.numPages; number++) {
    const page = await doc.getPage(number);
    const tagged = new Map<string, string>();
    const artifacts: string[] = [];
    let unmarked = '';
    // Text belongs to the nearest sequence with an MCID, or to an artifact around it.
    const open: { id?: string; artifact?: number }[] = [];
    for (const item of (await page.getTextContent({ includeMarkedContent: true })).items) {
      if ('str' in item) {
        // Chromium draws no space where a line wraps: the end of a line counts as one.
        const str = item.hasEOL ? `${item.str} ` : item.str;
        const owner = open.findLast((entry) => entry.id !== undefined || entry.artifact !== undefined);
        if (owner?.artifact !== undefined) artifacts[owner.artifact] += str;
        else if (owner?.id !== undefined) tagged.set(owner.id, (tagged.get(owner.id) ?? '') + str);
        else unmarked += str;
      } else if (item.type === 'endMarkedContent') {
        open.pop();
      } else {
        // pdfjs gives the tag too, though its types leave it out.
        const { tag } = item as { tag?: string };
        open.push(tag === 'Artifact' ? { artifact: artifacts.push('') - 1 } : { id: item.id ?? undefined });
      }
    }
    pages.push({ tree: ((await page.getStructTree()) ?? { children: [] }) as StructNode, tagged, artifacts, unmarked });
  }
  await doc.destroy();
  return pages;
}

/** The text a structure node holds on its page. */
function textOf(node: StructNode, page: Page): string {
  if (node.type === 'content') return page.tagged.get(node.id!) ?? '';
  return (node.children ?? []).map((child) => textOf(child, page)).join('');
}

/** The headings, in reading order, with their level and text. */
function headings(pages: Page[]): { level: number; text: string; page: number }[] {
  const found: { level: number; text: string; page: number }[] = [];
  pages.forEach((page, index) => {
    const visit = (node: StructNode) => {
      const level = /^H([1-6])$/.exec(node.role ?? '')?.[1];
      if (level) found.push({ level: Number(level), text: textOf(node, page).replace(/\s+/g, ' ').trim(), page: index + 1 });
      else node.children?.forEach(visit);
    };
    visit(page.tree);
  });
  return found;
}

/** The Markdown's headings: # → 1, ## → 2… */
function markdownHeadings(zine: string): { level: number; text: string }[] {
  const markdown = readFileSync(join(fixtureZines, zine, 'index.md'), 'utf8');
  return [...markdown.matchAll(/^(#{1,6}) (.+)$/gm)].map((match) => ({ level: match[1]!.length, text: match[2]! }));
}

let tags: Record<string, ReturnType<typeof readTags>>;
let pages: Record<string, Page[]>;

beforeAll(async () => {
  await build({ zines: [guide, sampler], contentDir: fixtureZines, outputDir });
  tags = { [guide]: readTags(pdfOf(guide)), [sampler]: readTags(pdfOf(sampler)) };
  pages = { [guide]: await readPages(pdfOf(guide)), [sampler]: await readPages(pdfOf(sampler)) };
}, 120_000);

describe.each([guide, sampler])('the tag tree of %s', (zine) => {
  it('has no NonStruct and no empty element (qpdf --json)', () => {
    const elems = all(tags[zine]!.tree);
    expect(elems.length).toBeGreaterThan(20);
    expect(elems.filter((elem) => elem.type === 'NonStruct')).toEqual([]);
    expect(elems.filter((elem) => elem.kids.length === 0).map((elem) => elem.type)).toEqual([]);
    // Paged.js's boxes left nothing behind: a Document of headings, paragraphs, lists…
    expect(tags[zine]!.tree.map((elem) => elem.type)).toEqual(['Document']);
    expect(tags[zine]!.tree[0]!.kids.every((kid) => 'type' in kid && kid.type !== 'Div' && kid.type !== 'Part')).toBe(true);
  });

  it('never skips a heading level', () => {
    const found = headings(pages[zine]!);
    expect(found[0]).toMatchObject({ level: 1, page: 1 }); // the cover's title
    found.forEach((heading, i) => i > 0 && expect(heading.level, heading.text).toBeLessThanOrEqual(found[i - 1]!.level + 1));
  });

  it('tags lists as L > LI > Lbl, LBody', () => {
    const elems = all(tags[zine]!.tree);
    const lists = elems.filter((elem) => elem.type === 'L');
    expect(lists.length).toBeGreaterThan(1);
    for (const list of lists) expect(list.kids.map((kid) => ('type' in kid ? kid.type : 'content'))).toEqual(list.kids.map(() => 'LI'));
    for (const item of elems.filter((elem) => elem.type === 'LI')) {
      expect(item.kids.map((kid) => ('type' in kid ? kid.type : 'content')).join(' ')).toMatch(/^(Lbl )?LBody$/);
    }
  });

  it('points every link annotation at a Link element, through an OBJR', () => {
    const { annotations, tree } = tags[zine]!;
    expect(annotations.length).toBeGreaterThan(0);
    const links = all(tree).filter((elem) => elem.type === 'Link');
    const referenced = links.flatMap((link) => link.kids.flatMap((kid) => ('objr' in kid ? [kid.objr] : [])));
    expect([...referenced].sort()).toEqual([...annotations].sort());
    // …and no OBJR hangs anywhere else.
    expect(all(tree).filter((elem) => elem.type !== 'Link' && elem.kids.some((kid) => 'objr' in kid))).toEqual([]);
  });

  it('leaves no text untagged: every character is in a tagged sequence or an artifact', () => {
    for (const [index, page] of pages[zine]!.entries()) expect(page.unmarked.trim(), `page ${index + 1}`).toBe('');
  });

  it('marks the document as tagged, in its language, with its title shown (qpdf --json)', () => {
    const { catalog, info } = tags[zine]!;
    expect(catalog['/MarkInfo']['/Marked']).toBe(true);
    expect(catalog['/Lang']).toBe(zine === guide ? 'u:fr' : 'u:en');
    expect(catalog['/ViewerPreferences']['/DisplayDocTitle']).toBe(true);
    expect(info['/Title']).toMatch(zine === guide ? /^u:S’organiser, se protéger$/ : /^u:Tagged for reading aloud$/);
  });
});

describe(`the guide (${guide})`, () => {
  it('tags the headings in the order and at the levels of the Markdown: the title H1, the contents H2', () => {
    const expected = [{ level: 1, text: 'S’organiser, se protéger' }, { level: 2, text: 'Sommaire' }, ...markdownHeadings(guide)];
    expect(headings(pages[guide]!).map(({ level, text }) => ({ level, text: letters(text) }))).toEqual(
      expected.map(({ level, text }) => ({ level, text: letters(text) })),
    );
  });

  it('prints the running header and the page number as artifacts, out of the tag tree', () => {
    const guidePages = pages[guide]!;
    const sections = headings(guidePages).filter((heading) => heading.level === 1 && heading.page > 1);
    for (const [index, page] of guidePages.entries()) {
      const number = index + 1;
      // The margin boxes are painted first: the page's first artifact with text.
      const margins = page.artifacts.find((text) => text.trim() !== '') ?? '';
      if (number === 1 || number === guidePages.length) {
        expect(margins, 'covers: no header, no number').toBe('');
        continue;
      }
      const section = sections.findLast((heading) => heading.page <= number);
      const header = number === 2 ? '' : section!.text.toUpperCase();
      expect(letters(margins), `page ${number}`).toBe(letters(`${header}${number}`));
      // Nothing the structure tree reaches holds them.
      const reachable = [...page.tagged.values()].join('\n');
      if (header) expect(reachable).not.toContain(header);
      expect([...page.tagged.values()].map((text) => text.trim())).not.toContain(String(number));
    }
  });

  it('writes /Artifact sequences in the content streams, and no NonStruct (qpdf --qdf)', () => {
    const qdf = run('qpdf', ['--qdf', '--object-streams=disable', pdfOf(guide), '-']);
    expect(qdf).toMatch(/\/Artifact BMC/);
    expect(qdf).not.toMatch(/NonStruct/);
  });
});

describe(`the sampler (${sampler})`, () => {
  it('tags the figure with the alt text of its image, and its caption inside', () => {
    const figures = all(tags[sampler]!.tree).filter((elem) => elem.type === 'Figure');
    expect(figures.map((figure) => figure.alt)).toEqual(['Two chairs around a round table, seen from above']);
    expect(figures[0]!.kids.map((kid) => ('type' in kid ? kid.type : 'content'))).toEqual(['content', 'Caption']);
  });

  it('tags the table as Table > TR > TH, TD', () => {
    const tables = all(tags[sampler]!.tree).filter((elem) => elem.type === 'Table');
    expect(tables).toHaveLength(1);
    const rows = tables[0]!.kids.map((row) => ('type' in row ? row : undefined));
    expect(rows.map((row) => row?.type)).toEqual(['TR', 'TR', 'TR']);
    expect(rows.map((row) => row!.kids.map((cell) => ('type' in cell ? cell.type : 'content')).join(' '))).toEqual(['TH TH', 'TD TD', 'TD TD']);
  });

  it('numbers headings one level at a time: the #### right under a # is an H2', () => {
    const found = headings(pages[sampler]!).map(({ level, text }) => `H${level} ${text}`);
    expect(found).toEqual([
      'H1 Tagged for reading aloud',
      'H2 Contents',
      'H1 Before the meeting',
      'H2 Who comes',
      'H3 Order of the day',
      'H1 During the meeting',
      'H2 Who speaks first',
    ]);
    expect(markdownHeadings(sampler).at(-1)).toEqual({ level: 4, text: 'Who speaks first' });
  });

  it('tags the quote, the code and the callout', () => {
    const types = new Set(all(tags[sampler]!.tree).map((elem) => elem.type));
    for (const type of ['BlockQuote', 'Code', 'Aside', 'Caption']) expect(types).toContain(type);
  });
});
