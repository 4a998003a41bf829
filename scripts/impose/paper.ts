// Named paper sizes in PDF points, portrait (width ≤ height), from pdf-lib's table.
import { PageSizes } from 'pdf-lib';

/** A paper or page size in PDF points (1 pt = 1/72 inch). */
export interface PaperSize {
  widthPt: number;
  heightPt: number;
}

/** Points per millimetre (1 inch = 25.4 mm = 72 pt). */
export const PT_PER_MM = 72 / 25.4;

/** Millimetres to points. */
export function mmToPt(mm: number): number {
  return mm * PT_PER_MM;
}

/** A [width, height] pair of pdf-lib's PageSizes as a PaperSize. */
const fromPdfLib = ([widthPt, heightPt]: [number, number]): PaperSize => ({ widthPt, heightPt });

/** Known paper sizes, portrait, in points: the one table every size comes from. */
export const PAPER_SIZES = {
  A3: fromPdfLib(PageSizes.A3),
  A4: fromPdfLib(PageSizes.A4),
  A5: fromPdfLib(PageSizes.A5),
  A6: fromPdfLib(PageSizes.A6),
  A7: fromPdfLib(PageSizes.A7),
  Letter: fromPdfLib(PageSizes.Letter),
  Legal: fromPdfLib(PageSizes.Legal),
  Tabloid: fromPdfLib(PageSizes.Tabloid),
} as const satisfies Record<string, PaperSize>;

/** Name of a known paper size. */
export type PaperName = keyof typeof PAPER_SIZES;

/** True when `name` is a known paper size (exact spelling, e.g. "A4", "Letter"). */
export function isPaperName(name: string): name is PaperName {
  return Object.hasOwn(PAPER_SIZES, name);
}

/** The size of a named paper (case-insensitive); throws listing the known names otherwise. */
export function paperSize(name: string): PaperSize {
  const key = Object.keys(PAPER_SIZES).find((known) => known.toLowerCase() === name.toLowerCase());
  if (key === undefined || !isPaperName(key)) {
    throw new RangeError(
      `unknown paper size "${name}"; known sizes: ${Object.keys(PAPER_SIZES).join(', ')}`,
    );
  }
  return PAPER_SIZES[key];
}

/** The same size turned landscape (width ≥ height). */
export function landscape({ widthPt, heightPt }: PaperSize): PaperSize {
  return { widthPt: Math.max(widthPt, heightPt), heightPt: Math.min(widthPt, heightPt) };
}

/** The known paper name matching a size within half a millimetre, in either orientation. */
export function paperName({ widthPt, heightPt }: PaperSize): PaperName | undefined {
  const tolerancePt = mmToPt(0.5);
  const [short, long] = [Math.min(widthPt, heightPt), Math.max(widthPt, heightPt)];
  return (Object.keys(PAPER_SIZES) as PaperName[]).find((name) => {
    const size = PAPER_SIZES[name];
    return Math.abs(size.widthPt - short) < tolerancePt && Math.abs(size.heightPt - long) < tolerancePt;
  });
}
