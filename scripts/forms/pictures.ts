// Pictures for people: the cover (a Signal preview, a post) and a contact sheet of
// every page, taken from the same layout as the PDF (scripts/render/pictures.ts).
import type { OutputForm } from './form.ts';

/** cover.png and pages.png. */
export const pictures: OutputForm = {
  name: 'pictures',
  description: 'cover.png and pages.png, a contact sheet of every page',
  chosen: 'always',
  async make({ fileName, pictures: taken }) {
    if (!taken) return { files: [] };
    return {
      files: [
        { name: fileName('cover', 'png'), kind: 'cover', bytes: taken.cover },
        { name: fileName('pages', 'png'), kind: 'contact-sheet', bytes: taken.pages },
      ],
    };
  },
};
