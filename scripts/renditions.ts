// Renditions: the same edition laid out again for another way of reading or
// printing it. The print rendition is the zine as designed (its trim, its
// colours); the others change only the page and the styles: the phone's narrow
// page, black and white for a copier, bleed and crop marks for a print shop.
// Each is one render; the forms are made from the renditions they name.
import type { FrontMatter } from './config.ts';
import type { TrimSize } from './trims.ts';

/** The renditions a zine can be laid out in. */
export const RENDITION_NAMES = ['print', 'phone', 'bw', 'press'] as const;
export type RenditionName = (typeof RENDITION_NAMES)[number];

/** One rendition: how it differs from the zine as designed, and when it is made. */
export interface Rendition {
  name: RenditionName;
  /** The page it lays out on: the zine's trim unless it has its own (the phone's). */
  trim?: TrimSize;
  /** Its stylesheet in styles/, read after every other. */
  stylesheet?: string;
  /** How its images differ from the print rendition's: 'greyscale' cleans them again in grey (scripts/images/). */
  images?: 'greyscale';
  /** Put before the language and extension of every file made from it: "-bw" gives <zine>-booklet-bw.pdf. */
  suffix: string;
  /** Whether a build of this zine makes it: from the front matter, or a command-line flag (`--bw`). */
  chosen(config: FrontMatter, flags: readonly string[]): boolean;
  /** Whether the form named is made from it, among the forms that name it; all of them when absent. */
  makes?(form: string, config: FrontMatter): boolean;
}

/** The forms that print an imposition: made in colour, in black and white, or both (`colour:`). */
const IMPOSITIONS = ['booklet', 'minizine', 'tete-beche'];

export const RENDITIONS: Record<RenditionName, Rendition> = {
  print: {
    name: 'print',
    suffix: '',
    chosen: () => true,
    // `colour: bw` alone: the impositions are in black and white only.
    makes: (form, config) => !IMPOSITIONS.includes(form) || config.colour.includes('colour'),
  },
  phone: { name: 'phone', trim: 'phone', stylesheet: 'phone.css', suffix: '', chosen: () => true },
  bw: {
    name: 'bw',
    stylesheet: 'bw.css',
    images: 'greyscale',
    suffix: '-bw',
    chosen: (config, flags) => config.colour.includes('bw') || flags.includes('bw'),
    makes: (form, config) => IMPOSITIONS.includes(form) || (form === 'reading' && config.bw.reading),
  },
  press: { name: 'press', stylesheet: 'press.css', suffix: '', chosen: (config, flags) => config.press || flags.includes('press') },
};

/** The command-line flags that choose a rendition: `--bw`, `--press`. */
export const RENDITION_FLAGS = ['bw', 'press'] as const;
