// The registry of output forms, in the order the build makes them. The front
// matter (`impose:`, each form's options key), the manifest and the docs take
// their names from here. Adding a form: a module beside these, one line below.
import type { BookletSettings, MinizineSettings } from '../impose/settings.ts';
import { booklet } from './booklet.ts';
import type { OutputForm } from './form.ts';
import { instructions } from './instructions.ts';
import { minizine } from './minizine.ts';
import { pictures } from './pictures.ts';
import { reading } from './reading.ts';

export type { FormContext, FormOutput, MadeFile, OutputForm } from './form.ts';

/** Every form, in the order they are made: the instructions gather what the impositions say, so they come last. */
export const FORMS: readonly OutputForm[] = [reading, booklet, minizine, pictures, instructions];

/** The forms `impose:` can list. */
export const IMPOSED_FORMS = FORMS.filter((form) => form.chosen === 'impose').map((form) => form.name) as [string, ...string[]];

/** The options of the forms that have some, under their front-matter keys. */
export interface FormOptions {
  booklet: BookletSettings;
  minizine: MinizineSettings;
}

/** The forms a zine gets: those always made, and those its `impose:` list names. */
export function formsFor(impose: readonly string[]): OutputForm[] {
  return FORMS.filter((form) => form.chosen === 'always' || impose.includes(form.name));
}
