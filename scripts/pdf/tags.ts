// The tag tree of the reading PDF. Chromium tags what it prints
// (page.pdf({ tagged: true })), Paged.js's page boxes included: every page sits
// four NonStruct deep (.pagedjs_page, _sheet, _area… boxes), then comes the
// template's <section> or <main>, and every run of text is a NonStruct of its
// own, so half the elements say nothing. Lists come as L/LI/Lbl without LBody, an image in a <figure> as a
// Figure inside a Figure, and what Chromium paints for no element (the running
// header and the page number, which Paged.js puts in margin boxes as generated
// content, and the page's background) is left unmarked: neither tagged nor
// artifact. This rewrites the tree and the page contents so that a reader
// meets headings, paragraphs, lists, figures, tables and links, and nothing else.
import {
  PDFArray,
  PDFBool,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFNull,
  PDFNumber,
  PDFRef,
  PDFString,
} from 'pdf-lib';
import type { PDFContext, PDFDocument, PDFObject } from 'pdf-lib';
import { readMarks, writeMarks, type PageMarks } from './marked-content.ts';
import { contentStreams, nameText, pdfName, type ContentTexts } from './objects.ts';

/** A structure element and what it holds, in reading order. */
interface Elem {
  kind: 'elem';
  ref: PDFRef;
  dict: PDFDict;
  type: string;
  kids: Kid[];
}
/** Marked content on a page; `owner` is the type of the element it will belong to once wrappers are gone. */
interface Marked {
  kind: 'mcid';
  page: PDFRef;
  mcid: number;
  owner: string;
}
/** An object reference (a link's annotation) or anything else, kept as it is. */
interface Other {
  kind: 'other';
  value: PDFObject;
  annotation?: PDFRef;
}
type Kid = Elem | Marked | Other;

/** Elements that only group what they hold, when they carry nothing of their own. */
const WRAPPERS = new Set(['NonStruct', 'Div', 'Part']);
/** What places an element in the tree; any other key (/Alt, /Lang, /A, /ID…) is its own. */
const PLACE = new Set(['Type', 'S', 'P', 'K', 'Pg'].map(pdfName));
/** Elements whose lines and shapes are what they say: a list bullet, a drawing. */
const DRAWN = new Set(['Lbl', 'Figure', 'Formula']);
/** Table cells stay even when empty: the rows keep their columns. */
const CELLS = new Set(['TD', 'TH']);

const name = pdfName;

/**
 * Removes the wrappers and empty elements, turns decoration and unmarked content
 * into artifacts, gives list items an LBody and figures their Alt, keeps headings
 * from skipping a level, and rebuilds the ParentTree. Deterministic, and a second
 * run changes nothing. A PDF without a tag tree (an imposed one) is left alone.
 * The pages' contents are read from and written to `texts`.
 */
export function tidyTags(doc: PDFDocument, texts: ContentTexts): void {
  const { context, catalog } = doc;
  const rootRef = catalog.get(name('StructTreeRoot'));
  const root = catalog.lookupMaybe(name('StructTreeRoot'), PDFDict);
  if (!(rootRef instanceof PDFRef) || !root) return;

  const tree = readKids(context, root.get(name('K')), undefined, 'Document', new Set());
  const pages = readPages(doc, texts);
  const artifacts = chooseArtifacts(pages, tree);
  const kids = tree.flatMap((kid) => reshape(kid, artifacts, context));
  numberHeadings(kids, []);
  writePages(pages, artifacts, kids, texts);
  writeTree(doc, rootRef, root, kids);
  renameIds(context, root, kids);

  const markInfo = catalog.lookupMaybe(name('MarkInfo'), PDFDict) ?? context.obj({});
  markInfo.set(name('Marked'), PDFBool.True);
  catalog.set(name('MarkInfo'), markInfo);
}

/** The elements and content under /K of an element on page `page` (its /Pg, or its ancestors'). */
function readKids(context: PDFContext, k: PDFObject | undefined, page: PDFRef | undefined, owner: string, seen: Set<string>): Kid[] {
  const items = k instanceof PDFArray ? k.asArray() : k === undefined ? [] : [k];
  return items.flatMap((item): Kid[] => {
    if (item instanceof PDFNumber) return page ? [{ kind: 'mcid', page, mcid: item.asNumber(), owner }] : [{ kind: 'other', value: item }];
    const dict = item instanceof PDFRef ? context.lookup(item) : item;
    if (!(dict instanceof PDFDict)) return [];
    const type = dict.lookup(name('Type'));
    if (type === name('MCR')) {
      const pg = dict.get(name('Pg'));
      const mcid = dict.lookup(name('MCID'));
      const onPage = pg instanceof PDFRef ? pg : page;
      // Content in a form XObject (/Stm) is not rewritten: kept as it is.
      if (dict.has(name('Stm')) || !onPage || !(mcid instanceof PDFNumber)) return [{ kind: 'other', value: item }];
      return [{ kind: 'mcid', page: onPage, mcid: mcid.asNumber(), owner }];
    }
    if (type === name('OBJR')) {
      const annotation = dict.get(name('Obj'));
      return [{ kind: 'other', value: item, annotation: annotation instanceof PDFRef ? annotation : undefined }];
    }
    const ref = item instanceof PDFRef ? item : context.register(dict);
    if (seen.has(ref.tag)) return []; // a malformed tree may loop
    seen.add(ref.tag);
    const s = dict.lookup(name('S'));
    const elemType = s instanceof PDFName ? nameText(s) : 'NonStruct';
    const pg = dict.get(name('Pg'));
    const elem: Elem = { kind: 'elem', ref, dict, type: elemType, kids: [] };
    elem.kids = readKids(context, dict.get(name('K')), pg instanceof PDFRef ? pg : page, isWrapper(elem) ? owner : elemType, seen);
    return [elem];
  });
}

function isWrapper(elem: Elem): boolean {
  return WRAPPERS.has(elem.type) && elem.dict.keys().every((key) => PLACE.has(key));
}

/** A page's content stream, read. */
interface PageContent {
  page: PDFRef;
  ref: PDFRef;
  text: string;
  marks: PageMarks;
}

/** The pages whose content can be read: one stream (marked content cannot span two), nothing this reader cannot follow. */
function readPages(doc: PDFDocument, texts: ContentTexts): PageContent[] {
  return doc.getPages().flatMap((page) => {
    const streams = contentStreams(page);
    if (streams.length !== 1) return [];
    const [ref, stream] = streams[0]!;
    try {
      const text = texts.read(ref, stream);
      return [{ page: page.ref, ref, text, marks: readMarks(text) }];
    } catch {
      return []; // left as it was
    }
  });
}

/**
 * The tagged sequences ("<page ref> <mcid>") that become artifacts: those that paint
 * nothing, or only lines and shapes (the rule under a heading, the cover's band, a
 * table's borders) outside a bullet or a drawing, and those the tree never points at.
 */
function chooseArtifacts(pages: PageContent[], tree: Kid[]): Set<string> {
  const owners = new Map<string, string>();
  const collect = (kids: Kid[]): void => {
    for (const kid of kids) {
      if (kid.kind === 'elem') collect(kid.kids);
      else if (kid.kind === 'mcid') owners.set(`${kid.page.tag} ${kid.mcid}`, kid.owner);
    }
  };
  collect(tree);
  const artifacts = new Set<string>();
  for (const { page, marks } of pages) {
    for (const [mcid, paint] of marks.paint) {
      const owner = owners.get(`${page.tag} ${mcid}`);
      if (owner === undefined || paint === 'none' || (paint === 'paths' && !DRAWN.has(owner))) artifacts.add(`${page.tag} ${mcid}`);
    }
  }
  return artifacts;
}

/**
 * Writes each page's content back: what paints unmarked wrapped as an artifact, the
 * `artifacts` opened as such, and every other sequence tagged with the type of the
 * element that now holds it (Chromium tags most of them NonStruct).
 */
function writePages(pages: PageContent[], artifacts: Set<string>, kids: Kid[], texts: ContentTexts): void {
  const holders = new Map<string, string>();
  const collect = (list: Kid[], holder: string): void => {
    for (const kid of list) {
      if (kid.kind === 'elem') collect(kid.kids, kid.type);
      else if (kid.kind === 'mcid') holders.set(`${kid.page.tag} ${kid.mcid}`, holder);
    }
  };
  collect(kids, 'Document');
  for (const { page, ref, text, marks } of pages) {
    const onPage = new Set<number>();
    const tags = new Map<number, string>();
    for (const mcid of marks.opens.keys()) {
      const key = `${page.tag} ${mcid}`;
      if (artifacts.has(key)) onPage.add(mcid);
      const holder = holders.get(key);
      if (holder) tags.set(mcid, holder);
    }
    const written = writeMarks(text, marks, onPage, tags);
    if (written !== text) texts.write(ref, written);
  }
}

/** What `kid` becomes in its parent: itself, what it wrapped, or nothing when it is left empty. */
function reshape(kid: Kid, artifacts: Set<string>, context: PDFContext): Kid[] {
  if (kid.kind === 'mcid') return artifacts.has(`${kid.page.tag} ${kid.mcid}`) ? [] : [kid];
  if (kid.kind === 'other') return [kid];
  const elem = kid;
  elem.kids = elem.kids.flatMap((child) => reshape(child, artifacts, context));
  if (isWrapper(elem)) return elem.kids;
  // A NonStruct with something of its own (a /Lang, an /Alt) keeps it, as a Span or a Div.
  if (elem.type === 'NonStruct') retype(elem, elem.kids.some((child) => child.kind === 'elem') ? 'Div' : 'Span');
  if (elem.type === 'Figure') absorbImage(elem);
  if (elem.type === 'LI') addBody(elem, context);
  if (elem.kids.length === 0 && !CELLS.has(elem.type)) return [];
  return [elem];
}

function retype(elem: Elem, type: string): void {
  elem.type = type;
  elem.dict.set(name('S'), name(type));
}

/**
 * <figure><img alt><figcaption> comes as a Figure holding a Figure (the image, with
 * its Alt) and a Caption: the outer one takes the image's content and Alt.
 */
function absorbImage(figure: Elem): void {
  const images = figure.kids.filter((kid): kid is Elem => kid.kind === 'elem' && kid.type === 'Figure');
  if (images.length !== 1 || figure.dict.has(name('Alt'))) return;
  const image = images[0]!;
  const alt = image.dict.get(name('Alt'));
  if (!alt) return;
  figure.dict.set(name('Alt'), alt);
  figure.kids = figure.kids.flatMap((kid) => (kid === image ? image.kids : [kid]));
}

/** A list item holds its label (Lbl) and its body: what is not the label goes into an LBody. */
function addBody(item: Elem, context: PDFContext): void {
  const isPart = (kid: Kid) => kid.kind === 'elem' && (kid.type === 'Lbl' || kid.type === 'LBody');
  const body = item.kids.filter((kid) => !isPart(kid));
  if (body.length === 0) return;
  const dict = context.obj({ Type: 'StructElem', S: 'LBody' });
  const lbody: Elem = { kind: 'elem', ref: context.register(dict), dict, type: 'LBody', kids: body };
  // In the place of the first of them: only labels come before it.
  const at = item.kids.indexOf(body[0]!);
  item.kids = item.kids.filter(isPart);
  item.kids.splice(at, 0, lbody);
}

/**
 * Headings go down one level at a time: a ### right under a # becomes H2. Each
 * heading is numbered one below the nearest heading before it written at a higher level.
 */
function numberHeadings(kids: Kid[], open: { written: number; level: number }[]): void {
  for (const kid of kids) {
    if (kid.kind !== 'elem') continue;
    const match = /^H([1-6])$/.exec(kid.type);
    if (match) {
      const written = Number(match[1]);
      while (open.length > 0 && open.at(-1)!.written >= written) open.pop();
      const level = (open.at(-1)?.level ?? 0) + 1;
      open.push({ written, level });
      if (level !== written) retype(kid, `H${level}`);
    }
    numberHeadings(kid.kids, open);
  }
}

/**
 * Names the elements' IDs (table headers' TH, which cells point at with /Headers) by
 * their order in the tree. Chromium names them after DOM node numbers, which count
 * every node the renderer made before: the same zine would give other bytes.
 */
function renameIds(context: PDFContext, root: PDFDict, kids: Kid[]): void {
  const elements: Elem[] = [];
  const collect = (list: Kid[]) => list.forEach((kid) => kid.kind === 'elem' && (elements.push(kid), collect(kid.kids)));
  collect(kids);
  const text = (value: PDFObject | undefined) => (value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined);
  const renamed = new Map<string, string>();
  for (const elem of elements) {
    const id = text(elem.dict.get(name('ID')));
    // Zero-padded: a name tree's keys sort as bytes.
    if (id !== undefined && !renamed.has(id)) renamed.set(id, `id${String(renamed.size + 1).padStart(6, '0')}`);
  }
  const named: [string, PDFRef][] = [];
  for (const elem of elements) {
    const id = text(elem.dict.get(name('ID')));
    if (id !== undefined) {
      elem.dict.set(name('ID'), PDFString.of(renamed.get(id)!));
      named.push([renamed.get(id)!, elem.ref]);
    }
    const attributes = elem.dict.lookup(name('A'));
    for (const attribute of attributes instanceof PDFArray ? attributes.asArray().map((item) => context.lookup(item)) : [attributes]) {
      const headers = attribute instanceof PDFDict ? attribute.lookup(name('Headers')) : undefined;
      if (!(headers instanceof PDFArray)) continue;
      (attribute as PDFDict).set(name('Headers'), context.obj(headers.asArray().map((header) => { const id = text(header); return id !== undefined && renamed.has(id) ? PDFString.of(renamed.get(id)!) : header; })));
    }
  }
  if (named.length === 0) return;
  const idTree = context.obj({ Names: named.sort(([a], [b]) => (a < b ? -1 : 1)).flatMap(([id, ref]) => [PDFString.of(id), ref]) });
  // Written over the one it replaces: a second run writes the same objects.
  const old = root.get(name('IDTree'));
  if (old instanceof PDFRef) context.assign(old, idTree);
  else root.set(name('IDTree'), context.register(idTree));
}

/** Writes /K, /P and /Pg of every element, and the ParentTree that maps content back to them. */
function writeTree(doc: PDFDocument, rootRef: PDFRef, root: PDFDict, kids: Kid[]): void {
  const { context } = doc;
  const onPages = new Map<string, PDFRef[]>(); // page ref tag → element of each MCID
  const ofAnnotations = new Map<number, PDFRef>(); // /StructParent of an annotation → its element

  // An element's MCIDs are numbers on its /Pg (the page of its first), MCRs elsewhere.
  const firstPage = (list: Kid[]) => list.find((kid) => kid.kind === 'mcid')?.page;
  const write = (parent: PDFRef, list: Kid[]): PDFArray => {
    const page = firstPage(list);
    const written = list.map((kid): PDFObject => {
      if (kid.kind === 'elem') {
        const pg = firstPage(kid.kids);
        kid.dict.set(name('P'), parent);
        kid.dict.set(name('K'), write(kid.ref, kid.kids));
        if (pg) kid.dict.set(name('Pg'), pg);
        else kid.dict.delete(name('Pg'));
        return kid.ref;
      }
      if (kid.kind === 'mcid') {
        const parents = onPages.get(kid.page.tag) ?? [];
        parents[kid.mcid] = parent;
        onPages.set(kid.page.tag, parents);
        return kid.page === page ? PDFNumber.of(kid.mcid) : context.obj({ Type: 'MCR', Pg: kid.page, MCID: kid.mcid });
      }
      const key = kid.annotation && context.lookupMaybe(kid.annotation, PDFDict)?.lookup(name('StructParent'));
      if (key instanceof PDFNumber) ofAnnotations.set(key.asNumber(), parent);
      return kid.value;
    });
    return context.obj(written);
  };
  root.set(name('K'), write(rootRef, kids));

  // Each page's array is written over the one it replaces: a second run writes the same objects.
  const parentTree = root.lookupMaybe(name('ParentTree'), PDFDict) ?? context.obj({});
  const old = new Map<number, PDFRef>();
  const nums = parentTree.lookupMaybe(name('Nums'), PDFArray)?.asArray() ?? [];
  for (let i = 0; i + 1 < nums.length; i += 2) {
    const [key, value] = [nums[i], nums[i + 1]];
    if (key instanceof PDFNumber && value instanceof PDFRef && context.lookup(value) instanceof PDFArray) old.set(key.asNumber(), value);
  }
  const entries: [number, PDFObject][] = [...ofAnnotations];
  for (const page of doc.getPages()) {
    const key = page.node.lookup(name('StructParents'));
    if (!(key instanceof PDFNumber)) continue;
    const parents = onPages.get(page.ref.tag) ?? [];
    const array = context.obj(Array.from(parents, (parent) => parent ?? PDFNull));
    const ref = old.get(key.asNumber());
    if (ref) context.assign(ref, array);
    entries.push([key.asNumber(), ref ?? context.register(array)]);
  }
  entries.sort((a, b) => a[0] - b[0]);
  parentTree.set(name('Nums'), context.obj(entries.flatMap(([key, value]) => [PDFNumber.of(key), value])));
  parentTree.delete(name('Kids'));
  if (!root.has(name('ParentTree'))) root.set(name('ParentTree'), context.register(parentTree));
}
