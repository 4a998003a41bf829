// Front-matter schema: what a zine may say about itself, with defaults.
// Every field has a description; `zinepress --help` and the README reuse them.
import { z } from 'zod';
import { landscape, PAPER_SIZES, PT_PER_MM } from './impose/paper.ts';

const trimSizes = ['A4', 'A5', 'A6', 'A7', 'Letter', 'half-Letter'] as const;
const paperSizes = ['A3', 'A4', 'A5', 'Letter', 'Legal', 'Tabloid'] as const;

/** The booklet imposition's options (PRINT.md). */
const bookletSchema = z
  .object({
    duplex: z
      .enum(['short-edge', 'long-edge'])
      .default('short-edge')
      .describe('print dialog setting: flip on short edge (default) or long edge'),
    blanks: z
      .enum(['before-back-cover', 'end'])
      .default('before-back-cover')
      .describe('where padding blanks go: before the back cover (default) or at the end'),
    creepMm: z
      .number()
      .min(0)
      .max(1)
      .default(0.1)
      .describe('paper thickness in mm for creep compensation; 0 disables'),
    signaturePages: z
      .number()
      .int()
      .positive()
      .multipleOf(4)
      .optional()
      .describe('pages per signature for thick booklets (multiple of 4)'),
    binding: z.enum(['left', 'right']).default('left').describe('binding edge'),
  })
  .strict();

/** The mini-zine imposition's options (PRINT.md). */
const minizineSchema = z
  .object({
    guides: z.boolean().default(true).describe('thin cut and fold marks at the sheet edges'),
  })
  .strict();

/** A date written as YYYY-MM-DD (YAML may already have parsed it to a Date). */
const isoDate = z.preprocess(
  (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value),
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date written YYYY-MM-DD, e.g. 2026-11-25'),
);

/** Front matter of content/<zine>/index.md. */
export const frontMatterSchema = z
  .object({
    title: z.string().min(1).describe('title on the cover, in the PDF metadata and bookmarks'),
    subtitle: z.string().optional().describe('subtitle on the cover and PDF subject'),
    lang: z.enum(['fr', 'en', 'nl']).describe('language: typography, hyphenation, printing instructions'),
    edition: z.union([z.number().int().positive(), z.string().min(1)]).describe('edition number or name'),
    date: isoDate.describe("the edition's date (YYYY-MM-DD); the PDF's only date"),
    publisher: z.string().min(1).optional().describe('publisher: cover, colophon, PDF author'),
    website: z
      .string()
      .url()
      .refine((url) => /^https?:\/\/[^/]/i.test(url), 'must be a web address starting with https:// or http://')
      .optional()
      .describe('printed on the back cover (https:// or http://)'),
    licence: z.string().optional().describe('licence printed in the colophon'),
    contents: z.boolean().default(false).describe('print a contents page with page numbers'),
    trim: z.enum(trimSizes).default('A5').describe('page (trim) size'),
    paper: z.enum(paperSizes).default('A4').describe('printer paper for the impositions'),
    impose: z
      .array(z.enum(['booklet', 'minizine']))
      .default(['booklet'])
      .describe('imposed PDFs to build: booklet, minizine, or []'),
    booklet: bookletSchema.default(bookletSchema.parse({})).describe('booklet options: duplex, blanks, creepMm, signaturePages, binding'),
    minizine: minizineSchema.default(minizineSchema.parse({})).describe('mini-zine options: guides'),
    back: z.string().optional().describe('back-cover text (Markdown)'),
    maxImageDpi: z.number().int().min(72).max(1200).default(300).describe('images are downsampled to at most this many dpi at their printed size'),
    budgetKb: z.number().int().positive().default(2048).describe('size budget of the reading PDF in kB; over it is a warning naming the heaviest images'),
  })
  .strict();

export type FrontMatter = z.infer<typeof frontMatterSchema>;

/** Width of the text area of each trim, in mm: the printed width of a full-width image (see styles/trim/). */
export const textWidthMm: Record<TrimSize, number> = {
  A4: 170,
  A5: 118,
  A6: 85,
  A7: 62,
  Letter: 175.3,
  'half-Letter': 111.8,
};

/** Height of the text area of each trim, in mm: page height less the top and bottom @page margins of styles/trim/<trim>.css. */
export const textHeightMm: Record<TrimSize, number> = {
  A4: 255, // 297 − 20 − 22
  A5: 176, // 210 − 16 − 18
  A6: 124, // 148 − 11 − 13
  A7: 90, // 105 − 7 − 8
  Letter: 236.2, // (11 − 0.8 − 0.9) in
  'half-Letter': 182.9, // (8.5 − 0.6 − 0.7) in
};

/**
 * Tallest an image is printed, in mm: --image-max-height of styles/trim/<trim>.css
 * (60 % of textHeightMm, rounded down), which styles/base.css gives img as max-height.
 * A tall image prints narrower than textWidthMm, so its pixels are counted from this
 * height (tests/images/printed-size.test.ts checks these numbers against the CSS).
 */
export const imageMaxHeightMm: Record<TrimSize, number> = {
  A4: 153,
  A5: 105,
  A6: 74,
  A7: 54,
  Letter: 141,
  'half-Letter': 109,
};

/** A size in points as millimetres. */
const inMm = ({ widthPt, heightPt }: { widthPt: number; heightPt: number }) => ({ widthMm: widthPt / PT_PER_MM, heightMm: heightPt / PT_PER_MM });

/** Page size of each trim in mm, portrait (see styles/trim/): the paper sizes of the same name, and half a Letter sheet. */
export const trimSizeMm: Record<TrimSize, { widthMm: number; heightMm: number }> = {
  A4: inMm(PAPER_SIZES.A4),
  A5: inMm(PAPER_SIZES.A5),
  A6: inMm(PAPER_SIZES.A6),
  A7: inMm(PAPER_SIZES.A7),
  Letter: inMm(PAPER_SIZES.Letter),
  'half-Letter': { widthMm: 139.7, heightMm: 215.9 },
};

/** One mini-zine cell in mm: an eighth of the landscape sheet (4 columns × 2 rows). */
export function minizineCellMm(paper: PaperSize): { widthMm: number; heightMm: number } {
  const sheet = landscape(PAPER_SIZES[paper]);
  return inMm({ widthPt: sheet.widthPt / 4, heightPt: sheet.heightPt / 2 });
}

/** The scale a mini-zine prints a trim at on this paper (its pages are fitted into the cells). */
export function minizineScale(trim: TrimSize, paper: PaperSize): number {
  const cell = minizineCellMm(paper);
  const page = trimSizeMm[trim];
  return Math.min(cell.widthMm / page.widthMm, cell.heightMm / page.heightMm);
}

/** The trim that best fills a mini-zine cell of this paper: A4 → A7, A3 → A6, Letter → A7, Tabloid → A6. */
export function minizineTrim(paper: PaperSize): TrimSize {
  const misfit = (trim: TrimSize) => Math.abs(minizineScale(trim, paper) - 1);
  return trimSizes.reduce((best, trim) => (misfit(trim) < misfit(best) ? trim : best));
}

/** A mini-zine may print its pages between 90 % and 110 %; beyond, text is too small or visibly blown up. */
const fitsMinizine = (scale: number) => scale >= 0.9 && scale <= 1.1;

/** "74", "215.9": millimetres as written in the trim table. */
const mmText = (mm: number) => String(Math.round(mm * 10) / 10);

/**
 * A mini-zine whose trim is not an eighth of the paper would be silently rescaled:
 * default the trim when the front matter gives none, and refuse a trim that does not fit.
 */
function checkMinizineTrim(config: FrontMatter, data: unknown): FrontMatterIssue | undefined {
  if (!config.impose.includes('minizine')) return undefined;
  const trimGiven = valueAt(data, ['trim']) !== undefined;
  if (!trimGiven) config.trim = minizineTrim(config.paper);
  const scale = minizineScale(config.trim, config.paper);
  if (fitsMinizine(scale)) return undefined;
  const key = trimGiven ? 'trim' : 'impose';
  const cell = minizineCellMm(config.paper);
  const page = trimSizeMm[config.trim];
  const best = minizineTrim(config.paper);
  // On a small paper (A5) no trim fits: the way out is a larger sheet.
  const fix = fitsMinizine(minizineScale(best, config.paper)) ? `set trim: ${best}` : 'set paper: A4 and trim: A7';
  return {
    key,
    message:
      `${key}: a mini-zine prints each page on one eighth of the sheet ` +
      `(${config.paper}: ${Math.round(cell.widthMm)} × ${Math.round(cell.heightMm)} mm); ` +
      `trim ${config.trim} (${mmText(page.widthMm)} × ${mmText(page.heightMm)} mm) would print at ${Math.round(scale * 100)} %: ` +
      `${fix}, or impose: [booklet]`,
  };
}

export type TrimSize = (typeof trimSizes)[number];
export type PaperSize = (typeof paperSizes)[number];

/** One problem in the front matter, ready to print with a file and line. */
export interface FrontMatterIssue {
  key: string;
  message: string;
}

/** Validate parsed YAML; returns the config or the list of issues (never throws). */
export function parseFrontMatter(
  data: unknown,
): { ok: true; config: FrontMatter } | { ok: false; issues: FrontMatterIssue[] } {
  const result = frontMatterSchema.safeParse(data ?? {});
  if (result.success) {
    const issue = checkMinizineTrim(result.data, data);
    return issue ? { ok: false, issues: [issue] } : { ok: true, config: result.data };
  }
  const issues = result.error.issues.map((issue) => {
    const key = issue.path.join('.') || '(front matter)';
    if (issue.code === 'unrecognized_keys') {
      return {
        key: [...issue.path, issue.keys[0]].join('.'),
        message: `unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}; known keys: ${Object.keys(
          issue.path.length ? bookletOrMinizineShape(String(issue.path[0])) : frontMatterSchema.shape,
        ).join(', ')}`,
      };
    }
    const missing = valueAt(data, issue.path) === undefined;
    return { key, message: `${key}: ${missing ? 'is required' : describeIssue(issue)}` };
  });
  return { ok: false, issues };
}

function valueAt(data: unknown, path: PropertyKey[]): unknown {
  return path.reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined), data);
}

function bookletOrMinizineShape(key: string): Record<string, unknown> {
  return key === 'minizine' ? minizineSchema.shape : bookletSchema.shape;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_value') {
    return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return issue.message;
}

/** The "key — description" lines the help text and README show. */
export function describeFrontMatter(): string[] {
  const entries = Object.entries(frontMatterSchema.shape);
  // Two spaces after the longest key, so every description starts in the same column.
  const width = Math.max(...entries.map(([key]) => key.length)) + 2;
  return entries.map(([key, schema]) => {
    const description = (schema as z.ZodType).description ?? '';
    return `${key.padEnd(width)}${description}`;
  });
}
