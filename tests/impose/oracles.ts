// Test oracles: the page-order and half-placement rules restated plainly, so the
// imposition code is checked against a second, independent statement of docs/printing.md.
import type { BlankPlacement, Duplex, Side, Slot } from '../../scripts/impose/order.ts';

/** Reading order padded to N = 4·ceil(n/4): page numbers, null for blanks (before the back cover by default). */
export function paddedOrder(n: number, { blanks = 'before-back-cover' }: { blanks?: BlankPlacement } = {}): (number | null)[] {
  const total = 4 * Math.ceil(n / 4);
  const order = Array.from({ length: total }, (_, i) => (i < n ? i + 1 : null));
  // The back cover (page n) moves to the last position; a single page is the front cover and stays first.
  if (blanks === 'before-back-cover' && n > 1) {
    order[n - 1] = null;
    order[total - 1] = n;
  }
  return order;
}

/**
 * The slots in the left and right halves of the output PDF page: a side printed
 * turned 180° puts its left slot in the right half.
 */
export function physicalHalves(side: Side): [left: Slot, right: Slot] {
  return side.left.rotated ? [side.right, side.left] : [side.left, side.right];
}

/** What one half of a printed side shows: the page's label, and whether it stands upright on the output page. */
export interface PrintedHalf {
  label: string;
  upright: boolean;
}

/**
 * Folds printed sides into a booklet and reads it page by page, the way a person
 * does. Output sides 2i+1 and 2i+2 are the front and back of sheet i, sheet 0
 * outside; each side is [left half, right half], null for a blank. Turning a leaf
 * about the fold shows its back as a short-edge flip prints it; a long-edge flip
 * prints it turned 180° against that. Held turned over and upside down
 * (`turnedOver`), the booklet shows every side turned 180°.
 */
export function readFolded(
  sides: [PrintedHalf | null, PrintedHalf | null][],
  duplex: Duplex,
  { turnedOver = false }: { turnedOver?: boolean } = {},
): (PrintedHalf | null)[] {
  const turnHalf = (half: PrintedHalf | null) => half && { ...half, upright: !half.upright };
  const turn = ([left, right]: [PrintedHalf | null, PrintedHalf | null]): [PrintedHalf | null, PrintedHalf | null] => [
    turnHalf(right),
    turnHalf(left),
  ];
  const seen = sides.map((side, index) => {
    const asFolded = index % 2 === 1 && duplex === 'long-edge' ? turn(side) : side;
    return turnedOver ? turn(asFolded) : asFolded;
  });
  // Nested sheets: inward on the front-right and back-left halves, back out on the back-right and front-left.
  const pages: (PrintedHalf | null)[] = [];
  const sheets = seen.length / 2;
  for (let i = 0; i < sheets; i++) pages.push(seen[2 * i]![1], seen[2 * i + 1]![0]);
  for (let i = sheets - 1; i >= 0; i--) pages.push(seen[2 * i + 1]![1], seen[2 * i]![0]);
  return pages;
}
