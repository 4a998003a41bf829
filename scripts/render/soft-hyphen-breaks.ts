// Paged.js 0.4.3 loses letters when a page ends on a soft hyphen: Chromium
// reports the first letter of the next line (in the next, hidden column) at
// the end of the current one, so Paged.js cuts the page one letter into the
// word ("rem-" / "p" hidden / "lit"). The letter and Paged.js's added hyphen
// then run off the page and are lost. And a reader should not turn the page in
// the middle of a word: the cut moves back to the start of the word, which
// starts the next page whole ("remplit").

/** Runs in the page after the polyfill is loaded: registers the fix as a Paged.js handler. */
export function registerSoftHyphenBreaks(): void {
  // @ts-expect-error Paged is defined by the polyfill.
  const { Handler, registerHandlers } = window.Paged;
  const SOFT_HYPHEN = '\u00AD';
  const letter = /[\p{L}\p{M}]/u;
  // Longest word moved whole to the next page: a long word in any language fits a line.
  const MAX_WORD_MOVED = 40;
  registerHandlers(
    class SoftHyphenBreaks extends Handler {
      onOverflow(overflow: Range | undefined) {
        const node = overflow?.startContainer;
        if (!overflow || node?.nodeType !== Node.TEXT_NODE) return overflow;
        const text = node.textContent ?? '';
        const offset = overflow.startOffset;
        // A long run with no soft hyphen (a 5,000-letter word, a long URL) has the same
        // off-by-one: cut two characters earlier, leaving room for Paged.js's hyphen.
        const unbroken = /[^\s\u00AD]{31}$/.test(text.slice(Math.max(0, offset - 31), offset)) && /^[^\s\u00AD]/.test(text.slice(offset));
        if (unbroken) {
          overflow.setStart(node, offset - 2);
          return overflow;
        }
        // Only a cut inside a word that has soft hyphens: no word is hyphenated across a
        // page turn, so the whole word starts the next page.
        const inWord = (ch: string | undefined) => ch !== undefined && (ch === SOFT_HYPHEN || letter.test(ch));
        if (!inWord(text[offset - 1]) || !inWord(text[offset])) return overflow;
        let start = offset;
        while (start > 0 && inWord(text[start - 1])) start--;
        let end = offset;
        while (end < text.length && inWord(text[end])) end++;
        const word = text.slice(start, end);
        if (!word.includes(SOFT_HYPHEN)) return overflow;
        // A word of a line or less starts the next page whole. A longer run (a 5,000-letter
        // "word") could never fit a page: cut it at its last soft hyphen before the page's end.
        if (word.replaceAll(SOFT_HYPHEN, '').length <= MAX_WORD_MOVED) {
          overflow.setStart(node, start);
        } else {
          const hyphen = text.lastIndexOf(SOFT_HYPHEN, offset - 1);
          if (hyphen >= start) overflow.setStart(node, hyphen + 1);
        }
        return overflow;
      }
    },
  );
}
