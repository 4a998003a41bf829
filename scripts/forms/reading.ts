// The reading PDF: the finalised render itself, for screens and for sharing.
import type { OutputForm } from './form.ts';

/** `<zine>.pdf`: every page in reading order, with bookmarks and neutral metadata. */
export const reading: OutputForm = {
  name: 'reading',
  description: 'the reading PDF, page after page, to share and read on a screen',
  chosen: 'always',
  renditions: ['print', 'bw'],
  async make({ zine, fileName, reading: pdf, pageCount }) {
    return { files: [{ name: fileName(zine, 'pdf'), kind: 'reading', pages: pageCount, bytes: pdf }] };
  },
};
