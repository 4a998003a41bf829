// One tab kept warm for many renders: Paged.js is loaded once (its polyfill is
// about 1 MB of script), and each document is written into the same window
// (setContent is document.open: the window and its globals stay) and laid out
// by a new Previewer. Requests are refused as in a new tab. After a render the
// layout stays in the tab until the next one, for the preview and the pictures.
import type { Browser, Page } from 'puppeteer';
import { guardPage, loadPaged, type LaidOut } from './paged.ts';
import { takePictures } from './pictures.ts';

/** The warm tab of a renderer; renders through it must not overlap (the Renderer queues them). */
export interface PrimedPage {
  /** The tab, primed on first use (again after a discard). */
  page(): Promise<Page>;
  /** Before a render: where refused addresses go. */
  reset(blocked: string[]): Promise<void>;
  /** After a render: what can still be taken from its layout, until the next render. */
  keep(page: Page): LaidOut;
  /** Close the tab (after a failed render, or at the end); the next render primes a new one. */
  discard(): Promise<void>;
}

/**
 * A primed tab in `browser`, opened when first needed; the first one takes the tab the
 * browser opened at start (`initial`) rather than a new one, once.
 */
export function primedPage(browser: Browser, initial?: () => Promise<Page | undefined>): PrimedPage {
  let tab: Promise<Page> | undefined;
  let blockedSink: string[] = [];
  /** Bumped by each render: a LaidOut of an earlier one refuses to run. */
  let generation = 0;

  const open = async (): Promise<Page> => {
    const adopted = await initial?.();
    initial = undefined;
    // A window of its own: in a full Chromium's headless mode the tabs of one window are hidden
    // but the front one, and a hidden tab waits seconds for each screenshot (the headless shell
    // shows every tab either way, with the same pixels).
    const page = adopted ?? (await browser.newPage({ type: 'window' }));
    await guardPage(page, () => blockedSink);
    await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>', { waitUntil: 'load', timeout: 0 });
    await loadPaged(page);
    return page;
  };

  const discard = async () => {
    const old = tab;
    tab = undefined;
    generation++;
    await old?.then((page) => page.close()).catch(() => {});
  };

  return {
    page() {
      tab ??= open().catch((error: unknown) => {
        tab = undefined;
        throw error;
      });
      return tab;
    },
    async reset(blocked) {
      blockedSink = blocked;
      generation++;
    },
    keep(page) {
      const mine = generation;
      const current = () => {
        if (mine !== generation) throw new Error('this layout was replaced by a later render');
      };
      let snapshot: Promise<string> | undefined;
      let rearranged = false;
      return {
        snapshot() {
          current();
          if (!snapshot && rearranged) throw new Error('the pictures rearranged this layout: ask for its snapshot before them');
          snapshot ??= page.evaluate(snapshotPages);
          return snapshot;
        },
        async pictures({ keepSnapshot = false } = {}) {
          if (keepSnapshot) await this.snapshot();
          current();
          rearranged = true;
          return takePictures(page);
        },
      };
    },
    discard,
  };
}

/** Runs in the page after Paged.js: the laid-out document, without scripts or the render's CSP (the preview sends its own). */
export function snapshotPages(): string {
  const root = document.documentElement.cloneNode(true) as HTMLElement;
  root.querySelectorAll('script, template, meta[http-equiv]').forEach((element) => element.remove());
  return `<!doctype html>\n${root.outerHTML}`;
}
