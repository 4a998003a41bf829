// Paged.js 0.4.3 does not repeat a table's <thead> on the pages a table runs
// onto: this handler gives each continued part a copy of it. A header left with
// no row under it at the foot of a page is hidden there (its rows start the next
// page, under their copy).

/** Runs in the page after the polyfill is loaded: registers the handler. */
export function registerTableHeaders(): void {
  // @ts-expect-error Paged is defined by the polyfill.
  const { Handler, registerHandlers } = window.Paged;

  registerHandlers(
    class RepeatTableHeaders extends Handler {
      /** data-ref of the tables cut at the end of the last page laid out. */
      cut: string[] = [];
      /** The source document's tables, by data-ref. */
      source: Map<string, HTMLTableElement> = new Map();

      afterParsed(parsed: DocumentFragment) {
        for (const table of parsed.querySelectorAll<HTMLTableElement>('table[data-ref]')) this.source.set(table.dataset.ref!, table);
      }

      afterPageLayout(pageElement: HTMLElement, _page: unknown, breakToken: { node?: Node } | undefined) {
        this.cut = [];
        const node = breakToken?.node;
        const element = node ? (node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement) : null;
        const table = element?.closest('table');
        if (!table?.dataset.ref) return;
        this.cut.push(table.dataset.ref);
        // Nothing but the header on this page: hide it, the rows come under its copy.
        const part = pageElement.querySelector<HTMLTableElement>(`table[data-ref="${table.dataset.ref}"]`);
        if (part && !part.querySelector('tbody tr') && part.querySelector('thead')) part.style.visibility = 'hidden';
      }

      // The copy has no counterpart in the source: a cut found in it (a table wider than
      // the page sticks out at its header first) is moved to the rows after it.
      onOverflow(overflow: Range | undefined) {
        const at = overflow?.startContainer;
        const el = at && (at.nodeType === Node.ELEMENT_NODE ? (at as Element) : at.parentElement);
        const copy = el?.closest('.repeated-header');
        if (overflow && copy) overflow.setStartAfter(copy);
        return overflow;
      }

      renderNode(clone: Node) {
        // A continued table is rebuilt around its first row: find it from whatever is rendered.
        const el = clone.nodeType === Node.ELEMENT_NODE ? (clone as Element) : clone.parentElement;
        const table = el?.closest('table');
        const ref = table?.dataset.ref;
        if (!table || !ref || !this.cut.includes(ref) || table.querySelector('thead')) return;
        this.cut = this.cut.filter((cut) => cut !== ref);
        const thead = this.source.get(ref)?.querySelector('thead');
        if (!thead) return;
        const copy = thead.cloneNode(true) as HTMLElement;
        // A copy, not the source's header: Paged.js must not take it for content already laid out.
        for (const el of [copy, ...copy.querySelectorAll<HTMLElement>('*')]) {
          el.removeAttribute('data-ref');
          el.removeAttribute('data-line');
        }
        copy.classList.add('repeated-header');
        table.insertBefore(copy, table.firstChild);
      }
    },
  );
}
