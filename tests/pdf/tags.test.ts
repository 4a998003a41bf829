// The tag tree of real builds (the guide, and tests/fixtures/zines/tag-tree with a
// figure, a table and a heading that skips two levels), read back with qpdf --json
// and pdfjs-dist, never with what wrote it.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, PDFName, PDFNumber } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/build.ts';
import { finalizePdf } from '../../scripts/pdf/metadata.ts';
import { fixtureZines } from '../helpers/fixtures.ts';
import { letters } from '../helpers/pdf-text.ts';
import { run } from './make.ts';
import { META } from './meta.ts';

const guide = 'sorganiser-se-proteger';
const sampler = 'tag-tree';
const outputDir = mkdtempSync(join(tmpdir(), 'zinepress-tags-'));
// The guide's phone PDF is tagged the same way: read as a document of its own.
const phone = `${guide}-phone`;
const pdfOf = (zine: string) => (zine === phone ? join(outputDir, guide, `${phone}.pdf`) : join(outputDir, zine, `${zine}.pdf`));

/** A structure element as qpdf reads it; `ref` is its object ("12 0 R"), `page` the /StructParents key of an MCID's page. */
interface Elem {
  ref: string;
  type: string;
  alt?: string;
  kids: (Elem | { mcid: number; page: number } | { objr: string })[];
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

/**
 * The catalog and the structure tree (under StructTreeRoot), read with qpdf, with
 * the ParentTree as "<key> <mcid>" (a page's MCIDs) or "<key>" (an annotation) → element.
 */
function readTags(pdf: string): { catalog: any; tree: Elem[]; annotations: string[]; info: any; parents: Map<string, string> } {
  const objects = qpdfObjects(pdf);
  const value = (item: any) => (typeof item === 'string' && item.endsWith(' R') ? (objects[`obj:${item}`]?.value ?? objects[`obj:${item}`]?.stream?.dict) : item);
  const list = (k: any): any[] => (k === undefined ? [] : Array.isArray(k) ? k : [k]);
  const structParents = (page: string) => value(page)['/StructParents'] as number;
  const elem = (ref: string): Elem => {
    const dict = value(ref);
    return {
      ref,
      type: dict['/S'].slice(1),
      alt: dict['/Alt']?.replace(/^u:/, ''),
      kids: list(dict['/K']).map((kid) => {
        if (typeof kid === 'number') return { mcid: kid, page: structParents(dict['/Pg']) };
        const kidDict = value(kid);
        if (kidDict['/Type'] === '/MCR') return { mcid: kidDict['/MCID'], page: structParents(kidDict['/Pg'] ?? dict['/Pg']) };
        if (kidDict['/Type'] === '/OBJR') return { objr: kidDict['/Obj'] };
        return elem(kid);
      }),
    };
  };
  const trailer = objects.trailer!.value;
  const catalog = value(trailer['/Root']);
  const root = value(catalog['/StructTreeRoot']);
  const pages = Object.values(objects).map((object) => object.value).filter((dict) => dict?.['/Type'] === '/Page');
  const annotations = pages.flatMap((page) => list(value(page['/Annots']))).filter((ref) => value(ref)['/Subtype'] === '/Link');
  const parents = new Map<string, string>();
  const nums = value(root['/ParentTree'])['/Nums'] as any[];
  for (let i = 0; i < nums.length; i += 2) {
    const entry = value(nums[i + 1]);
    if (Array.isArray(entry)) entry.forEach((parent, mcid) => parent !== null && parents.set(`${nums[i]} ${mcid}`, parent));
    else parents.set(String(nums[i]), nums[i + 1]);
  }
  return { catalog, tree: list(root['/K']).map(elem), annotations, info: value(trailer['/Info']), parents };
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
  tags = { [guide]: readTags(pdfOf(guide)), [phone]: readTags(pdfOf(phone)), [sampler]: readTags(pdfOf(sampler)) };
  pages = { [guide]: await readPages(pdfOf(guide)), [phone]: await readPages(pdfOf(phone)), [sampler]: await readPages(pdfOf(sampler)) };
}, 120_000);

describe.each([guide, phone, sampler])('the tag tree of %s', (zine) => {
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

  it('maps every MCID and link annotation back to its element in the ParentTree, and nothing else', () => {
    const { tree, parents } = tags[zine]!;
    const objects = qpdfObjects(pdfOf(zine));
    const expected = new Map<string, string>();
    for (const elem of all(tree)) {
      for (const kid of elem.kids) {
        if ('mcid' in kid) expected.set(`${kid.page} ${kid.mcid}`, elem.ref);
        if ('objr' in kid) expected.set(String(objects[`obj:${kid.objr}`]!.value['/StructParent']), elem.ref);
      }
    }
    expect(expected.size).toBeGreaterThan(20);
    expect(new Map([...parents].sort())).toEqual(new Map([...expected].sort()));
  });

  it('leaves no text untagged: every character is in a tagged sequence or an artifact', () => {
    for (const [index, page] of pages[zine]!.entries()) expect(page.unmarked.trim(), `page ${index + 1}`).toBe('');
  });

  it('marks the document as tagged, in its language, with its title shown (qpdf --json)', () => {
    const { catalog, info } = tags[zine]!;
    expect(catalog['/MarkInfo']['/Marked']).toBe(true);
    expect(catalog['/Lang']).toBe(zine === sampler ? 'u:en' : 'u:fr');
    expect(catalog['/ViewerPreferences']['/DisplayDocTitle']).toBe(true);
    expect(info['/Title']).toMatch(zine === sampler ? /^u:Tagged for reading aloud$/ : /^u:S’organiser, se protéger$/);
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

  it('draws the image with alt text in its Figure, the one without as an artifact (qpdf --qdf)', () => {
    // qpdf --qdf writes one operator a line: each image drawn (Do) under the sequence around it.
    const qdf = run('qpdf', ['--qdf', '--object-streams=disable', pdfOf(sampler), '-']);
    const open: string[] = [];
    const drawnIn: string[] = [];
    for (const line of qdf.split('\n')) {
      if (/\b(BDC|BMC)$/.test(line)) open.push(/^\/(\w+)/.exec(line)![1]!);
      else if (line === 'EMC') open.pop();
      else if (/^\/\w+ Do$/.test(line)) drawnIn.push(open.at(-1) ?? 'nothing');
    }
    expect(drawnIn).toEqual(['Figure', 'Artifact']);
  });

  it('tags the table as Table > TR > TH, TD', () => {
    const tables = all(tags[sampler]!.tree).filter((elem) => elem.type === 'Table');
    expect(tables).toHaveLength(1);
    const rows = tables[0]!.kids.map((row) => ('type' in row ? row : undefined));
    expect(rows.map((row) => row?.type)).toEqual(['TR', 'TR', 'TR']);
    expect(rows.map((row) => row!.kids.map((cell) => ('type' in cell ? cell.type : 'content')).join(' '))).toEqual(['TH TH', 'TD TD', 'TD TD']);
  });

  it('names the table headers by their order, whatever DOM node numbers Chromium gave them: the same bytes', async () => {
    const pdf = new Uint8Array(readFileSync(pdfOf(sampler)));
    const objects = qpdfObjects(pdfOf(sampler));
    // Structure elements' IDs: strings (the trailer's /ID is an array).
    const ids = Object.values(objects).flatMap((object: any) => (typeof object?.value?.['/ID'] === 'string' ? [object.value['/ID'] as string] : []));
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.sort()).toEqual(ids.map((_, i) => `u:id${String(i + 1).padStart(6, '0')}`));
    // Chromium's names count every node its renderer made before: other names, the same file once finalised.
    const finalised = await finalizePdf(pdf, META);
    const renamed = new TextDecoder('latin1').decode(finalised).replace(/\(id(\d{6})\)/g, (_, n) => `(nd${String(Number(n) * 7 + 400).padStart(6, '0')})`);
    const bytes = Uint8Array.from(renamed, (char) => char.charCodeAt(0));
    expect(Buffer.compare(bytes, finalised)).not.toBe(0);
    expect(Buffer.compare(await finalizePdf(bytes, META), finalised)).toBe(0);
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

describe('a small tagged PDF made by hand, finalized', () => {
  /**
   * One page as Chromium shapes it: an unmarked background and header, a heading
   * (text in a NonStruct, its rule tagged H1), a paragraph that is only a rule,
   * and a paragraph whose text sits in a NonStruct, all under a NonStruct wrapper.
   */
  async function handMade(): Promise<Uint8Array> {
    const doc = await PDFDocument.create({ updateMetadata: false });
    const page = doc.addPage([200, 200]);
    const { context } = doc;
    const content = [
      'q 1 1 1 rg 0 0 200 200 re f Q',
      'BT 10 190 Td (Header) Tj ET',
      '/NonStruct <</MCID 0 >>BDC BT 10 150 Td (Title) Tj ET EMC',
      '/H1 <</MCID 1 >>BDC 10 140 100 1 re f EMC',
      '/P <</MCID 2 >>BDC 10 120 100 1 re f EMC',
      '/NonStruct <</MCID 3 >>BDC BT 10 100 Td (Body) Tj ET EMC',
    ].join('\n');
    page.node.set(PDFName.of('Contents'), context.register(context.stream(content)));
    page.node.set(PDFName.of('StructParents'), PDFNumber.of(0));
    const elem = (S: string, K: unknown[]) => context.register(context.obj({ Type: 'StructElem', S, Pg: page.ref, K: K as never }));
    const title = elem('NonStruct', [0]);
    const heading = elem('H1', [title, 1]);
    const rule = elem('P', [2]);
    const text = elem('NonStruct', [3]);
    const paragraph = elem('P', [text]);
    const documentElem = elem('Document', [elem('NonStruct', [heading, rule, paragraph])]);
    const parentTree = context.obj({ Nums: [0, context.register(context.obj([title, heading, rule, text]))] });
    const root = context.obj({ Type: 'StructTreeRoot', K: documentElem, ParentTree: context.register(parentTree), ParentTreeNextKey: 1 });
    doc.catalog.set(PDFName.of('StructTreeRoot'), context.register(root));
    return doc.save({ useObjectStreams: false });
  }

  it('keeps the heading and the paragraph, drops the wrappers and the element left empty, and maps the rest back', async () => {
    const out = await finalizePdf(await handMade(), META);
    const file = join(outputDir, 'hand-made.pdf');
    writeFileSync(file, out);
    const { tree, parents } = readTags(file);
    const shape = (elems: Elem[]): unknown[] =>
      elems.map((elem) => ({ [elem.type]: elem.kids.map((kid) => ('type' in kid ? shape([kid])[0] : 'mcid' in kid ? kid.mcid : 'objr')) }));
    expect(shape(tree)).toEqual([{ Document: [{ H1: [0] }, { P: [3] }] }]);
    const [heading, paragraph] = tree[0]!.kids as Elem[];
    expect(parents).toEqual(new Map([['0 0', heading!.ref], ['0 3', paragraph!.ref]]));
    const qdf = run('qpdf', ['--qdf', '--object-streams=disable', file, '-']);
    // Background, header, the heading's rule and the lone rule: four artifacts.
    expect(qdf.match(/\/Artifact BMC/g)).toHaveLength(4);
    expect(qdf).toContain('/H1 <</MCID 0 >> BDC');
    expect(qdf).toContain('/P <</MCID 3 >> BDC');
    expect(Buffer.compare(await finalizePdf(out, META), out)).toBe(0);
  });
});
