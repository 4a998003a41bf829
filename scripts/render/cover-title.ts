// A cover title set large is read at thumbnail size, but one of its words may be
// wider than the page: "manifestación" at the phone's 32 pt on 78 mm. Broken
// anywhere it reads "manifestació / n"; let overflow, it runs off the page. This
// handler sets the title just small enough for its widest word to fit its line,
// once the cover is laid out (the cover is a page of its own: nothing after it moves).
// A title whose words all fit is left exactly as it was.

/** Runs in the page after the polyfill is loaded: registers the handler. */
export function registerCoverTitleFit(): void {
  // @ts-expect-error Paged is defined by the polyfill.
  const { Handler, registerHandlers } = window.Paged;
  registerHandlers(
    class CoverTitleFit extends Handler {
      afterPageLayout(pageElement: HTMLElement) {
        const title = pageElement.querySelector<HTMLElement>('.cover-title');
        if (!title) return;
        const hadStyle = title.hasAttribute('style');
        // Words whole, as they would be set with room enough: how far the widest sticks out.
        title.style.overflowWrap = 'normal';
        const overflow = title.scrollWidth / title.clientWidth;
        if (!(overflow > 1.001)) {
          title.style.removeProperty('overflow-wrap');
          if (!hadStyle) title.removeAttribute('style');
          return;
        }
        const size = parseFloat(getComputedStyle(title).fontSize);
        // Never smaller than the body text; a word still too wide there breaks where it must.
        const body = parseFloat(getComputedStyle(document.documentElement).fontSize);
        title.style.fontSize = `${Math.max(body, Math.floor(size * (0.99 / overflow) * 100) / 100)}px`;
        if (title.scrollWidth > title.clientWidth + 1) title.style.removeProperty('overflow-wrap');
      }
    },
  );
}
