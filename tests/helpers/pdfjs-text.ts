// Text items with their transforms, read with pdfjs-dist (not the writer of the PDFs).

import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** One text run: its string and the [a, b, c, d, e, f] matrix placing it on the page. */
export interface TextRun {
  str: string;
  transform: number[];
}

/** The text runs of every page, in page order. */
export async function textRunsByPage(bytes: Uint8Array): Promise<TextRun[][]> {
  // pdfjs takes ownership of the buffer it is given: hand it a copy.
  const doc = await getDocument({ data: bytes.slice(), verbosity: 0 }).promise;
  const pages: TextRun[][] = [];
  for (let number = 1; number <= doc.numPages; number++) {
    const page = await doc.getPage(number);
    const content = await page.getTextContent();
    pages.push(
      content.items.flatMap((item) =>
        'str' in item && item.str.trim() !== '' ? [{ str: item.str, transform: item.transform as number[] }] : [],
      ),
    );
  }
  await doc.destroy();
  return pages;
}

/** A bookmark: its title, the 1-based page it points at, and its children. */
export interface Bookmark {
  title: string;
  page: number;
  children: Bookmark[];
}

/** The outline (bookmarks) of a PDF with the page each entry points at, read with pdfjs-dist. */
export async function readOutline(bytes: Uint8Array): Promise<Bookmark[]> {
  const doc = await getDocument({ data: bytes.slice(), verbosity: 0 }).promise;
  type Item = { title: string; dest: string | unknown[] | null; items: Item[] };
  const resolve = async (items: Item[]): Promise<Bookmark[]> =>
    Promise.all(
      items.map(async (item) => {
        const dest = typeof item.dest === 'string' ? await doc.getDestination(item.dest) : item.dest;
        const page = dest ? (await doc.getPageIndex(dest[0] as { num: number; gen: number })) + 1 : 0;
        return { title: item.title, page, children: await resolve(item.items) };
      }),
    );
  const outline = await resolve(((await doc.getOutline()) ?? []) as Item[]);
  await doc.destroy();
  return outline;
}
