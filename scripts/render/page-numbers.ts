// Page numbers without CSS counters. Paged.js numbers pages with a counter
// (every .pagedjs_page increments `page`, each margin box showing it reads
// counter(page)), and in this Chromium adding an element that increments a
// counter shown on every page has the counters of the whole document counted
// again: adding a page costs in proportion to the pages before it, about 3 ms at
// page 200 and 14 ms at page 800 (docs/rendering.md, "Page numbers"). This
// handler gives each page its number as a string (`--zinepress-page`, the page's
// position from the cover, which is what the counter counted), and the contents'
// target-counter(attr(href), page) the number of the page its target landed on
// (`--zinepress-target-page`, "0" until then, as the counter showed). The styles
// keep writing counter(page) and target-counter: the handler rewrites them as it
// reads each stylesheet. A stylesheet that changes the page counter
// (counter-reset, -increment or -set of `page`) would number pages differently
// from their position, so it is refused, and so is a number in another style
// than decimal (counter(page, upper-roman)), and a target's page that is not
// named by an attribute in a rule (target-counter(url(#id), page), which
// Paged.js would show as 0). A number shown alone prints exactly as
// the counter did; one with text beside it in the same `content` is set as one
// run with that text and kerned as one (the same words, widths a hundredth of a
// point apart): zinepress's styles show each number alone.

/** Runs in the page after the polyfill is loaded: registers the handler. */
export function registerPageNumbers(): void {
  // @ts-expect-error Paged is defined by the polyfill.
  const { Handler, registerHandlers } = window.Paged;

  /** The parts of css-tree's syntax tree this handler reads and rewrites. */
  interface CssList<T> {
    forEach(visit: (item: T) => void): void;
    toArray(): T[];
    fromArray(items: T[]): void;
  }
  interface CssNode {
    type: string;
    name?: string;
    property?: string;
    value?: CssNode | string;
    prelude?: CssNode;
    block?: CssNode | null;
    children?: CssList<CssNode> | null;
  }
  /** Custom properties (and a fallback) in place of a counter: what the handler sets per page and per link. */
  const PAGE = '--zinepress-page';
  const TARGET = '--zinepress-target-page';

  const varOf = (node: CssNode, property: string, fallback?: string) => {
    node.name = 'var';
    const items: CssNode[] = [{ type: 'Identifier', name: property }];
    if (fallback !== undefined) items.push({ type: 'Operator', value: ',' }, { type: 'Raw', value: fallback });
    node.children!.fromArray(items);
  };
  /** The numbers are written as decimal strings: another counter style would print them otherwise. */
  const decimal = (style: string | undefined) => {
    if (style !== undefined && style !== 'decimal') throw new Error(`zinepress prints page numbers in decimal: a stylesheet may not show them as "${style}"`);
  };
  const identifiers = (node: CssNode) => (node.children?.toArray() ?? []).filter((child) => child.type === 'Identifier').map((child) => child.name);
  registerHandlers(
    class PageNumbers extends Handler {
      declare chunker: { pagesArea: HTMLElement };
      /** The stylesheet being read: its toString(node) is css-tree's generator, which the polyfill does not export. */
      sheet?: { toString(node: CssNode): string };
      /** The rules whose content shows a target's page: the element they style (pseudo-element dropped) and the attributes naming the target. */
      targets: { selector: string; attributes: string[] }[] = [];
      /** Elements showing a target's page whose target is not laid out yet, by the target's id. */
      waiting = new Map<string, HTMLElement[]>();

      constructor(chunker: unknown, polisher: { styleSheet: CSSStyleSheet }, caller: unknown) {
        super(chunker, polisher, caller);
        // Paged.js's own styles increment the counter on every page; nothing reads it any more.
        polisher.styleSheet.insertRule('.pagedjs_pages > .pagedjs_page { counter-increment: none; }');
      }

      beforeTreeParse(_text: string, sheet: { toString(node: CssNode): string }) {
        this.sheet = sheet;
      }

      // Before Paged.js reads a stylesheet (its handlers would turn target-counter into counters of their own).
      beforeTreeWalk(ast: CssNode) {
        const visit = (node: CssNode, rule?: CssNode) => {
          if (node.type === 'Rule') rule = node;
          if (node.type === 'Declaration' && /^counter-(reset|increment|set)$/.test(node.property!) && identifiers(node.value as CssNode).includes('page')) {
            throw new Error(`zinepress numbers pages by their position: a stylesheet may not set "${node.property}" of the page counter`);
          }
          if (node.type === 'Function' && node.name === 'counters' && identifiers(node)[0] === 'page') {
            throw new Error('zinepress numbers pages with a number alone: a stylesheet may not show counters(page, …)');
          }
          if (node.type === 'Function' && node.name === 'counter' && identifiers(node)[0] === 'page') {
            decimal(identifiers(node)[1]);
            varOf(node, PAGE);
          }
          if (node.type === 'Function' && node.name === 'target-counter') {
            const [target, , counter, , style] = node.children!.toArray().filter((child) => child.type !== 'WhiteSpace');
            if (counter?.type === 'Identifier' && counter.name === 'page') {
              // Paged.js finds a target only by an attribute of the element styled, and would show 0 for any other.
              if (!(target?.type === 'Function' && target.name === 'attr' && rule)) {
                throw new Error(`zinepress shows the page of a target named by an attribute of the element, in a rule such as "a::after { content: target-counter(attr(href), page) }": a stylesheet may not show ${this.sheet!.toString(node)}${rule ? '' : ' outside such a rule'}`);
              }
              decimal(style?.name);
              for (const selector of this.sheet!.toString(rule.prelude!).split(',')) {
                this.targets.push({ selector: selector.split(/::?(?:before|after|marker)\b/)[0], attributes: identifiers(target) as string[] });
              }
              // What the counter showed until its target was laid out.
              varOf(node, TARGET, '"0"');
            }
          }
          for (const key of ['prelude', 'block', 'value'] as const) {
            const child = node[key];
            if (child && typeof child === 'object') visit(child, rule);
          }
          node.children?.forEach((child) => visit(child, rule));
        };
        visit(ast);
      }

      // Every page, blank ones too, while it is still empty: a custom property set on a page
      // that holds its text would have all of it styled again.
      beforePageLayout(page: { element: HTMLElement; position: number }) {
        page.element.style.setProperty(PAGE, `"${page.position + 1}"`);
      }

      afterPageLayout(pageElement: HTMLElement) {
        if (this.targets.length === 0) return;
        // Elements on this page that show a target's page: their target may be laid out already (before them) or later.
        for (const { selector, attributes } of this.targets) {
          for (const element of pageElement.querySelectorAll<HTMLElement>(selector)) {
            const name = attributes.find((attribute) => element.hasAttribute(attribute));
            const value = name ? element.getAttribute(name)! : '';
            if (!value.startsWith('#')) continue;
            const id = value.slice(1);
            const target = this.chunker.pagesArea.querySelector(`#${CSS.escape(id)}`);
            if (target) this.number(element, target);
            else this.waiting.set(id, [...(this.waiting.get(id) ?? []), element]);
          }
        }
        // Targets laid out on this page, for the elements waiting for them.
        if (this.waiting.size === 0) return;
        for (const target of pageElement.querySelectorAll('[id]')) {
          const elements = this.waiting.get(target.id);
          if (!elements) continue;
          this.waiting.delete(target.id);
          for (const element of elements) this.number(element, target);
        }
      }

      /** The page `target` is on, shown by `element`. */
      number(element: HTMLElement, target: Element) {
        const page = target.closest<HTMLElement>('.pagedjs_page');
        if (page) element.style.setProperty(TARGET, `"${page.dataset.pageNumber}"`);
      }
    },
  );
}
