// Page-order maths for the booklet, the tête-bêche booklet and the mini-zine. Pure:
// it knows nothing of pdf-lib, so every rule of docs/printing.md can be checked here without a PDF.
//
// Vocabulary: reading pages are numbered 1..n; "padded positions" are 1..N
// once blanks are inserted; a slot holds a reading page number or null (blank).

import { BOOKLET_DEFAULTS, MINIZINE_DEFAULTS } from './settings.ts';

/** Where the blanks needed to fill the last sheet go. */
export type BlankPlacement = 'before-back-cover' | 'end';

/** The edge the printer turns the sheet around, as named in the print dialog. */
export type Duplex = 'short-edge' | 'long-edge';

/** The side of the spine: 'left' for left-to-right scripts, 'right' for right-to-left. */
export type Binding = 'left' | 'right';

/** The two texts of a tête-bêche booklet: 'a' reads from one cover, 'b' from the other, upside down. */
export type Source = 'a' | 'b';

/** One half of a booklet side: a reading page (or null for a blank) and how to place it. */
export interface Slot {
  /** Reading page number, or null for a blank (nothing is drawn). */
  page: number | null;
  /** True when the page is printed turned 180° (back sides with long-edge duplex). */
  rotated: boolean;
  /** Shift toward the spine, in millimetres, that compensates creep. */
  creepMm: number;
  /** Tête-bêche only: the text whose half of the booklet the slot is in. */
  source?: Source;
  /** Tête-bêche only: true when the page is turned 180° in its own half (every page of text b). */
  turned?: boolean;
}

/** One printed side of a sheet, as the reader sees it once the sheet is turned upright. */
export interface Side {
  /** Sheet index over the whole booklet, 0 = outermost sheet of the first signature. */
  sheet: number;
  face: 'front' | 'back';
  left: Slot;
  right: Slot;
}

/** Options of `bookletSides`. */
export interface BookletOrderOptions {
  blanks?: BlankPlacement;
  duplex?: Duplex;
  binding?: Binding;
  /** Paper thickness in millimetres: sheet i of a signature shifts by i times this. */
  paperThicknessMm?: number;
  /** Pages per signature (a multiple of 4); omitted = one signature holding everything. */
  signaturePages?: number;
}

/** One cell of the mini-zine grid (4 columns × 2 rows on one side). */
export interface MinizineCell {
  /** Reading page number, or null for a blank. */
  page: number | null;
  /** Padded position 1..8 in the folded zine (8 = back cover). */
  position: number;
  row: 'top' | 'bottom';
  /** Column 0..3, from the left of the sheet. */
  column: number;
  /** True for the top row, which is printed upside down. */
  rotated: boolean;
}

/** Largest page count a mini-zine holds. */
export const MINIZINE_PAGES = 8;

function assertPageCount(n: number): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`page count must be a whole number of at least 1, got ${n}`);
  }
}

function assertPaperThickness(mm: number): void {
  if (!(mm >= 0)) throw new RangeError(`paper thickness must be 0 mm or more, got ${mm}`);
}

function assertSignaturePages(k: number): void {
  if (!Number.isInteger(k) || k < 4 || k % 4 !== 0) {
    throw new RangeError(`signaturePages must be a positive multiple of 4, got ${k}`);
  }
}

/**
 * Padded page count N = 4·ceil(n/4); signatures never add pages (the last one is just shorter).
 */
export function padCount(n: number, signaturePages?: number): number {
  assertPageCount(n);
  // Validated here so a bad value fails before any PDF work starts.
  if (signaturePages !== undefined) assertSignaturePages(signaturePages);
  return 4 * Math.ceil(n / 4);
}

/** Sizes of the signatures of a padded booklet: chunks of k pages, the last one a shorter multiple of 4. */
export function signatureSizes(paddedCount: number, signaturePages?: number): number[] {
  if (signaturePages === undefined) return [paddedCount];
  assertSignaturePages(signaturePages);
  const sizes: number[] = [];
  for (let rest = paddedCount; rest > 0; rest -= signaturePages) {
    sizes.push(Math.min(rest, signaturePages));
  }
  return sizes;
}

/** Reading pages spread over `total` positions, with null for each blank. */
function padTo(n: number, total: number, blanks: BlankPlacement): (number | null)[] {
  const blankCount = total - n;
  const pages = Array.from({ length: n }, (_, i) => i + 1);
  const fill = Array<null>(blankCount).fill(null);
  // With one page there is no separate back cover: page 1 is the front cover and stays first.
  if (blanks === 'end' || n === 1) return [...pages, ...fill];
  return [...pages.slice(0, n - 1), ...fill, n];
}

/** The four padded positions (1-based, within a chunk of `size`) of sheet i, as the reader sees them. */
export function sheetPositions(size: number, i: number) {
  return {
    front: { left: size - 2 * i, right: 2 * i + 1 },
    back: { left: 2 * i + 2, right: size - 2 * i - 1 },
  };
}

/** What a padded position holds before it is placed on a side: everything of a slot but the side's turn and creep. */
type Content = Omit<Slot, 'rotated' | 'creepMm'>;

/** The sides of a stack of padded positions, signature by signature: sheet positions, duplex turn, binding, creep. */
function sidesOf(
  order: Content[],
  { duplex, binding, paperThicknessMm, signaturePages }: { duplex: Duplex; binding: Binding; paperThicknessMm: number; signaturePages?: number },
): Side[] {
  const sides: Side[] = [];
  let offset = 0;
  let sheet = 0;
  for (const size of signatureSizes(order.length, signaturePages)) {
    // Creep restarts in each signature: signatures are stacked, not nested.
    for (let i = 0; i < size / 4; i++, sheet++) {
      const creepMm = i * paperThicknessMm;
      const positions = sheetPositions(size, i);
      for (const face of ['front', 'back'] as const) {
        const rotated = face === 'back' && duplex === 'long-edge';
        const slot = (position: number): Slot => ({
          ...(order[offset + position - 1] ?? { page: null }),
          rotated,
          creepMm,
        });
        const left = slot(positions[face].left);
        const right = slot(positions[face].right);
        // Right-to-left binding mirrors every side.
        sides.push(
          binding === 'left'
            ? { sheet, face, left, right }
            : { sheet, face, left: right, right: left },
        );
      }
    }
    offset += size;
  }
  return sides;
}

/** Every side of the saddle-stitched booklet, in output order (front then back of each sheet). */
export function bookletSides(
  n: number,
  {
    blanks = BOOKLET_DEFAULTS.blanks,
    duplex = BOOKLET_DEFAULTS.duplex,
    binding = BOOKLET_DEFAULTS.binding,
    paperThicknessMm = BOOKLET_DEFAULTS.paperThicknessMm,
    signaturePages,
  }: BookletOrderOptions = {},
): Side[] {
  assertPaperThickness(paperThicknessMm);
  const order = padTo(n, padCount(n), blanks).map((page) => ({ page }));
  return sidesOf(order, { duplex, binding, paperThicknessMm, signaturePages });
}

/** One padded position of a tête-bêche booklet, numbered from A's front cover. */
export type TeteBechePosition = Required<Content>;

/**
 * Pages in each half of a tête-bêche booklet: both texts padded to the same even
 * count H = 2·ceil(max(a, b)/2), so 2H is a multiple of 4 and neither crosses the centre fold.
 */
export function teteBecheHalf(a: number, b: number): number {
  assertPageCount(a);
  assertPageCount(b);
  return 2 * Math.ceil(Math.max(a, b) / 2);
}

/**
 * Positions 1..2H from A's front cover: A's pages 1..a, A's blanks up to H, then
 * B's blanks, then B's pages backwards and turned, B's page 1 at 2H (its front cover).
 */
export function teteBecheOrder(a: number, b: number): TeteBechePosition[] {
  const half = teteBecheHalf(a, b);
  // Each text reads forward from its own cover, so the blanks of both meet in the middle.
  const first = Array.from({ length: half }, (_, i): TeteBechePosition => ({
    source: 'a',
    page: i < a ? i + 1 : null,
    turned: false,
  }));
  const second = Array.from({ length: half }, (_, i): TeteBechePosition => ({
    source: 'b',
    page: i < b ? i + 1 : null,
    turned: true,
  }));
  return [...first, ...second.reverse()];
}

/** Every side of a tête-bêche booklet (one signature, left binding), in output order. */
export function teteBecheSides(
  a: number,
  b: number,
  {
    duplex = BOOKLET_DEFAULTS.duplex,
    paperThicknessMm = BOOKLET_DEFAULTS.paperThicknessMm,
  }: Pick<BookletOrderOptions, 'duplex' | 'paperThicknessMm'> = {},
): Side[] {
  assertPaperThickness(paperThicknessMm);
  // Left binding for both: turned over and upside down, B's spine is on its left too.
  return sidesOf(teteBecheOrder(a, b), { duplex, binding: 'left', paperThicknessMm });
}

/** Number of sheets of paper a booklet of n reading pages needs. */
export function sheetCount(n: number): number {
  return padCount(n) / 4;
}

// Left to right; the top row is read upside down once folded.
const TOP_ROW = [5, 4, 3, 2];
const BOTTOM_ROW = [6, 7, 8, 1];

/** The 8 cells of a mini-zine (top row left→right 5,4,3,2 rotated, bottom 6,7,8,1); throws past 8 pages. */
export function minizineCells(
  n: number,
  { blanks = MINIZINE_DEFAULTS.blanks }: { blanks?: BlankPlacement } = {},
): MinizineCell[] {
  assertPageCount(n);
  if (n > MINIZINE_PAGES) {
    const extra = n - MINIZINE_PAGES;
    throw new RangeError(
      `${n} pages: ${extra} too many for a mini-zine (at most ${MINIZINE_PAGES}); ` +
        `shorten the text or print a booklet instead`,
    );
  }
  const order = padTo(n, MINIZINE_PAGES, blanks);
  const cell = (row: 'top' | 'bottom', position: number, column: number): MinizineCell => ({
    page: order[position - 1] ?? null,
    position,
    row,
    column,
    rotated: row === 'top',
  });
  return [
    ...TOP_ROW.map((position, column) => cell('top', position, column)),
    ...BOTTOM_ROW.map((position, column) => cell('bottom', position, column)),
  ];
}
