// The contract every output form keeps. A form is one module: its name (the
// front-matter key of its options and the manifest kind of its main file), its
// options schema with defaults, a check of the front matter, and what it makes
// from the finalised render, printing instructions included. scripts/forms/index.ts
// lists them; the build runs them in that order and knows nothing else of them.
import type { z } from 'zod';
import type { FrontMatter, FrontMatterIssue } from '../config.ts';
import type { PdfMeta } from '../pdf/metadata.ts';
import type { Pictures } from '../render/pictures.ts';
import type { RenditionName } from '../renditions.ts';

/** One file a form makes, as listed in manifest.json. */
export interface MadeFile {
  name: string;
  /** What the file is: the form's name, or cover / contact-sheet / instructions. */
  kind: string;
  /** The edition's language; the build sets it for a form made per edition. */
  lang?: string;
  /** The rendition it was made from when not the print one (phone, bw, press); the build sets it. */
  rendition?: string;
  /** The paper an imposed file prints on (one file per paper of `paper:`). */
  paper?: string;
  pages?: number;
  bytes: Uint8Array;
}

/** What one form made. */
export interface FormOutput {
  files: MadeFile[];
  /** How to print what it made, in the zine's language (impositions). */
  instructions?: string;
}

/** Everything a form may start from: one render, finalised. */
export interface FormContext {
  /** The zine's folder name. */
  zine: string;
  /** The rendition this render is (scripts/renditions.ts): print, phone, bw or press. */
  rendition: RenditionName;
  /** An output file's name: `<stem>.<ext>`, with the language before the extension for a translation (`<zine>-booklet.nl.pdf`). */
  fileName(stem: string, ext: string): string;
  config: FrontMatter;
  /** index.md as shown in messages. */
  indexPath: string;
  /** The composed document Paged.js laid out: styles and fonts inline, no script. */
  html: string;
  /** The reading PDF, finalised (metadata, bookmarks): every PDF form starts from it. */
  reading: Uint8Array;
  pageCount: number;
  /** The cover and contact sheet, taken from the same layout as the PDF. */
  pictures?: Pictures;
  /** The metadata every PDF of this zine carries. */
  meta: PdfMeta;
  /** For a form that gathers (`gathers`), what the forms before it made for this edition; empty for the others. */
  earlier: FormOutput[];
}

/** One output form. */
export interface OutputForm {
  /** Its name: a word, unique in the registry. */
  name: string;
  /** One line for --help and the docs. */
  description: string;
  /** 'always'; 'impose' when the front matter's `impose:` list chooses it; 'flag' when the command line does (`--<name>`). */
  chosen: 'always' | 'impose' | 'flag';
  /** The renditions it is made from (scripts/renditions.ts); ['print'] when absent. */
  renditions?: readonly RenditionName[];
  /** Its options, under the front-matter key of its name; every field has a default. */
  options?: z.ZodObject;
  /** Check the front matter before anything is rendered; may fill a default that depends on other keys. */
  check?(config: FrontMatter, given: unknown): FrontMatterIssue[];
  /** Why this zine cannot take this form once laid out (e.g. too many pages), with the fix; undefined when it can. */
  refuse?(pageCount: number, config: FrontMatter): { reason: string; fix: string } | undefined;
  /**
   * Made after every other form, from what they made (`earlier`): the instructions. The others
   * are made as soon as their rendition is laid out, before the later renditions are.
   */
  gathers?: boolean;
  /** Make the files from one edition's finalised render (every form but those made of every edition). */
  make?(context: FormContext): Promise<FormOutput>;
  /** Why the zine's editions (the original, then its translations) cannot take this form, checked before anything renders. */
  refuseEditions?(editions: FrontMatter[]): { reason: string; fix: string } | undefined;
  /** A form made once from every edition of the zine (the tête-bêche booklet): the build calls this instead of `make`. */
  makeFromEditions?(editions: FormContext[]): Promise<EditionsOutput>;
}

/** What a form of every edition made: its files (each with its `lang`), and its printing instructions in each edition's language. */
export interface EditionsOutput {
  files: MadeFile[];
  instructionsByLang?: Record<string, string>;
}
