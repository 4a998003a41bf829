// One HTML document → Paged.js layout in Chromium → PDF bytes and a page report.
// The page may load nothing but data: URLs; every other request is refused
// before it leaves and reported.
import type { Browser, HTTPRequest, Page } from 'puppeteer';
import { problem, ZineError } from '../errors.ts';
import { registerCoverTitleFit } from './cover-title.ts';
import { registerHeadingBreaks } from './heading-breaks.ts';
import { registerPageFrames } from './page-frames.ts';
import { registerPageNumbers } from './page-numbers.ts';
import { takePictures, type Pictures } from './pictures.ts';
import { pagedPolyfill } from './polyfill.ts';
import { registerTableHeaders } from './table-headers.ts';
import type { PrimedPage } from './primed.ts';
import { registerSoftHyphenBreaks } from './soft-hyphen-breaks.ts';

/** What the layout looked like, page by page, for the build's checks. */
export interface PageReport {
  /** 1-based position in the PDF. */
  number: number;
  /** Characters of visible text on the page (margin boxes excluded). */
  textLength: number;
  /** Whether the page holds an image, a rule or other visible non-text content. */
  hasGraphics: boolean;
  /** Class of the first element on the page: cover, back-cover, contents, or body. */
  role: 'cover' | 'back-cover' | 'contents' | 'body';
  /** Source lines of elements that stick out of the page's content area. */
  overflowLines: number[];
  /** What sticks out, with its source line: a code block, a table, an image or a word of the text. */
  overflows: { line: number; what: OverflowKind }[];
  /** Share of the content area's height that holds something (0 to 1). */
  fill: number;
  /** Whether the page opens a section (its first block is a level-1 heading). */
  startsSection: boolean;
  /** The first block of the page past its headings, unless it is the continuation of one cut by the page before. */
  first?: { what: BlockKind; line: number; keep?: number };
  /**
   * Tables wider than the content area, with the type scale that would make each fit, whether equal
   * columns of at least 1.5 em would, and whether the styles ask for it stacked instead (`--wide-table: stack`).
   */
  wideTables: { table: number; scale: number; equalColumnsFit: boolean; stack: boolean }[];
  /** Source line of a heading that ends the page (nothing after it on that page). */
  strandedHeadingLine?: number;
  /** Kept-whole blocks (lists, code, callouts: `data-keep`) that stick out of the page. */
  overflowKeeps: number[];
}

export type OverflowKind = 'code' | 'table' | 'image' | 'text';
export type BlockKind = 'figure' | 'table' | 'code' | 'callout' | 'list' | 'quote' | 'text' | 'other';

export interface RenderResult {
  pdf: Uint8Array;
  pages: PageReport[];
  /** URLs the page tried to load and was refused. */
  blockedRequests: string[];
  pictures?: Pictures;
  /** The layout, still in a primed page: what else can be taken from it, until the next render. */
  laidOut?: LaidOut;
}

/** A layout kept in its page after the PDF was printed (primed pages only). */
export interface LaidOut {
  /** The pages as Paged.js left them, as one HTML document without scripts (the live preview). */
  snapshot(): Promise<string>;
  /**
   * cover.png and pages.png. They rearrange the pages: a snapshot wanted afterwards is taken
   * first (`keepSnapshot`); without it, snapshot() is refused once the pictures are taken.
   */
  pictures(options?: { keepSnapshot?: boolean }): Promise<Pictures>;
}

export interface RenderOptions {
  timeoutMs: number;
  /** Also take cover.png and pages.png from the same layout (a new tab; a primed one's come from `laidOut`). */
  withPictures?: boolean;
  /** A tab with Paged.js already loaded, reused instead of a new tab (see primed.ts). */
  primed?: PrimedPage;
}

/** Blocks kept whole on one page (styles/base.css: break-inside: avoid), numbered in document order. */
const KEPT_BLOCKS = 'pre, .callout';
/** Renders at most, for documents with several blocks taller than a page. */
const MAX_RENDERS = 4;
/** A page in the middle of a section filled less than this has a hole. */
export const MIN_FILL = 2 / 3;
/** Smallest type scale of a table too wide for the page (of its usual size). */
export const MIN_TABLE_SCALE = 0.75;

/** What a render changes from the styles: kept blocks let break, tables set smaller. */
interface Adjustments {
  released: number[];
  tableScales: Record<number, number>;
  /** Tables too wide even at the smallest type: laid out in equal columns whose words may break anywhere. */
  fixedTables: number[];
  /** Tables too wide whose styles stack them (`--wide-table: stack`, the phone's): each row a block, each cell labelled with its column's header. */
  stackedTables: number[];
}

/**
 * Render one document. Code blocks and callouts are kept whole (break-inside: avoid),
 * but Paged.js cannot move a block taller than a page: it leaves a page empty and lets
 * the block run off the next. Such a block, or one whose move would leave more than
 * a third of the page before it empty, is let break between its lines; a table wider
 * than the page gets smaller type (down to 75 %), or is stacked when the styles say so
 * (`--wide-table: stack`); and the document is rendered again.
 */
export async function renderPdf(browser: Browser, html: string, options: RenderOptions): Promise<RenderResult> {
  const released = new Set<number>();
  const tableScales: Record<number, number> = {};
  const fixedTables = new Set<number>();
  const stackedTables = new Set<number>();
  for (let attempt = 1; ; attempt++) {
    const result = await renderOnce(browser, html, options, { released: [...released], tableScales, fixedTables: [...fixedTables], stackedTables: [...stackedTables] });
    const { pages } = result;
    const tooTall = pages.flatMap((page) => page.overflowKeeps);
    const holes = pages.flatMap((page, i) => {
      const next = pages[i + 1];
      return page.role === 'body' && next?.role === 'body' && !next.startsSection && page.fill < MIN_FILL && next.first?.keep !== undefined ? [next.first.keep] : [];
    });
    const toRelease = [...tooTall, ...holes].filter((keep) => !released.has(keep));
    let rescaled = false;
    for (const { table, scale, equalColumnsFit, stack } of pages.flatMap((page) => page.wideTables)) {
      // A narrow page (the phone's) keeps its type size: the table's rows are stacked instead.
      if (stack) {
        if (!stackedTables.has(table)) rescaled = true;
        stackedTables.add(table);
        continue;
      }
      const current = tableScales[table] ?? 1;
      const wanted = Math.max(MIN_TABLE_SCALE, Math.floor(current * scale * 0.97 * 100) / 100);
      if (wanted < current) {
        tableScales[table] = wanted;
        rescaled = true;
      } else if (equalColumnsFit && !fixedTables.has(table)) {
        // Still too wide at the smallest type (thirty columns of long words): equal columns,
        // words broken where they must, as a table that cannot be read otherwise on paper.
        fixedTables.add(table);
        rescaled = true;
      }
    }
    // What still sticks out after a few rounds is a real overflow: the build reports it.
    if ((toRelease.length === 0 && !rescaled) || attempt === MAX_RENDERS) return result;
    for (const keep of toRelease) released.add(keep);
  }
}

/**
 * One render in a new tab of `browser` (closed afterwards), or in the primed tab
 * (kept, its layout left for `laidOut`), with the `adjust`ments of the earlier renders.
 */
async function renderOnce(browser: Browser, html: string, { timeoutMs, withPictures = false, primed }: RenderOptions, adjust: Adjustments): Promise<RenderResult> {
  const page = primed ? await primed.page() : await browser.newPage();
  const blockedRequests: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(machineError(`the render did not finish within ${timeoutMs / 1000} s`, 'raise it with --timeout <seconds>, or look for a very large table or image in the zine')),
      timeoutMs,
    );
  });
  // Listeners go when the render ends: a browser kept warm serves many renders.
  let onDisconnected = () => {};
  let onError = (_error: Error) => {};
  const crashed = new Promise<never>((_, reject) => {
    onDisconnected = () => reject(machineError('the browser closed or crashed during the render', 'build again; if it keeps happening, check memory and the browser with --browser'));
    onError = (error) => reject(machineError(`the browser tab crashed: ${error.message}`));
    browser.once('disconnected', onDisconnected);
    page.once('error', onError);
  });
  let ok = false;
  try {
    const result = await Promise.race([timeout, crashed, layOut()]);
    ok = true;
    return result;
  } finally {
    clearTimeout(timer);
    browser.off('disconnected', onDisconnected);
    page.off('error', onError);
    if (!primed) await page.close().catch(() => {});
    // A primed tab that failed mid-render is in no known state: the next render primes another.
    else if (!ok) await primed.discard();
  }

  async function layOut(): Promise<RenderResult> {
    if (primed) {
      await primed.reset(blockedRequests);
      // document.open() keeps the window, so Paged.js and its handlers stay loaded.
      await page.setContent(html, { waitUntil: 'load', timeout: 0 });
      await page.evaluate('document.querySelectorAll("link").forEach((link) => link.remove())');
    } else {
      await guardPage(page, () => blockedRequests);
      await page.setContent(html, { waitUntil: 'load', timeout: 0 });
      // Paged.js would fetch each <link rel=stylesheet> and fail on the refusal; the page has none of its own.
      await page.evaluate('document.querySelectorAll("link").forEach((link) => link.remove())');
      await loadPaged(page);
    }
    await page.evaluate(
      (selector, { released: free, tableScales, fixedTables, stackedTables }) => {
        document.querySelectorAll<HTMLElement>(selector).forEach((block, index) => {
          block.dataset.keep = String(index);
          if (free.includes(index)) block.style.breakInside = 'auto';
        });
        document.querySelectorAll<HTMLTableElement>('main table').forEach((table, index) => {
          table.dataset.table = String(index);
          if (tableScales[index]) table.style.setProperty('--table-scale', String(tableScales[index]));
          if (fixedTables.includes(index)) table.dataset.fit = 'fixed';
          if (stackedTables.includes(index)) {
            table.dataset.fit = 'stack';
            // Each cell labelled with its column's header, spans counted: the stacked row shows it before the value.
            const labels: string[] = [];
            for (const cell of table.tHead?.rows[0]?.cells ?? []) {
              for (let span = 0; span < cell.colSpan; span++) labels.push((cell.textContent ?? '').replace(/\u00AD/g, '').replace(/\s+/g, ' ').trim());
            }
            for (const body of table.tBodies) {
              for (const row of body.rows) {
                let column = 0;
                for (const cell of row.cells) {
                  if (labels[column]) cell.dataset.label = labels[column];
                  column += cell.colSpan;
                }
              }
            }
          }
        });
      },
      KEPT_BLOCKS,
      adjust,
    );
    await page.evaluate(async (warm) => {
      await document.fonts.ready;
      // Paged.js waits for a frame between pages (requestAnimationFrame). The layout is measured
      // synchronously either way, so the queue goes on in a microtask: with a frame or a timer
      // between pages, the browser also waits (4 ms a timer, once nested) and may update the
      // rendering of everything laid out so far. The same PDF and page reports as with a timer,
      // in about two thirds of the time at 200 pages (docs/rendering.md).
      const tick = (next: () => void) => queueMicrotask(next);
      if (!warm) {
        // @ts-expect-error PagedPolyfill is defined by the polyfill.
        const polyfill = window.PagedPolyfill;
        polyfill.chunker.q.tick = tick;
        return void (await polyfill.preview());
      }
      // A primed tab lays out each document with a new Previewer (the polyfill's own one has run
      // before), with the same queue (tests/render/primed.test.ts: the same PDF).
      // @ts-expect-error Paged is defined by the polyfill.
      const previewer = new window.Paged.Previewer();
      previewer.chunker.q.tick = tick;
      await previewer.preview();
    }, Boolean(primed));
    const pages = await page.evaluate(inspectPages);
    // Printing switches the document to print media and styles it again, whole, more than once
    // on the way; with print media already in force it does so once. The screen's media comes
    // back after (the pictures are taken in it; a tab laying out a next document needs it), and
    // is styled again only when something needs it (docs/rendering.md, "Printing").
    await page.emulateMediaType('print');
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, outline: true, tagged: true, timeout: 0 });
    await page.emulateMediaType();
    // A primed tab keeps its layout: the pictures are taken from it (`laidOut`) when the caller asks.
    if (primed) return { pdf: new Uint8Array(pdf), pages, blockedRequests, laidOut: primed.keep(page) };
    const pictures = withPictures ? await takePictures(page) : undefined;
    return { pdf: new Uint8Array(pdf), pages, blockedRequests, pictures };
  }
}

/**
 * Keep a tab off the network: data: URLs go through, every other request is refused
 * and recorded in `blocked()`, and so is what the page's CSP refuses (a WebSocket, a
 * fetch), which never reaches interception. `blocked` is read at each request: a
 * primed tab records each render's refusals apart.
 */
export async function guardPage(page: Page, blocked: () => string[]): Promise<void> {
  await page.setJavaScriptEnabled(true);
  await page.setRequestInterception(true);
  page.on('request', (request: HTTPRequest) => refuseRemote(request, blocked()));
  page.on('console', (message) => reportRefused(message.text(), blocked()));
}

/**
 * zinepress's Paged.js handlers, in the order they are registered: each runs in the page
 * after the polyfill. The page numbers come last: they read the stylesheets after the
 * others and number each page once its layout is done.
 */
export const PAGED_HANDLERS: readonly (() => void)[] = [registerSoftHyphenBreaks, registerTableHeaders, registerHeadingBreaks, registerCoverTitleFit, registerPageFrames, registerPageNumbers];

/**
 * Load Paged.js (not started) and zinepress's handlers into a tab that holds its document.
 * The tests lay out with another polyfill (Paged.js as shipped) or fewer handlers.
 */
export async function loadPaged(page: Page, { polyfill = pagedPolyfill(), handlers = PAGED_HANDLERS }: { polyfill?: string; handlers?: readonly (() => void)[] } = {}): Promise<void> {
  // PagedConfig before the polyfill, or it renders on its own; __name because
  // tsx (esbuild keepNames) wraps functions sent to the page with it.
  await page.evaluate('window.PagedConfig = { auto: false }; window.__name = (f) => f;');
  await page.addScriptTag({ content: polyfill });
  for (const register of handlers) await page.evaluate(register);
}

/** Let data: URLs through; refuse and record every other request. */
function refuseRemote(request: HTTPRequest, blocked: string[]): void {
  const url = request.url();
  if (url.startsWith('data:') || url === 'about:blank') return void request.continue();
  blocked.push(url);
  void request.abort('blockedbyclient');
}

/** Record the address of a console message that says the CSP refused it. */
function reportRefused(text: string, blocked: string[]): void {
  const refused = (/'([^']+)' violates the following Content Security Policy/.exec(text) ?? /^Refused to [^']*'([^']+)'/.exec(text))?.[1];
  if (refused && !blocked.includes(refused)) blocked.push(refused);
}

/** A failure of the browser, not of the zine: no file to name, only what to try. */
function machineError(reason: string, fix?: string): ZineError {
  return new ZineError([problem(reason, { fix })]);
}

/** Runs in the page after Paged.js: one report per rendered page. */
function inspectPages(): PageReport[] {
  const lineOf = (el: Element | null) => Number(el?.closest('[data-line]')?.getAttribute('data-line') ?? 0);
  return [...document.querySelectorAll('.pagedjs_page')].map((pageEl, index) => {
    const area = pageEl.querySelector('.pagedjs_page_content') as HTMLElement;
    const box = area.getBoundingClientRect();
    const overflowLines = new Set<number>();
    const overflowKeeps = new Set<number>();
    const overflows = new Map<string, { line: number; what: OverflowKind }>();
    const stickOut = (el: Element | null) => {
      overflowLines.add(lineOf(el));
      const what: OverflowKind = el?.closest('table') ? 'table' : el?.closest('pre') ? 'code' : el && /^(IMG|SVG|CANVAS|VIDEO)$/i.test(el.tagName) ? 'image' : 'text';
      overflows.set(`${lineOf(el)} ${what}`, { line: lineOf(el), what });
      for (let block = el?.closest('[data-keep]'); block; block = block.parentElement?.closest('[data-keep]')) {
        overflowKeeps.add(Number(block.getAttribute('data-keep')));
      }
    };
    // Only what prints: lines of text and pictures. Paged.js lays a page out in
    // columns, and an empty wrapper may run into the next, hidden column.
    // 1 px of tolerance: sub-pixel rounding is not an overflow.
    const outside = (rect: DOMRect) =>
      rect.width > 0 && rect.height > 0 && (rect.right > box.right + 1 || rect.bottom > box.bottom + 1 || rect.left < box.left - 1);
    // How far down the page something prints, for the fill ratio.
    let lowest = box.top;
    const reach = (rects: Iterable<DOMRect>) => {
      for (const rect of rects) if (rect.width > 0 && rect.height > 0 && rect.left < box.right && rect.top < box.bottom) lowest = Math.max(lowest, Math.min(rect.bottom, box.bottom));
    };
    // Only the printed characters: the space that hangs at the end of a wrapped code
    // line, or the blank line where a code block is cut, may reach past the edge and
    // is not lost. A node that seems to stick out is checked word by word.
    const range = document.createRange();
    const texts = document.createTreeWalker(area, NodeFilter.SHOW_TEXT);
    for (let node = texts.nextNode(); node; node = texts.nextNode()) {
      const text = node.textContent ?? '';
      if (!text.trim()) continue;
      range.selectNodeContents(node);
      const rects = [...range.getClientRects()];
      reach(rects);
      if (!rects.some(outside)) continue;
      for (const word of text.matchAll(/[^\s\u00AD]+/g)) {
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        if ([...range.getClientRects()].some(outside)) {
          stickOut(node.parentElement);
          break;
        }
      }
    }
    for (const el of area.querySelectorAll('img, svg, canvas, video, hr, td, th')) {
      const rects = [...el.getClientRects()];
      reach(rects);
      if (!/^T[DH]$/.test(el.tagName) && rects.some(outside)) stickOut(el);
    }
    const wideTables = [...area.querySelectorAll<HTMLTableElement>('table[data-table]')].flatMap((table) => {
      const width = table.scrollWidth;
      if (width <= box.width + 1) return [];
      // Equal columns are readable down to about a syllable and a half each.
      const columns = Math.max(...[...table.rows].map((row) => row.cells.length));
      const emPx = parseFloat(getComputedStyle(table).fontSize);
      const stack = getComputedStyle(table).getPropertyValue('--wide-table').trim() === 'stack';
      return [{ table: Number(table.dataset.table), scale: box.width / width, equalColumnsFit: box.width / columns >= 1.5 * emPx, stack }];
    });
    const role = area.querySelector('.cover')
      ? 'cover'
      : area.querySelector('.back-cover')
        ? 'back-cover'
        : area.querySelector('.contents')
          ? 'contents'
          : 'body';
    const blocks = [...area.querySelectorAll('main > *, main li, main p')].filter((el) => (el as HTMLElement).offsetHeight > 0);
    const last = blocks.at(-1);
    const strandedHeadingLine = last && /^H[1-6]$/.test(last.tagName) ? lineOf(last) : undefined;
    const tops = [...area.querySelectorAll('main > *')].filter((el) => (el as HTMLElement).offsetHeight > 0 || el.querySelector('img, svg'));
    const startsSection = tops[0]?.tagName === 'H1' && !tops[0].hasAttribute('data-split-from');
    const firstEl = tops.find((el) => !/^H[1-6]$/.test(el.tagName));
    const kindOf = (el: Element): BlockKind =>
      el.tagName === 'FIGURE' || (el.querySelector('img, svg') && (el.textContent ?? '').trim().length < 20)
        ? 'figure'
        : el.tagName === 'TABLE'
          ? 'table'
          : el.tagName === 'PRE'
            ? 'code'
            : el.classList.contains('callout')
              ? 'callout'
              : /^(UL|OL)$/.test(el.tagName)
                ? 'list'
                : el.tagName === 'BLOCKQUOTE'
                  ? 'quote'
                  : el.tagName === 'P'
                    ? 'text'
                    : 'other';
    const first =
      firstEl && !firstEl.hasAttribute('data-split-from')
        ? { what: kindOf(firstEl), line: lineOf(firstEl), keep: firstEl.matches('[data-keep]') ? Number(firstEl.getAttribute('data-keep')) : undefined }
        : undefined;
    return {
      number: index + 1,
      textLength: (area.textContent ?? '').replace(/\s+/g, '').length,
      hasGraphics: area.querySelector('img, svg, hr, table') !== null,
      role,
      overflowLines: [...overflowLines].sort((a, b) => a - b),
      overflowKeeps: [...overflowKeeps].sort((a, b) => a - b),
      overflows: [...overflows.values()].sort((a, b) => a.line - b.line),
      fill: box.height > 0 ? Math.round(((lowest - box.top) / box.height) * 100) / 100 : 1,
      startsSection,
      first,
      wideTables,
      strandedHeadingLine,
    } as PageReport;
  });
}
