// The printing instructions of every imposed form, and what to tell a print shop
// about the press PDF, in one text file beside them.
import type { OutputForm } from './form.ts';

/** `<zine>-print.txt`, when any form before it says how to print it. */
export const instructions: OutputForm = {
  name: 'instructions',
  description: 'how to print, fold and bind each imposed PDF, and what to tell a print shop, in the zine’s language',
  chosen: 'always',
  gathers: true,
  async make({ zine, fileName, earlier }) {
    const texts = earlier.flatMap((output) => (output.instructions ? [output.instructions] : []));
    if (texts.length === 0) return { files: [] };
    return { files: [{ name: fileName(`${zine}-print`, 'txt'), kind: 'instructions', bytes: new TextEncoder().encode(texts.join('\n')) }] };
  },
};
