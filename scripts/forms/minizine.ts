// The one-sheet mini-zine: up to 8 pages on one side of one sheet, one cut and a
// few folds (scripts/impose/minizine.ts, docs/printing.md).
import type { FrontMatter, FrontMatterIssue } from '../config.ts';
import { imposeMinizine } from '../impose/minizine.ts';
import { minizineSettings } from '../impose/settings.ts';
import { printingInstructions } from '../impose/instructions.ts';
import { MINIZINE_PAGES } from '../impose/order.ts';
import { finalizePdf } from '../pdf/metadata.ts';
import { minizineCellMm, minizineScale, minizineTrim, TRIMS } from '../trims.ts';
import type { OutputForm } from './form.ts';

/** A mini-zine may print its pages between 90 % and 110 %; beyond, text is too small or visibly blown up. */
const fitsMinizine = (scale: number) => scale >= 0.9 && scale <= 1.1;

/** "74", "215.9": millimetres as written in the trim table. */
const mmText = (mm: number) => String(Math.round(mm * 10) / 10);

/**
 * A mini-zine whose trim is not an eighth of the paper would be silently rescaled:
 * default the trim when the front matter gives none, and refuse a trim that does not fit.
 */
function checkTrim(config: FrontMatter, given: unknown): FrontMatterIssue[] {
  if (!config.impose.includes('minizine')) return [];
  const trimGiven = (given as { trim?: unknown } | undefined)?.trim !== undefined;
  if (!trimGiven) config.trim = minizineTrim(config.paper);
  const scale = minizineScale(config.trim, config.paper);
  if (fitsMinizine(scale)) return [];
  const key = trimGiven ? 'trim' : 'impose';
  const cell = minizineCellMm(config.paper);
  const page = TRIMS[config.trim];
  const best = minizineTrim(config.paper);
  // On a small paper (A5) no trim fits: the way out is a larger sheet.
  const fix = fitsMinizine(minizineScale(best, config.paper)) ? `set trim: ${best}` : 'set paper: A4 and trim: A7';
  return [
    {
      key,
      message:
        `${key}: a mini-zine prints each page on one eighth of the sheet ` +
        `(${config.paper}: ${Math.round(cell.widthMm)} × ${Math.round(cell.heightMm)} mm); ` +
        `trim ${config.trim} (${mmText(page.widthMm)} × ${mmText(page.heightMm)} mm) would print at ${Math.round(scale * 100)} %: ` +
        `${fix}, or impose: [booklet]`,
    },
  ];
}

/** `<zine>-minizine.pdf`: one landscape side, 4 × 2 cells, the top row turned. */
export const minizine: OutputForm = {
  name: 'minizine',
  description: 'a one-sheet mini-zine of up to 8 pages: print one side, cut once, fold',
  chosen: 'impose',
  renditions: ['print', 'bw'],
  options: minizineSettings,
  check: checkTrim,
  refuse(pageCount) {
    if (pageCount <= MINIZINE_PAGES) return undefined;
    return {
      reason: `the zine has ${pageCount} pages: ${pageCount - MINIZINE_PAGES} too many for a mini-zine (at most ${MINIZINE_PAGES}, covers included)`,
      fix: 'shorten the text, or print it as a booklet: impose: [booklet]',
    };
  },
  async make({ zine, rendition, fileName, config, reading, pageCount, meta }) {
    const imposed = await imposeMinizine(reading, { paper: config.paper, ...config.minizine });
    return {
      files: [{ name: fileName(`${zine}-minizine`, 'pdf'), kind: 'minizine', pages: 1, bytes: await finalizePdf(imposed, meta) }],
      instructions: printingInstructions({ kind: 'minizine', lang: config.lang, paperName: config.paper, sheets: 1, duplex: 'short-edge', pages: pageCount, blackAndWhite: rendition === 'bw' }),
    };
  },
};
