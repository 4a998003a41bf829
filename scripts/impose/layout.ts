// Placement geometry: where a reading page goes inside a cell of the output
// side. Pure numbers in PDF points, so the creep and spine rules can be checked
// without drawing anything.

/** A rectangle in PDF points, origin at the bottom left. */
export interface Rect {
  xPt: number;
  yPt: number;
  widthPt: number;
  heightPt: number;
}

/** How to draw one reading page: pdf-lib `drawPage` arguments plus the clip rectangle. */
export interface Placement {
  /** Origin passed to drawPage (for a 180° turn, the top-right corner of the drawn page). */
  xPt: number;
  yPt: number;
  scale: number;
  rotateDeg: 0 | 180;
  /** The area the page really covers on the side, before clipping. */
  pageRect: Rect;
  /** Nothing outside this rectangle is painted (the page's own cell). */
  clip: Rect;
}

/** A page of `pageWidthPt × pageHeightPt` centred in `cell`, scaled down to fit (or up too with `enlarge`). */
export function fitInCell(
  pageWidthPt: number,
  pageHeightPt: number,
  cell: Rect,
  { enlarge = false }: { enlarge?: boolean } = {},
): Rect & { scale: number } {
  const fit = Math.min(cell.widthPt / pageWidthPt, cell.heightPt / pageHeightPt);
  const scale = enlarge ? fit : Math.min(1, fit);
  const widthPt = pageWidthPt * scale;
  const heightPt = pageHeightPt * scale;
  return {
    xPt: cell.xPt + (cell.widthPt - widthPt) / 2,
    yPt: cell.yPt + (cell.heightPt - heightPt) / 2,
    widthPt,
    heightPt,
    scale,
  };
}

/** The rectangle turned 180° about the centre of a side of `sideWidthPt × sideHeightPt`. */
export function turnRect(rect: Rect, sideWidthPt: number, sideHeightPt: number): Rect {
  return {
    xPt: sideWidthPt - rect.xPt - rect.widthPt,
    yPt: sideHeightPt - rect.yPt - rect.heightPt,
    widthPt: rect.widthPt,
    heightPt: rect.heightPt,
  };
}

/** drawPage arguments for a page covering `pageRect`, upright or turned 180° in place. */
export function placementFor(pageRect: Rect, scale: number, clip: Rect, rotated: boolean): Placement {
  // drawPage translates, then rotates counter-clockwise about that point: a
  // page turned 180° is anchored at the top-right corner of the area it covers.
  return rotated
    ? {
        xPt: pageRect.xPt + pageRect.widthPt,
        yPt: pageRect.yPt + pageRect.heightPt,
        scale,
        rotateDeg: 180,
        pageRect,
        clip,
      }
    : { xPt: pageRect.xPt, yPt: pageRect.yPt, scale, rotateDeg: 0, pageRect, clip };
}

/** Geometry of one half of a booklet side, in the reader's frame (before any 180° turn). */
export interface HalfLayout {
  /** The page's rectangle once centred in its half and shifted toward the spine. */
  pageRect: Rect;
  scale: number;
  /** Distance from the spine to the page's inner edge with no creep. */
  gutterPt: number;
  /** Distance from the spine to the page's inner edge after the creep shift (negative = clipped). */
  spineDistancePt: number;
}

/**
 * A page in the left or right half of a side, centred, then moved `creepPt` toward the spine.
 */
export function halfLayout(
  half: 'left' | 'right',
  pageWidthPt: number,
  pageHeightPt: number,
  sideWidthPt: number,
  sideHeightPt: number,
  creepPt: number,
): HalfLayout {
  const cellWidthPt = sideWidthPt / 2;
  const cell: Rect = {
    xPt: half === 'left' ? 0 : cellWidthPt,
    yPt: 0,
    widthPt: cellWidthPt,
    heightPt: sideHeightPt,
  };
  const { scale, ...centred } = fitInCell(pageWidthPt, pageHeightPt, cell);
  const gutterPt = (cellWidthPt - centred.widthPt) / 2;
  const shift = half === 'left' ? creepPt : -creepPt;
  return {
    pageRect: { ...centred, xPt: centred.xPt + shift },
    scale,
    gutterPt,
    spineDistancePt: gutterPt - creepPt,
  };
}

/** The half of a side as a rectangle, in the side's own frame. */
export function halfRect(half: 'left' | 'right', sideWidthPt: number, sideHeightPt: number): Rect {
  const widthPt = sideWidthPt / 2;
  return { xPt: half === 'left' ? 0 : widthPt, yPt: 0, widthPt, heightPt: sideHeightPt };
}
