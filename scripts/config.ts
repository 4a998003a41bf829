// The front-matter schema: the one place where a key, its type, its default and
// its description are written. `zinepress --help` and the README's front-matter
// table are generated from it; each output form brings the schema of its own
// options (scripts/forms/, scripts/impose/settings.ts).
import { z } from 'zod';
import { isLocalAddress } from './addresses.ts';
import { FORMS, IMPOSED_FORMS, type FormOptions } from './forms/index.ts';
import { canonicalTag, isRightToLeft, WORD_LANGUAGES } from './languages.ts';
import { PAPER_NAMES, TRIM_NAMES, type PaperSize } from './trims.ts';

export type { PaperSize, TrimSize } from './trims.ts';

/** Any language tag, in its canonical form ("pt-br" → "pt-BR"); right-to-left ones are refused for now. */
const languageTag = z.preprocess(
  (value) => (typeof value === 'string' ? (canonicalTag(value) ?? value) : value),
  z
    .string()
    .refine((tag) => canonicalTag(tag) !== undefined, {
      error: (issue) => `"${String(issue.input)}" is not a language tag: write the tag of the zine's language (BCP 47), e.g. ${WORD_LANGUAGES.join(', ')} or pt-BR`,
    })
    // The page, the booklet's fold and the instructions all run left to right; a mirrored layout is future work.
    .refine((tag) => !isRightToLeft(tag), {
      error: (issue) => `"${String(issue.input)}" is written right to left: zinepress cannot lay out right-to-left scripts yet (Arabic, Hebrew, Persian, Urdu, Yiddish, Pashto, Dhivehi…), only left-to-right ones`,
    }),
);

/** An http(s) address a reader can open. */
const webAddress = () =>
  z
    .string()
    .url()
    .refine((url) => /^https?:\/\/[^/]/i.test(url), 'must be a web address starting with https:// or http://');

/** A real calendar date written YYYY-MM-DD (YAML may already have parsed it to a Date). */
const isoDate = z.preprocess(
  (value) => (value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : value),
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date written YYYY-MM-DD, e.g. 2026-11-25')
    // 2026-02-30 has the right shape but is no day: Date would roll it over to March.
    .refine((text) => {
      const day = new Date(`${text}T00:00:00Z`);
      return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(text);
    }, 'no such day in the calendar; write a real date, e.g. 2026-02-28')
    // JavaScript reads years before 100 as 19xx, and no edition predates print shops' PDFs anyway.
    .refine((text) => Number(text.slice(0, 4)) >= 1900, 'a year from 1900 on, e.g. 2026-11-25'),
);

/** A title-like text: something besides spaces. */
const text = () => z.string().trim().min(1, 'is empty');

/** Options of the black-and-white set (`colour: bw` or --bw). */
const bwSettings = z
  .object({
    reading: z.boolean().default(false).describe('also a black-and-white reading PDF, <zine>-bw.pdf'),
  })
  .strict();

/** One paper, or a list of distinct papers; always a list once parsed (`paper: A4` is `[A4]`). */
const papers = z
  .union(
    [
      // A string first, so that a list is never taken for a misspelt name.
      z.string().pipe(z.enum(PAPER_NAMES)),
      z
        .array(z.enum(PAPER_NAMES))
        .min(1, 'lists no paper: write one (paper: A4) or several (paper: [A4, Letter])')
        .superRefine((names, context) => {
          // The second time a paper is named, where it is written.
          names.forEach((name, index) => {
            if (names.indexOf(name) < index) context.addIssue({ code: 'custom', path: [index], message: `names ${name} twice; list each paper once` });
          });
        }),
    ],
    { error: `must be a paper (${PAPER_NAMES.join(', ')}) or a list of them, e.g. [A4, Letter]` },
  )
  .transform((value) => (typeof value === 'string' ? [value] : value) as [PaperSize, ...PaperSize[]])
  .prefault('A4');

/** The keys every zine has, before the forms' options. */
const baseShape = {
  title: text().describe('title on the cover, in the PDF metadata and bookmarks'),
  subtitle: z.string().optional().describe('subtitle on the cover and PDF subject'),
  lang: languageTag.describe(`language tag (${WORD_LANGUAGES.join(', ')}, pt-BR…): typography, hyphenation, the template's words, printing instructions`),
  edition: z.union([z.number().int().positive(), text()]).describe('edition number or name'),
  date: isoDate.describe("the edition's date (YYYY-MM-DD); the PDF's only date"),
  publisher: text().optional().describe('publisher: cover, colophon, PDF author'),
  website: webAddress().optional().describe('printed on the back cover (https:// or http://); the base of relative links when there is no `base`'),
  // A key apart from website: a guide exported from https://site.org/guides/phone/
  // links ../dns/ relative to that page, while the back cover names the site.
  base: webAddress()
    .refine((url) => !isLocalAddress(url), 'must be a public web address: this machine or a private network means nothing to a reader')
    .optional()
    .describe('web address the text\'s relative links (/rights, ../dns.html) resolve against, e.g. the page the guide was exported from; default `website`'),
  strictLinks: z.boolean().default(false).describe('links a shared PDF cannot follow (relative with no base, app schemes) are errors instead of warnings'),
  licence: z.string().optional().describe('licence printed in the colophon'),
  contents: z.boolean().default(false).describe('print a contents page with page numbers'),
  trim: z.enum(TRIM_NAMES).default('A5').describe('page (trim) size'),
  paper: papers.describe('printer paper for the impositions; a list ([A4, Letter]) makes each imposed PDF once per paper'),
  impose: z
    .array(z.enum(IMPOSED_FORMS))
    .refine((names) => new Set(names).size === names.length, 'names a form twice; list each once')
    .default(['booklet'])
    .describe(`imposed PDFs to build: ${IMPOSED_FORMS.join(', ')}, or []`),
  colour: z
    .preprocess((value) => (typeof value === 'string' ? [value] : value), z.array(z.enum(['colour', 'bw'])).min(1, 'names no set; write colour, bw or [colour, bw]'))
    .refine((sets) => new Set(sets).size === sets.length, 'names a set twice; list each once')
    .default(['colour'])
    .describe('the impositions in colour, in black and white for a copier (<zine>-booklet-bw.pdf), or [colour, bw] for both'),
  bw: bwSettings.prefault({}).describe('black-and-white options: reading'),
  press: z.boolean().default(false).describe('also make <zine>-press.pdf for a print shop: 3 mm bleed and crop marks'),
  back: z.string().optional().describe('back-cover text (Markdown)'),
  maxImageDpi: z.number().int().min(72).max(1200).default(300).describe('images are downsampled to at most this many dpi at their printed size'),
  budgetKb: z.number().int().positive().max(1024 * 1024).default(2048).describe('size budget of the reading PDF in kB; over it is a warning naming the heaviest images'),
};

/** Each form's options under its own key (booklet:, minizine:), defaults filled in. */
const formShape = Object.fromEntries(
  FORMS.flatMap((form) => (form.options ? [[form.name, form.options.prefault({}).describe(`${form.name} options: ${Object.keys(form.options.shape).join(', ')}`)]] : [])),
) as unknown as { [K in keyof FormOptions]: z.ZodType<FormOptions[K], unknown> };

/** Front matter of content/<zine>/index.md. */
export const frontMatterSchema = z.object({ ...baseShape, ...formShape }).strict();

/** A zine's settings, validated, defaults filled in. */
export type FrontMatter = z.output<z.ZodObject<typeof baseShape>> & FormOptions;

/** One problem in the front matter: the key it is about (dotted) and what is wrong. */
export interface FrontMatterIssue {
  key: string;
  message: string;
}

/** Words other tools use for a key of ours. */
const synonyms: Record<string, string> = {
  license: 'licence',
  author: 'publisher',
  authors: 'publisher',
  organisation: 'publisher',
  organization: 'publisher',
  description: 'subtitle',
  summary: 'subtitle',
  language: 'lang',
  locale: 'lang',
  version: 'edition',
  toc: 'contents',
  url: 'website',
  homepage: 'website',
  site: 'website',
  pageSize: 'trim',
  size: 'trim',
  paperSize: 'paper',
  creepMm: 'paperThicknessMm',
  creep: 'paperThicknessMm',
  imposition: 'impose',
};

/** Edits to turn `a` into `b` (Levenshtein distance), case-insensitive. */
function distance(a: string, b: string): number {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  let previous = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) row.push(Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1)));
    previous = row;
  }
  return previous[y.length]!;
}

/** The known key someone who wrote `key` most likely meant, if any. */
export function suggestKey(key: string, known: readonly string[]): string | undefined {
  const synonym = synonyms[key] ?? synonyms[key.toLowerCase()];
  if (synonym && known.includes(synonym)) return synonym;
  const [best] = [...known].sort((a, b) => distance(key, a) - distance(key, b));
  // About a third of the word wrong at most: "titel" → "title", but "colour" is not "contents".
  return best !== undefined && distance(key, best) <= Math.ceil(key.length / 3) ? best : undefined;
}

/** Validate parsed YAML; returns the config or every issue found (never throws). */
export function parseFrontMatter(data: unknown): { ok: true; config: FrontMatter } | { ok: false; issues: FrontMatterIssue[] } {
  const result = frontMatterSchema.safeParse(data ?? {});
  if (!result.success) return { ok: false, issues: result.error.issues.flatMap((issue) => describeIssue(issue, data)) };
  const config = result.data as FrontMatter;
  // A form may fill a default that depends on other keys, or refuse a combination.
  const issues = FORMS.flatMap((form) => form.check?.(config, data) ?? []);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, config };
}

/** The value at a dotted path of the parsed YAML (undefined when absent). */
export function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined), data);
}

/** The keys that hold options, each with its schema: the forms' and the black-and-white set's. */
const optionGroups = (): Record<string, z.ZodObject> => ({
  ...Object.fromEntries(FORMS.flatMap((form) => (form.options ? [[form.name, form.options]] : []))),
  bw: bwSettings,
});

/** The keys allowed at a path: the top level, or a group of options. */
function knownKeys(path: readonly PropertyKey[]): string[] {
  if (path.length === 0) return Object.keys(frontMatterSchema.shape);
  const group = optionGroups()[String(path[0])];
  return group ? Object.keys(group.shape) : [];
}

/** One zod issue in words, one issue per unknown key, each with its nearest known key. */
function describeIssue(issue: z.core.$ZodIssue, data: unknown): FrontMatterIssue[] {
  // A value written as one item of a list (`colour: red` for `colour: [red]`) is named as written.
  const path = issue.path.length > 1 && typeof valueAt(data, issue.path.slice(0, -1)) === 'string' ? issue.path.slice(0, -1) : issue.path;
  const key = path.join('.') || '(front matter)';
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(issue.path);
    return issue.keys.map((unknown) => {
      const suggestion = suggestKey(unknown, known);
      return {
        key: [...issue.path, unknown].join('.'),
        message: `unknown key "${unknown}"${suggestion ? `; did you mean "${suggestion}"?` : '.'} Known keys: ${known.join(', ')}`,
      };
    });
  }
  if (issue.code === 'invalid_union') {
    // A value of one option's shape (a name, a list of names) gets that option's issues, at their own place.
    const shaped = issue.errors.filter((issues) => !issues.some((inner) => inner.code === 'invalid_type' && inner.path.length === 0));
    if (shaped.length === 1) return shaped[0]!.flatMap((inner) => describeIssue({ ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue, data));
  }
  const value = valueAt(data, path);
  if (value === undefined) return [{ key, message: `${key}: is required` }];
  // An item of a list is said under the list's key ("paper: "B5" must be…"); its key keeps the index, for its line.
  const item = typeof path.at(-1) === 'number';
  const shown = item ? path.slice(0, -1).join('.') : key;
  if (issue.code === 'invalid_value') return [{ key, message: `${shown}: ${item ? `${JSON.stringify(value)} ` : ''}must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}` }];
  return [{ key, message: `${shown}: ${issue.message}` }];
}

/** One front-matter key for the help text and the README: name, type, default, description. */
export interface KeyDoc {
  key: string;
  type: string;
  default?: string;
  description: string;
}

/** The type of a schema in words: "fr | en | nl", "number", "list of booklet, minizine". */
function typeOf(schema: z.ZodType): string {
  const def = (schema as z.ZodType & { def: { type: string; innerType?: z.ZodType; in?: z.ZodType; out?: z.ZodType; element?: z.ZodType; options?: z.ZodType[]; entries?: Record<string, string> } }).def;
  switch (def.type) {
    case 'default':
    case 'prefault':
    case 'optional':
      return typeOf(def.innerType!);
    case 'pipe':
      // A transform says nothing of what is written: the schema before it does.
      return (def.out as z.ZodType & { def: { type: string } }).def.type === 'transform' ? typeOf(def.in!) : typeOf(def.out!);
    case 'enum':
      return Object.values(def.entries!).join(' | ');
    case 'array':
      return `list of ${typeOf(def.element!)}`;
    case 'union': {
      const types = def.options!.map(typeOf);
      // One value or a list of them: "A3 | A4, or a list of them".
      if (types.length === 2 && types[1] === `list of ${types[0]}`) return `${types[0]}, or a list of them`;
      return types.join(' or ');
    }
    case 'object':
      return 'options';
    default:
      return def.type;
  }
}

/** Every key of the front matter, form options as "booklet.duplex", in schema order. */
export function frontMatterKeys(): KeyDoc[] {
  const describe = (key: string, schema: z.ZodType): KeyDoc => {
    const parsed = schema.safeParse(undefined);
    // A prefault is shown as written (`A4`), not as parsed (`[A4]`).
    const def = (schema as z.ZodType & { def: { type: string; defaultValue?: unknown } }).def;
    const value = def.type === 'prefault' && typeof def.defaultValue !== 'object' ? def.defaultValue : parsed.success ? parsed.data : undefined;
    const shown = value === undefined || (typeof value === 'object' && !Array.isArray(value)) ? undefined : Array.isArray(value) ? `[${value.join(', ')}]` : String(value);
    return { key, type: typeOf(schema), default: shown, description: schema.description ?? '' };
  };
  const groups = optionGroups();
  return Object.entries(frontMatterSchema.shape).flatMap(([key, schema]) => {
    const group = groups[key];
    if (!group) return [describe(key, schema as z.ZodType)];
    return Object.entries(group.shape).map(([option, optionSchema]) => describe(`${key}.${option}`, optionSchema as z.ZodType));
  });
}

/** The "key  description" lines of `zinepress --help`, descriptions in one column. */
export function describeFrontMatter(): string[] {
  const keys = frontMatterKeys();
  // Two spaces after the longest key, so every description starts in the same column.
  const width = Math.max(...keys.map(({ key }) => key.length)) + 2;
  return keys.map(({ key, description, default: value }) => `${key.padEnd(width)}${description}${value === undefined ? '' : ` (default ${value})`}`);
}

/** The README's front-matter table, in Markdown. */
export function frontMatterTable(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const rows = frontMatterKeys().map(({ key, type, default: value, description }) => `| \`${key}\` | ${cell(type)} | ${value === undefined ? (baseRequired(key) ? '**required**' : '') : `\`${cell(value)}\``} | ${cell(description)} |`);
  return ['| key | type | default | what it does |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/** True for the keys a zine must give. */
function baseRequired(key: string): boolean {
  const schema = (frontMatterSchema.shape as Record<string, z.ZodType>)[key];
  return schema !== undefined && !schema.safeParse(undefined).success;
}
