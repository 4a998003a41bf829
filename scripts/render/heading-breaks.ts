// Paged.js 0.4.3 keeps one heading with what follows it (`break-after: avoid`),
// not a run of them: when the text under "# Section" and "## Subsection" does not
// fit, the cut moves before the subsection and leaves the section's heading
// alone at the foot of the page. This handler moves such a cut before the first
// heading of the run. The print rendition rarely meets it (each `#` starts a
// page); the phone's sections follow each other down the page and do.

/** Runs in the page after the polyfill is loaded: registers the handler. */
export function registerHeadingBreaks(): void {
  // @ts-expect-error Paged is defined by the polyfill.
  const { Handler, registerHandlers } = window.Paged;
  const isHeading = (node: Node | null | undefined): node is Element => node?.nodeType === Node.ELEMENT_NODE && /^H[1-6]$/.test((node as Element).tagName);
  // The sibling before a node that prints something: an element, or text that is not blank.
  const before = (node: Node): Node | undefined => {
    for (let sibling = node.previousSibling; sibling; sibling = sibling.previousSibling) {
      if (sibling.nodeType === Node.ELEMENT_NODE || (sibling.nodeType === Node.TEXT_NODE && (sibling.textContent ?? '').trim())) return sibling;
    }
    return undefined;
  };
  registerHandlers(
    class HeadingBreaks extends Handler {
      onOverflow(overflow: Range | undefined, rendered: Element) {
        if (!overflow) return overflow;
        const { startContainer: container, startOffset: offset } = overflow;
        // The node the next page starts with: a cut between blocks, or at the very start of a text.
        let node: Node | undefined = container.nodeType === Node.TEXT_NODE ? (offset === 0 ? container : undefined) : container.childNodes[offset];
        if (!node) return overflow;
        // The block it opens: up through the elements it is the first thing of (a list's first item, its first text).
        while (!before(node) && node.parentNode && node.parentNode !== rendered) node = node.parentNode;
        let first: Element | undefined;
        for (let heading = isHeading(node) ? node : before(node); isHeading(heading); heading = before(heading)) first = heading;
        if (!first || first === node) return overflow;
        // A page of nothing but headings keeps its cut: moving it would leave the page empty.
        let above: Node | undefined = first;
        while (above && !before(above) && above.parentNode !== rendered) above = above.parentNode ?? undefined;
        if (!above || !before(above)) return overflow;
        overflow.setStartBefore(first);
        return overflow;
      }
    },
  );
}
