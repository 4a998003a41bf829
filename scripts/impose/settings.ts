// The impositions' settings and their defaults, written once: the front matter's
// `booklet:` and `minizine:` keys, and every function of scripts/impose/ that
// takes them, fill in what is left out from these schemas (docs/printing.md).
import { z } from 'zod';

/** The booklet's settings. */
export const bookletSettings = z
  .object({
    duplex: z.enum(['short-edge', 'long-edge']).default('short-edge').describe('print dialog setting: flip on short edge or long edge'),
    blanks: z.enum(['before-back-cover', 'end']).default('before-back-cover').describe('where padding blanks go: before the back cover or at the end'),
    paperThicknessMm: z
      .number()
      .min(0)
      .max(1)
      .default(0.1)
      .describe('paper thickness in mm: sheet i moves i × this toward the spine to undo creep; 0 turns it off'),
    signaturePages: z.number().int().positive().multipleOf(4).optional().describe('pages per signature for thick booklets (a multiple of 4)'),
    binding: z.enum(['left', 'right']).default('left').describe('binding edge: left, or right for right-to-left scripts'),
  })
  .strict();

/** The mini-zine's settings. */
export const minizineSettings = z
  .object({
    guides: z.boolean().default(true).describe('thin cut and fold marks at the sheet edges'),
    blanks: z.enum(['before-back-cover', 'end']).default('before-back-cover').describe('where blanks go when there are fewer than 8 pages'),
  })
  .strict();

/** The booklet's settings with every default filled in. */
export type BookletSettings = z.output<typeof bookletSettings>;
/** The mini-zine's settings with every default filled in. */
export type MinizineSettings = z.output<typeof minizineSettings>;

/** The booklet's defaults. */
export const BOOKLET_DEFAULTS: BookletSettings = bookletSettings.parse({});
/** The mini-zine's defaults. */
export const MINIZINE_DEFAULTS: MinizineSettings = minizineSettings.parse({});
