// Front-matter schema: what a zine may say about itself, with defaults.
// Every field has a description; `zinepress --help` and the README reuse them.
import { z } from 'zod';

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
    website: z.string().url().optional().describe('printed on the back cover'),
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
export type BookletConfig = FrontMatter['booklet'];
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
  if (result.success) return { ok: true, config: result.data };
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
  return Object.entries(frontMatterSchema.shape).map(([key, schema]) => {
    const description = (schema as z.ZodType).description ?? '';
    return `${key.padEnd(10)} ${description}`;
  });
}
