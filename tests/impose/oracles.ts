// Test oracles: the page-order and half-placement rules restated plainly, so the
// imposition code is checked against a second, independent statement of docs/printing.md.
import type { BlankPlacement, Side, Slot } from '../../scripts/impose/order.ts';

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
