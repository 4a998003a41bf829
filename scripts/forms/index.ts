// The registry of output forms, in the order the build makes them. The front
// matter (`impose:`, each form's options key), the manifest and the docs take
// their names from here. Adding a form: a module beside these, one line below.
import type { BookletSettings, MinizineSettings } from '../impose/settings.ts';
import { booklet } from './booklet.ts';
import type { OutputForm } from './form.ts';
import { html } from './html.ts';
import { instructions } from './instructions.ts';
import { minizine } from './minizine.ts';
import { phone } from './phone.ts';
import { pictures } from './pictures.ts';
import { press } from './press.ts';
import { reading } from './reading.ts';
import { teteBeche, type TeteBecheSettings } from './tete-beche.ts';

export type { FormContext, FormOutput, MadeFile, OutputForm } from './form.ts';

/** Every form, in the order of the manifest and of what the instructions gather: the phone PDF beside the reading one. Each is made as soon as its rendition is laid out; the instructions, which gather what the impositions say, last. */
export const FORMS: readonly OutputForm[] = [reading, phone, press, booklet, minizine, teteBeche, pictures, html, instructions];

/** The forms `impose:` can list. */
export const IMPOSED_FORMS = FORMS.filter((form) => form.chosen === 'impose').map((form) => form.name) as [string, ...string[]];

/** The options of the forms that have some, under their front-matter keys. */
export interface FormOptions {
  booklet: BookletSettings;
  minizine: MinizineSettings;
  'tete-beche': TeteBecheSettings;
}

/** The forms the command line can ask for, each with its flag `--<name>`. */
export const FLAG_FORMS = FORMS.filter((form) => form.chosen === 'flag').map((form) => form.name);

/** The forms a zine gets: those always made, those its `impose:` list names, and those flagged on the command line. */
export function formsFor(impose: readonly string[], flags: readonly string[] = []): OutputForm[] {
  return FORMS.filter((form) => form.chosen === 'always' || (form.chosen === 'impose' ? impose : flags).includes(form.name));
}
