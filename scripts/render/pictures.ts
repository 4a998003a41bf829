// Pictures for people, taken from the same Paged.js layout as the PDF:
// the cover (for a Signal preview or a post) and a contact sheet of all pages.
import type { Page } from 'puppeteer';

/** PNG bytes of the cover and of the contact sheet. */
export interface Pictures {
  cover: Uint8Array;
  pages: Uint8Array;
}

/** Width of the contact sheet in pixels, whatever the page count. */
const sheetWidthPx = 1600;

/**
 * Screenshot the laid-out pages. Call after page.pdf(): it rearranges the pages
 * into a grid. PNGs are re-encoded by sharp so they carry no metadata and are
 * byte-identical for the same pixels.
 */
export async function takePictures(page: Page): Promise<Pictures> {
  // The cover at 2 pixels per CSS pixel: an A5 cover is about 1120 px wide. Both pictures are
  // clipped from the document at their scale: the viewport stays as it is, so the document is
  // not laid out again for a new window size (0.3 s less at 200 pages). Chromium encodes them
  // for speed (optimizeForSpeed: its fastest PNG compression): sharp encodes them again anyway.
  const first = await page.$('.pagedjs_page');
  if (!first) throw new Error('no page to take a picture of');
  const box = (await first.boundingBox())!;
  const cover = clean(await page.screenshot({ type: 'png', clip: { ...box, scale: 2 }, captureBeyondViewport: true, optimizeForSpeed: true }));
  cover.catch(() => {});

  // All pages in one grid, scaled so the sheet is sheetWidthPx wide.
  const grid = await page.evaluate(() => {
    const pages = [...document.querySelectorAll<HTMLElement>('.pagedjs_page')];
    const width = pages[0]!.getBoundingClientRect().width;
    const columns = Math.max(1, Math.min(8, Math.ceil(Math.sqrt(pages.length * 1.4))));
    const gap = 12;
    const style = document.createElement('style');
    style.textContent = `
      html, body { background: #9a9a9a !important; margin: 0 !important; }
      .pagedjs_pages { display: grid !important; grid-template-columns: repeat(${columns}, ${width}px);
        gap: ${gap}px; padding: ${gap}px; width: max-content; }
      .pagedjs_page { margin: 0 !important; background: #fff; box-shadow: none !important; }`;
    document.head.append(style);
    const rect = document.querySelector('.pagedjs_pages')!.getBoundingClientRect();
    return { x: rect.left, y: rect.top, width: rect.width, height: rect.height };
  });
  const sheet = await page.screenshot({ type: 'png', clip: { ...grid, scale: Math.min(1, sheetWidthPx / grid.width) }, captureBeyondViewport: true, optimizeForSpeed: true });
  return { cover: await cover, pages: await clean(sheet) };
}

async function clean(png: Uint8Array): Promise<Uint8Array> {
  // Loaded when first used: a build starts its browser before it loads the rest.
  const { default: sharp } = await import('sharp');
  // Level 6: files within a few per cent of level 9's, in a fraction of the time.
  return new Uint8Array(await sharp(png).png({ compressionLevel: 6, palette: false }).toBuffer());
}
