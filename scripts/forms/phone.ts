// The phone PDF: the same edition laid out again on a page shaped like a phone
// held upright (the `phone` rendition: trim 'phone', styles/phone.css), to be
// forwarded in a chat and read at fit-to-width without zooming.
import type { OutputForm } from './form.ts';

/** `<zine>-phone.pdf`: every page in reading order on a 90 × 160 mm page, bookmarks and links as in the reading PDF. */
export const phone: OutputForm = {
  name: 'phone',
  description: 'the phone PDF, a narrow page in large type, to forward and read on a phone',
  chosen: 'always',
  renditions: ['phone'],
  async make({ zine, fileName, reading: pdf, pageCount }) {
    return { files: [{ name: fileName(`${zine}-phone`, 'pdf'), kind: 'phone', pages: pageCount, bytes: pdf }] };
  },
};
