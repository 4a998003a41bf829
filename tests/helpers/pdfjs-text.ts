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
