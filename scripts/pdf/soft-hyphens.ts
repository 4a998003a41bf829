// Soft hyphens in the text layer. Chromium draws every soft hyphen a line did not
// break at as an invisible, zero-width glyph marked with ActualText U+00AD, so a
// reader's search for "Coronavirus" finds nothing ("Co­ro­na­vi­rus") and a copy
// carries invisible characters. The unused ones are dropped here; a hyphen that
// does end a line keeps its ActualText, which tells readers to join the word.
import type { PDFDocument } from 'pdf-lib';
import { contentStreams, type ContentTexts } from './objects.ts';

/**
 * `/Span <</ActualText <FEFF00AD>>> BDC  x y Td <glyph> Tj  EMC` followed by `0 0 Td`:
 * the next glyph starts where the soft hyphen did, so it took no room and was not shown.
 */
const UNUSED_SOFT_HYPHEN = /\/Span\s*<<\s*\/ActualText\s*<feff00ad>\s*>>\s*BDC\s*([-+.\d]+\s+[-+.\d]+\s+Td)\s*<[0-9a-f]*>\s*Tj\s*EMC(?=\s*0\s+0\s+Td)/gi;

/** An ActualText of several characters (a ligature such as "f­fi") with soft hyphens inside. */
const LIGATURE_TEXT = /\/ActualText\s*<feff((?:[0-9a-f]{4}){2,})>/gi;

/** Remove unused soft hyphens from every page's content (written to `texts`); returns how many were removed. */
export function dropUnusedSoftHyphens(doc: PDFDocument, texts: ContentTexts): number {
  let removed = 0;
  for (const page of doc.getPages()) {
    for (const [ref, stream] of contentStreams(page)) {
      const text = texts.read(ref, stream);
      let count = 0;
      const cleaned = text
        .replace(UNUSED_SOFT_HYPHEN, (_, move: string) => {
          count++;
          return move;
        })
        .replace(LIGATURE_TEXT, (whole, hex: string) => {
          const units = hex.match(/.{4}/g)!.filter((unit) => unit.toLowerCase() !== '00ad');
          if (units.length * 4 === hex.length) return whole;
          count++;
          return `/ActualText <feff${units.join('')}>`;
        });
      if (count === 0) continue;
      removed += count;
      texts.write(ref, cleaned);
    }
  }
  return removed;
}
