// One HTML document → Paged.js layout in Chromium → PDF bytes and a page report.
// The page may load nothing but data: URLs; every other request is refused
// before it leaves and reported.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Browser, HTTPRequest } from 'puppeteer';
import { problem, ZineError } from '../errors.ts';
import { takePictures, type Pictures } from './pictures.ts';
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
  /** Source line of a heading that ends the page (nothing after it on that page). */
  strandedHeadingLine?: number;
  /** Kept-whole blocks (lists, code, callouts: `data-keep`) that stick out of the page. */
  overflowKeeps: number[];
}

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
  /** cover.png and pages.png; rearranges the pages, so the snapshot is taken first. */
  pictures(): Promise<Pictures>;
}

export interface RenderOptions {
  timeoutMs: number;
  /** Also take cover.png and pages.png from the same layout. */
  withPictures?: boolean;
  /** A tab with Paged.js already loaded, reused instead of a new tab (see primed.ts). */
  primed?: PrimedPage;
}

const require = createRequire(import.meta.url);
let pagedSource: string | undefined;

/** Paged.js's polyfill, read once per process. */
export function pagedPolyfill(): string {
  // pagedjs's "exports" hides dist/: go from its main entry (lib/index.cjs) to dist/.
  pagedSource ??= readFileSync(join(dirname(require.resolve('pagedjs')), '..', 'dist', 'paged.polyfill.js'), 'utf8');
  return pagedSource;
}

/** Blocks kept whole on one page (styles/base.css: break-inside: avoid), numbered in document order. */
const KEPT_BLOCKS = 'ul, ol, pre, .callout';
/** Renders at most, for documents with several blocks taller than a page. */
const MAX_RENDERS = 4;

/**
 * Render one document. Lists, code and callouts are kept whole (break-inside: avoid),
 * but Paged.js cannot move a block taller than a page: it leaves a page empty and lets
 * the block run off the next. Such a block is let break between its lines, and the
 * document rendered again; short blocks stay whole.
 */
export async function renderPdf(browser: Browser, html: string, options: RenderOptions): Promise<RenderResult> {
  const released = new Set<number>();
  for (let attempt = 1; ; attempt++) {
    const result = await renderOnce(browser, html, options, [...released]);
    const tooTall = result.pages.flatMap((page) => page.overflowKeeps).filter((keep) => !released.has(keep));
    // What still sticks out after a few rounds is a real overflow: the build reports it.
    if (tooTall.length === 0 || attempt === MAX_RENDERS) return result;
    for (const keep of tooTall) released.add(keep);
  }
}

/**
 * One render in a new tab of `browser` (closed afterwards), or in the primed tab
 * (kept, its layout left for `laidOut`); the `released` kept blocks allowed to break.
 */
async function renderOnce(browser: Browser, html: string, { timeoutMs, withPictures = false, primed }: RenderOptions, released: number[]): Promise<RenderResult> {
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
      await page.setJavaScriptEnabled(true);
      await page.setRequestInterception(true);
      page.on('request', (request: HTTPRequest) => refuseRemote(request, blockedRequests));
      // What the page's CSP refuses (a WebSocket, a fetch) never reaches interception: report it too.
      page.on('console', (message) => reportRefused(message.text(), blockedRequests));
      await page.setContent(html, { waitUntil: 'load', timeout: 0 });
      // PagedConfig before the polyfill, or it renders on its own; __name because
      // tsx (esbuild keepNames) wraps functions sent to the page with it.
      await page.evaluate('window.PagedConfig = { auto: false }; window.__name = (f) => f;');
      // Paged.js would fetch each <link rel=stylesheet> and fail on the refusal; the page has none of its own.
      await page.evaluate('document.querySelectorAll("link").forEach((link) => link.remove())');
      await page.addScriptTag({ content: pagedPolyfill() });
      await page.evaluate(registerSoftHyphenBreaks);
    }
    await page.evaluate(
      (selector, free) =>
        document.querySelectorAll<HTMLElement>(selector).forEach((block, index) => {
          block.dataset.keep = String(index);
          if (free.includes(index)) block.style.breakInside = 'auto';
        }),
      KEPT_BLOCKS,
      released,
    );
    await page.evaluate(async (warm) => {
      await document.fonts.ready;
      // @ts-expect-error PagedPolyfill and Paged are defined by the polyfill.
      if (!warm) return void (await window.PagedPolyfill.preview());
      // A primed tab lays out each document with a new Previewer (the polyfill's own one has run
      // before), whose queue goes from page to page at once rather than once a frame: the layout
      // is measured synchronously either way (tests/render/primed.test.ts: the same PDF).
      // @ts-expect-error Paged is defined by the polyfill.
      const previewer = new window.Paged.Previewer();
      previewer.chunker.q.tick = (next: () => void) => setTimeout(next, 0);
      await previewer.preview();
    }, Boolean(primed));
    const pages = await page.evaluate(inspectPages);
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, outline: true, tagged: true, timeout: 0 });
    if (primed) {
      const laidOut = primed.keep(page);
      return { pdf: new Uint8Array(pdf), pages, blockedRequests, pictures: withPictures ? await laidOut.pictures() : undefined, laidOut };
    }
    const pictures = withPictures ? await takePictures(page) : undefined;
    return { pdf: new Uint8Array(pdf), pages, blockedRequests, pictures };
  }
}

/** Let data: URLs through; refuse and record every other request. */
export function refuseRemote(request: HTTPRequest, blocked: string[]): void {
  const url = request.url();
  if (url.startsWith('data:') || url === 'about:blank') return void request.continue();
  blocked.push(url);
  void request.abort('blockedbyclient');
}

/** Record the address of a console message that says the CSP refused it. */
export function reportRefused(text: string, blocked: string[]): void {
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
    const stickOut = (el: Element | null) => {
      overflowLines.add(lineOf(el));
      for (let block = el?.closest('[data-keep]'); block; block = block.parentElement?.closest('[data-keep]')) {
        overflowKeeps.add(Number(block.getAttribute('data-keep')));
      }
    };
    // Only what prints: lines of text and pictures. Paged.js lays a page out in
    // columns, and an empty wrapper may run into the next, hidden column.
    // 1 px of tolerance: sub-pixel rounding is not an overflow.
    const outside = (rect: DOMRect) =>
      rect.width > 0 && rect.height > 0 && (rect.right > box.right + 1 || rect.bottom > box.bottom + 1 || rect.left < box.left - 1);
    const texts = document.createTreeWalker(area, NodeFilter.SHOW_TEXT);
    for (let node = texts.nextNode(); node; node = texts.nextNode()) {
      if (!node.textContent?.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      if ([...range.getClientRects()].some(outside)) stickOut(node.parentElement);
    }
    for (const el of area.querySelectorAll('img, svg, canvas, video, hr')) {
      if ([...el.getClientRects()].some(outside)) stickOut(el);
    }
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
    return {
      number: index + 1,
      textLength: (area.textContent ?? '').replace(/\s+/g, '').length,
      hasGraphics: area.querySelector('img, svg, hr, table') !== null,
      role,
      overflowLines: [...overflowLines].sort((a, b) => a - b),
      overflowKeeps: [...overflowKeeps].sort((a, b) => a - b),
      strandedHeadingLine,
    } as PageReport;
  });
}
