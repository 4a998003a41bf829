// What the build says of a translation: whether it follows the original's
// edition, where its structure parts from the original's, what is still to
// translate. Warnings only: a translation that lags behind still builds.
import type { VFileMessage } from 'vfile-message';
import type { FrontMatter } from '../config.ts';
import { problem } from '../errors.ts';
import type { SplitSource } from '../markdown/frontmatter.ts';
import type { TranslationSources } from '../sources.ts';
import { translationMarker } from './scaffold.ts';
import { compareStructure, untranslatedPassages, type TextStructure } from './structure.ts';

/** The keys whose words print in the original's language when a translation does not set them. */
const WORDS_KEYS = ['subtitle', 'back'] as const;

/**
 * Every warning of a translation whose front matter is valid; the one error is a translation of an edition that does not exist yet.
 * `structures`: each text's, when the build has read them from the trees it composed; a text without one is parsed here.
 */
export function translationWarnings(translation: TranslationSources, split: SplitSource, original: FrontMatter, structures: { original?: TextStructure; translation?: TextStructure } = {}): VFileMessage[] {
  const file = translation.indexPath;
  const originalFile = translation.original.indexPath;
  const problems: VFileMessage[] = [];
  const { edition, line } = split.translates!;
  const behind = editionBehind(edition, original.edition);
  if (behind === 'ahead') {
    problems.push(problem(`translates: ${edition}, but ${originalFile} is at edition ${original.edition}: there is no such edition of the original yet`, { file, line, fix: `write translates: ${original.edition}, the edition in ${originalFile}` }));
  } else if (behind) {
    problems.push(
      problem(`this translation follows edition ${edition} of the original; ${originalFile} is now at edition ${original.edition}`, {
        file,
        line,
        fix: `bring the translation in step with edition ${original.edition} (the changes are in ${originalFile}), then write translates: ${original.edition}`,
      }, { warning: true }),
    );
  }
  // Where the text parts from the original's: sections, images, tables, code, link addresses.
  problems.push(...compareStructure({ source: translation.original.source, file: originalFile, structure: structures.original }, { source: translation.source, file, structure: structures.translation }));
  const marked = untranslatedPassages(translation.source, structures.translation);
  if (marked.length > 0) {
    const mark = translationMarker(split.config!.lang).trim();
    problems.push(
      problem(`${marked.length === 1 ? 'one passage is' : `${marked.length} passages are`} still to translate (marked ${mark}), the first at line ${marked[0]}`, {
        file,
        line: marked[0],
        fix: `translate each passage marked ${mark}, then remove the mark`,
      }, { warning: true }),
    );
  }
  const untranslated = WORDS_KEYS.filter((key) => original[key] !== undefined && split.data?.[key] === undefined);
  if (untranslated.length > 0) {
    const keys = untranslated.map((key) => `${key}:`).join(' and ');
    problems.push(problem(`${keys} ${untranslated.length > 1 ? 'are' : 'is'} the original's: ${untranslated.length > 1 ? 'they print' : 'it prints'} in ${original.lang} in this ${split.config!.lang} edition`, { file, line: 1, fix: `translate ${keys} in this file's front matter` }, { warning: true }));
  }
  return problems;
}

/** 'ahead' when the translation names a later edition than the original's, true when an earlier one, false when the same. */
export function editionBehind(translates: number | string, current: number | string): boolean | 'ahead' {
  if (typeof translates === 'number' && typeof current === 'number') return translates > current ? 'ahead' : translates < current;
  return String(translates) !== String(current);
}
