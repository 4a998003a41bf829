// The one-sheet mini-zine: up to 8 pages on one side of one sheet, one cut and a
// few folds (scripts/impose/minizine.ts, docs/printing.md).
import type { FrontMatter, FrontMatterIssue } from '../config.ts';
import { imposeMinizine } from '../impose/minizine.ts';
import { minizineSettings } from '../impose/settings.ts';
import { printingInstructions } from '../impose/instructions.ts';
import { MINIZINE_PAGES } from '../impose/order.ts';
import { finalizePdf } from '../pdf/metadata.ts';
import { minizineCellMm, minizineScale, minizineTrim, TRIM_NAMES, TRIMS, type PaperSize, type TrimSize } from '../trims.ts';
import type { MadeFile, OutputForm } from './form.ts';
import { joinSections, paperStem, sectionFile } from './papers.ts';

/** A mini-zine may print its pages between 90 % and 110 %; beyond, text is too small or visibly blown up. */
const fitsMinizine = (scale: number) => scale >= 0.9 && scale <= 1.1;

/** "74", "215.9": millimetres as written in the trim table. */
const mmText = (mm: number) => String(Math.round(mm * 10) / 10);

/** A mini-zine cell of this paper in words: "74 × 105 mm". */
const cellText = (paper: PaperSize) => {
  const cell = minizineCellMm(paper);
  return `${Math.round(cell.widthMm)} × ${Math.round(cell.heightMm)} mm`;
};

/** A trim in words: "trim A5 (148 × 210 mm)". */
const trimText = (trim: TrimSize) => `trim ${trim} (${mmText(TRIMS[trim].widthMm)} × ${mmText(TRIMS[trim].heightMm)} mm)`;

const fits = (trim: TrimSize, paper: PaperSize) => fitsMinizine(minizineScale(trim, paper));
const percent = (trim: TrimSize, paper: PaperSize) => Math.round(minizineScale(trim, paper) * 100);

/** The trim that best fills an eighth of the first paper among those that fit an eighth of every paper; undefined when none does. */
function commonTrim(papers: readonly PaperSize[]): TrimSize | undefined {
  const first = papers[0]!;
  const misfit = (trim: TrimSize) => Math.abs(minizineScale(trim, first) - 1);
  const all = TRIM_NAMES.filter((trim) => papers.every((paper) => fits(trim, paper)));
  return all.reduce<TrimSize | undefined>((best, trim) => (best === undefined || misfit(trim) < misfit(best) ? trim : best), undefined);
}

/** `paper: A4` or `paper: [A4, Letter]`, as the front matter writes them. */
const paperValue = (papers: readonly PaperSize[]) => (papers.length === 1 ? papers[0]! : `[${papers.join(', ')}]`);

/**
 * A mini-zine whose trim is not an eighth of the paper would be silently rescaled:
 * default the trim when the front matter gives none, and refuse a trim that does not fit.
 * With several papers the trim must fit an eighth of each; the default is the one that
 * best fills the first paper among those that do.
 */
function checkTrim(config: FrontMatter, given: unknown): FrontMatterIssue[] {
  if (!config.impose.includes('minizine')) return [];
  const papers = config.paper;
  const trimGiven = (given as { trim?: unknown } | undefined)?.trim !== undefined;
  const common = commonTrim(papers);
  if (!trimGiven) config.trim = common ?? minizineTrim(papers[0]);
  const misfit = papers.find((paper) => !fits(config.trim, paper));
  if (misfit === undefined) return [];
  if (papers.length > 1 && common === undefined) return [paperIssue(config.trim, trimGiven, papers)];
  // One paper, or a trim given that another would mend: the trim is wrong.
  const key = trimGiven ? 'trim' : 'impose';
  // On a small paper (A5) no trim fits: the way out is a larger sheet.
  const fix = common !== undefined ? `set trim: ${common}` : 'set paper: A4 and trim: A7';
  return [
    {
      key,
      message:
        `${key}: a mini-zine prints each page on one eighth of the sheet (${misfit}: ${cellText(misfit)}); ` +
        `${trimText(config.trim)} would print at ${percent(config.trim, misfit)} %: ${fix}, or impose: [booklet]`,
    },
  ];
}

/** No trim fits an eighth of every paper listed (A4 and A3): the paper that does not fit, and the list that would. */
function paperIssue(trim: TrimSize, trimGiven: boolean, papers: readonly PaperSize[]): FrontMatterIssue {
  // The trim to keep: the one given when it fits some paper, else the best for the first paper.
  const best = trimGiven && papers.some((paper) => fits(trim, paper)) ? trim : minizineTrim(papers[0]!);
  const kept = papers.filter((paper) => fits(best, paper));
  const misfit = papers.find((paper) => !fits(best, paper))!;
  const fix =
    kept.length === 0
      ? 'set paper: A4 and trim: A7'
      : `set ${trimGiven && best !== trim ? `trim: ${best} and ` : ''}paper: ${paperValue(kept)}`;
  const fitsText = kept.length === 0 ? '' : ` fits ${new Intl.ListFormat('en').format(kept)} but`;
  return {
    key: 'paper',
    message:
      `paper: a mini-zine prints each page on one eighth of the sheet, and no trim fits an eighth of every paper listed: ` +
      `${trimText(best)}${fitsText} would print at ${percent(best, misfit)} % on ${misfit} (${cellText(misfit)}): ` +
      `${fix}, or impose: [booklet]`,
  };
}

/** `<zine>-minizine.pdf` (`<zine>-minizine-<paper>.pdf` for each of several papers): one landscape side, 4 × 2 cells, the top row turned. */
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
    const files: MadeFile[] = [];
    const sections: string[] = [];
    for (const paper of config.paper) {
      const name = fileName(paperStem(`${zine}-minizine`, paper, config.paper), 'pdf');
      const imposed = await imposeMinizine(reading, { paper, ...config.minizine });
      files.push({ name, kind: 'minizine', paper, pages: 1, bytes: await finalizePdf(imposed, meta) });
      const file = sectionFile(name, config.paper);
      sections.push(printingInstructions({ kind: 'minizine', lang: config.lang, paperName: paper, file, sheets: 1, duplex: 'short-edge', pages: pageCount, blackAndWhite: rendition === 'bw' }));
    }
    return { files, instructions: joinSections(sections) };
  },
};
