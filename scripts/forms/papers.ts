// An imposed form prints once per paper of `paper:` (`[A4, Letter]`): one file
// each, and one section of printing instructions each. With one paper the file
// keeps the form's plain name; among several, each is named by its paper.
import type { PaperSize } from '../trims.ts';

/** A form's file stem on one paper: `<zine>-booklet` when the zine has one paper, `<zine>-booklet-letter` among several. */
export function paperStem(stem: string, paper: PaperSize, papers: readonly PaperSize[]): string {
  return papers.length > 1 ? `${stem}-${paper.toLowerCase()}` : stem;
}

/** The file a section of printing instructions names: none with one paper (the text stays as it was), the file among several. */
export function sectionFile(name: string, papers: readonly PaperSize[]): string | undefined {
  return papers.length > 1 ? name : undefined;
}

/** The sections of several papers, as one text: a blank line between them, as between forms. */
export function joinSections(sections: readonly string[]): string {
  return sections.join('\n');
}
