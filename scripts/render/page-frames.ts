// Paged.js makes every page from one template: four bleed strips holding crop
// and cross marks, sixteen margin boxes in eight holders, and the template's
// indentation as text between them. That is 68 elements and about as many blank
// texts before the page holds a word, each styled, laid out and printed with
// every page. This handler trims the template before the first page is made:
// the blank text always (it sits between grid and flex items, which it does not
// move), and the bleed strips when the styles show no marks (they hold nothing
// else, each in a grid area of its own); the press rendition's marks keep
// theirs. What prints is the same, byte for byte (docs/rendering.md, "Page frames").

/** Runs in the page after the polyfill is loaded: registers the handler. */
export function registerPageFrames(): void {
  // @ts-expect-error Paged is defined by the polyfill.
  const { Handler, registerHandlers } = window.Paged;
  registerHandlers(
    class PageFrames extends Handler {
      declare chunker?: { pageTemplate?: HTMLTemplateElement };

      // After the styles are in (the marks' variables are set on the root) and the template is made, before the first page.
      afterParsed() {
        const template = this.chunker?.pageTemplate;
        if (!template) return;
        const root = getComputedStyle(document.documentElement);
        const marks = ['crop', 'cross'].some((mark) => root.getPropertyValue(`--pagedjs-mark-${mark}-display`).trim() !== 'none');
        if (!marks) template.content.querySelectorAll('.pagedjs_bleed').forEach((strip) => strip.remove());
        const blank: Text[] = [];
        const walker = document.createTreeWalker(template.content, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) if (!(node as Text).data.trim()) blank.push(node as Text);
        for (const node of blank) node.remove();
      }
    },
  );
}
