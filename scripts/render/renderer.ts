// The render stage behind one seam: a Renderer owns a browser and lays out any
// number of documents in it. A build starts one and closes it; a long-lived
// caller (a watch loop) keeps one warm and hands it to each build.
import { fail, ZineError } from '../errors.ts';
import { findBrowser, launchBrowser, type FoundBrowser } from './browser.ts';
import { renderPdf, type RenderResult } from './paged.ts';
import { primedPage } from './primed.ts';

/** Lays out composed HTML with Paged.js in one running browser. */
export interface Renderer {
  /** The browser it renders with. */
  readonly browser: FoundBrowser;
  /** Whether it lays out in one primed tab (its results then have `laidOut`). */
  readonly primed: boolean;
  /** One document → the PDF, a page report and (when asked) the pictures, from one layout. */
  render(html: string, options?: { withPictures?: boolean }): Promise<RenderResult>;
  /** Close the browser and remove its profile. */
  close(): Promise<void>;
}

/** Options of `startRenderer`. */
export interface RendererOptions {
  /** A browser to use instead of looking for one (see findBrowser). */
  browserPath?: string;
  /** Longest one render may take. */
  timeoutMs?: number;
  /**
   * Keep one tab with Paged.js loaded and lay every document out in it, one at a
   * time (render/primed.ts): faster for a long-lived caller (watch). Each result
   * then has `laidOut`, valid until the next render.
   */
  primed?: boolean;
}

/** Find and start a browser; renders share it until `close`. */
export async function startRenderer({ browserPath, timeoutMs = 300_000, primed: warm = false }: RendererOptions = {}): Promise<Renderer> {
  const found = findBrowser(browserPath);
  // A call may take as long as a render may (Paged.js lays a whole document out in one): the render's timeout governs.
  const running = await launchBrowser(found, { protocolTimeout: timeoutMs + 60_000 });
  const primed = warm ? primedPage(running.browser) : undefined;
  // One primed tab lays out one document at a time: renders wait for the one before.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    browser: found,
    primed: warm,
    render(html, { withPictures = true } = {}) {
      const rendered = queue.then(() => renderPdf(running.browser, html, { timeoutMs, withPictures, primed }).catch(browserFailure));
      if (primed) queue = rendered.catch(() => {});
      return rendered;
    },
    async close() {
      await primed?.discard();
      await running.close();
    },
  };
}

/** A browser that dies in a way the render did not foresee (a protocol error, a closed target) is still a problem with a fix. */
function browserFailure(error: unknown): never {
  if (error instanceof ZineError) throw error;
  fail(`the browser failed during the render: ${String((error as Error)?.message ?? error).split('\n')[0]}`, {
    fix: 'build again; if it keeps happening, check memory and the browser with --browser',
  });
}
