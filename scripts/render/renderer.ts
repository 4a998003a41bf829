// The render stage behind one seam: a Renderer owns a browser and lays out any
// number of documents in it. A build starts one and closes it; a long-lived
// caller (a watch loop) keeps one warm and hands it to each build.
import { availableParallelism } from 'node:os';
import { fail, ZineError } from '../errors.ts';
import { findBrowser, launchBrowser, type FoundBrowser } from './browser.ts';
import { renderPdf, type RenderResult } from './paged.ts';
import type { Pictures } from './pictures.ts';
import { primedPage, type PrimedPage } from './primed.ts';

/** Lays out composed HTML with Paged.js in one running browser. */
export interface Renderer {
  /** The browser it renders with. */
  readonly browser: FoundBrowser;
  /** How many documents it lays out at once, one per tab. */
  readonly tabs: number;
  /**
   * One document → the PDF, a page report and (when asked) the pictures, from one layout.
   * It resolves once the PDF is printed: the pictures are taken meanwhile, while the caller
   * finalises the PDF, and the tab lays out nothing else until they are. `withSnapshot` keeps
   * the laid-out pages for `laidOut.snapshot()` (the live preview), copied before the pictures
   * rearrange them.
   */
  render(html: string, options?: { withPictures?: boolean; withSnapshot?: boolean }): Promise<Rendered>;
  /** Close the browser and remove its profile. */
  close(): Promise<void>;
}

/** A render, its pictures still being taken. */
export interface Rendered extends Omit<RenderResult, 'pictures'> {
  pictures?: Promise<Pictures>;
}

/** Options of `startRenderer`. */
export interface RendererOptions {
  /** A browser to use instead of looking for one (see findBrowser). */
  browserPath?: string;
  /** Longest one render may take. */
  timeoutMs?: number;
  /**
   * Tabs laying out side by side (default 1). Each is primed (render/primed.ts:
   * Paged.js loaded once, every document written into the same window) as soon as
   * the browser is up, while the caller is still composing; a render takes a free
   * tab and waits for one when all are busy. Each result has `laidOut`, valid until
   * the next render in its tab: with one tab, until the next render.
   */
  tabs?: number;
}

/** Find and start a browser; renders share it until `close`. */
export async function startRenderer({ browserPath, timeoutMs = 300_000, tabs: width = 1 }: RendererOptions = {}): Promise<Renderer> {
  const found = findBrowser(browserPath);
  // A call may take as long as a render may (Paged.js lays a whole document out in one): the render's timeout governs.
  const running = await launchBrowser(found, { protocolTimeout: timeoutMs + 60_000 });
  // The first tab is the blank one the browser opened at start: one tab fewer to open.
  const blank = async () => (await running.browser.pages()).find((page) => page.url() === 'about:blank');
  const tabs = Array.from({ length: Math.max(1, width) }, (_, index) => primedPage(running.browser, index === 0 ? blank : undefined));
  // Primed now: loading Paged.js into each tab overlaps the caller's compose. A tab that
  // fails to prime tries again at its first render, which reports the failure.
  for (const tab of tabs) tab.page().catch(() => {});
  // Free tabs, first opened first used; renders waiting for one, in the order they came.
  const free = [...tabs];
  const waiting: ((tab: PrimedPage) => void)[] = [];
  const take = () => new Promise<PrimedPage>((resolve) => (free.length > 0 ? resolve(free.shift()!) : waiting.push(resolve)));
  const give = (tab: PrimedPage) => {
    const next = waiting.shift();
    if (next) next(tab);
    else free.unshift(tab);
  };
  return {
    browser: found,
    tabs: tabs.length,
    async render(html, { withPictures = true, withSnapshot = false } = {}) {
      const tab = await take();
      let busy: Promise<unknown> = Promise.resolve();
      try {
        const result = await renderPdf(running.browser, html, { timeoutMs, primed: tab }).catch(browserFailure);
        // The snapshot (the live preview's pages) only when asked for: a build without a preview does not copy the pages out.
        const pictures = withPictures ? result.laidOut!.pictures({ keepSnapshot: withSnapshot }).catch(browserFailure) : undefined;
        // Handled here so that a caller that failed first leaves no unhandled rejection; it awaits them otherwise.
        busy = pictures?.catch(() => {}) ?? busy;
        return { ...result, pictures };
      } finally {
        void busy.then(() => give(tab));
      }
    },
    async close() {
      // The browser is killed with its tabs: no tab is closed one by one first (one may still be laying out).
      await running.close();
    },
  };
}

/** The renderer of a build: one tab per core, so that a zine's languages and renditions lay out side by side. */
export function startBuildRenderer(options: Omit<RendererOptions, 'tabs'> = {}): Promise<Renderer> {
  return startRenderer({ ...options, tabs: availableParallelism() });
}

/** A browser that dies in a way the render did not foresee (a protocol error, a closed target) is still a problem with a fix. */
function browserFailure(error: unknown): never {
  if (error instanceof ZineError) throw error;
  fail(`the browser failed during the render: ${String((error as Error)?.message ?? error).split('\n')[0]}`, {
    fix: 'build again; if it keeps happening, check memory and the browser with --browser',
  });
}
