// The document Paged.js lays out, for people and tools to inspect: the composed
// HTML with every style and font inline and no script (the render adds Paged.js
// to its own copy). Its Content-Security-Policy lets it load nothing.
import type { OutputForm } from './form.ts';

/** `<zine>.html`, with `zinepress build --html`. */
export const html: OutputForm = {
  name: 'html',
  description: 'the self-contained HTML document Paged.js lays out (styles and fonts inline, no script)',
  chosen: 'flag',
  async make({ zine, fileName, html: document }) {
    return { files: [{ name: fileName(zine, 'html'), kind: 'html', bytes: new TextEncoder().encode(document) }] };
  },
};
